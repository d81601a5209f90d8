import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))
const HEADER = `# Benchmarks

Figures from \`npm run bench:*\`, each section rewritten by its benchmark. Machines here are noisy: compare the
ratios measured within one run, not absolute times across runs. Start-up, terminal and engine measure twice in one
run: on a quiet machine (after waiting, up to three minutes, for a 1-minute load average under 1; the load it had is
in the column's heading) and beside two busy loops (\`while :; do :; done\`, killed after).
`

/** Replaces (or appends) one benchmark's section of docs/benchmarks.md, leaving the others. */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  let doc = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER
  const block = `${begin}\n${markdown.trim()}\n${end}`
  const i = doc.indexOf(begin)
  const j = doc.indexOf(end)
  doc = i !== -1 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`
  writeFileSync(FILE, doc)
}

/**
 * The nearest-rank percentile: the smallest value that at least p % of the values do not exceed. Of 20 values the p95
 * is the 19th; of 10 or fewer it is the largest, which is why a benchmark that reports a p95 takes 20 or more.
 */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN
}

export type Condition = 'quiet' | 'busy'

export interface Conditions {
  /** The 1-minute load average when the quiet pass began (after waiting for a quiet moment, if one came). */
  quietLoad: number
  /** The same, at the end of the pass beside two busy loops. */
  busyLoad: number
}

/** Waits (up to `maxMs`) for the 1-minute load average to fall under 1: the machine is shared with others' tests. */
export async function quietMoment(maxMs = Number(process.env.BENCH_QUIET_WAIT_MS ?? 180_000)): Promise<number> {
  const until = Date.now() + maxMs
  while (loadavg()[0]! >= 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 5000))
  return loadavg()[0]!
}

/** Two shell loops that keep both cores busy (`while :; do :; done`), until the returned function stops them. */
export function busyLoops(n = 2): () => void {
  const loops = Array.from({ length: n }, () => spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }))
  return () => {
    for (const loop of loops) loop.kill('SIGKILL')
  }
}

/**
 * Runs `measure` twice in one process: once on a quiet machine (waiting for one first), once beside two busy loops,
 * which are killed afterwards. Benchmarks show both figures side by side.
 */
export async function quietAndBusy<T>(
  measure: (condition: Condition) => Promise<T>,
): Promise<{ quiet: T; busy: T; conditions: Conditions }> {
  const quietLoad = await quietMoment()
  const quiet = await measure('quiet')
  const stop = busyLoops()
  try {
    // Let the loops reach full speed (and the load average follow) before measuring.
    await new Promise((r) => setTimeout(r, 2000))
    const busy = await measure('busy')
    return { quiet, busy, conditions: { quietLoad, busyLoad: loadavg()[0]! } }
  } finally {
    stop()
  }
}

export interface TwoWayRow {
  measure: string
  quiet: string
  busy: string
  /** The goal, as written in the table, and whether each figure meets it. */
  target?: { text: string; quiet: boolean; busy: boolean }
}

export interface Goal {
  text: string
  ok: (value: number) => boolean
  /** The figure as it is to be shown beside its mark (see `limitGoal`). */
  shown?: (value: number) => number
}

export type LimitOp = '≥' | '>' | '≤' | '<'

/** `value` to `places` decimals, cut down or up rather than rounded. */
export function cutTo(value: number, places: number, direction: 'down' | 'up'): number {
  const f = 10 ** places
  // The small margin keeps a figure that is exactly at a step (0.29 * 100 = 28.999…) on it.
  return direction === 'down' ? Math.floor(value * f + 1e-9) / f : Math.ceil(value * f - 1e-9) / f
}

/**
 * A goal that is a limit, and the places its figure is shown to. The figure is cut (down for ≥ and <, up for ≤ and >)
 * so that the figure shown meets the goal exactly when the one measured does: rounded, a ratio of 0.948 showed 0.95
 * beside a ✗ for ≥ 0.95, and a frame of 16.72 ms showed 16.7 beside a ✗ for ≤ 16.7.
 */
export function limitGoal(op: LimitOp, limit: number, places: number, text = `${op} ${limit}`): Goal {
  const ok = (v: number): boolean =>
    op === '≥' ? v >= limit : op === '>' ? v > limit : op === '≤' ? v <= limit : v < limit
  return { text, ok, shown: (v) => cutTo(v, places, op === '≥' || op === '<' ? 'down' : 'up') }
}

/**
 * Rows of a two-way table from the figures of both passes: `pick` reads one figure from a pass's, `format` writes it,
 * and `goal`, if given, judges each.
 */
export function rowsOf<F>(
  quiet: F,
  busy: F,
): (measure: string, pick: (f: F) => number, format: (v: number) => string, goal?: Goal) => TwoWayRow {
  return (measure, pick, format, goal) => ({
    measure,
    quiet: format(goal?.shown ? goal.shown(pick(quiet)) : pick(quiet)),
    busy: format(goal?.shown ? goal.shown(pick(busy)) : pick(busy)),
    ...(goal ? { target: { text: goal.text, quiet: goal.ok(pick(quiet)), busy: goal.ok(pick(busy)) } } : {}),
  })
}

/** A table of figures measured quiet and beside two busy loops, each marked against its goal. */
export function twoWayTable(rows: TwoWayRow[], conditions: Conditions): string {
  const mark = (value: string, ok: boolean | undefined): string =>
    ok === undefined ? value : `${value} ${ok ? '✓' : '✗'}`
  return [
    `| measure | quiet (load ${conditions.quietLoad.toFixed(2)}) | beside two busy loops (load ${conditions.busyLoad.toFixed(2)}) | goal |`,
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.measure} | ${mark(r.quiet, r.target?.quiet)} | ${mark(r.busy, r.target?.busy)} | ${r.target?.text ?? ''} |`,
    ),
  ].join('\n')
}
