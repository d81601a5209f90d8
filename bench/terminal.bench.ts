/**
 * npm run bench:terminal — in one run, quiet and again beside two busy loops:
 *  1. raw node-pty read throughput for 100 MiB, end-to-end throughput through the terminal service into a real xterm
 *     that acknowledges from its write callback (headless xterm in a worker thread), and that xterm's own parsing
 *     ceiling, interleaved; then the app's own renderer in Chromium (serve mode, over the WebSocket bridge);
 *  2. keypress-to-echo latency while another terminal floods, in main and in the app's page;
 *  3. memory growth while 1 GiB streams: the terminal service in this process, and the real `serve` backend's
 *     process feeding a WebSocket client.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node-pty'
import { Worker } from 'node:worker_threads'
import WebSocket from 'ws'
import { test } from 'vitest'
import { FlowControl } from '@shared/flow-control'
import { shellQuote } from '@shared/docker/shell'
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@shared/transport'
import { decodeBinaryEvent } from '@shared/ws-binary-event'
import { TerminalHarness } from '../tests/support/terminal-harness'
import { readyTerminalIds, readyTerminals, webglRendererName, withAppPage } from '../tests/support/app-page'
import { withBarePage, type BarePage } from './bare-page'
import { startServe } from '../tests/support/serve-process'
import type { RendererSetting } from '../src/renderer/src/terminal/renderer-choice'
import { limitGoal, percentile, quietAndBusy, rowsOf, twoWayTable, writeSection, type TwoWayRow } from './report'

const MiB = 1024 * 1024
/** The flood every throughput figure streams: `bytes` x's made by two processes and a pipe, then a newline. */
const flood = (bytes: number): string => `head -c ${bytes} /dev/zero | tr '\\0' x; echo`

/**
 * The same bytes from one process reading a file: the producer's own work (a second process, a pipe, a translation
 * of every byte) is none of the terminal's, and on 2 cores it takes CPU from xterm. The file is written here, before
 * any clock starts; `remove` deletes it.
 */
function fileFlood(bytes: number): { command: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-flood-'))
  const remove = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const path = join(dir, 'x')
    const fd = openSync(path, 'w')
    try {
      const block = Buffer.alloc(4 * MiB, 'x')
      for (let left = bytes; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length))
      // On disk before any clock starts: its write-back is not to land in a measured run.
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return { command: `cat ${shellQuote(path)}; echo`, remove }
  } catch (error) {
    remove()
    throw error
  }
}

/** A headless xterm in its own thread, resolved once it has loaded and parsed a first (empty) write. */
function startConsumer(ackSize: number): Promise<Worker> {
  const consumer = new Worker(new URL('./xterm-consumer.mjs', import.meta.url), { workerData: { ackSize } })
  return new Promise((resolve, reject) => {
    const ready = (m: { flushed?: boolean }): void => {
      if (!m.flushed) return
      consumer.off('message', ready)
      consumer.off('error', reject)
      resolve(consumer)
    }
    consumer.on('message', ready).on('error', reject)
    consumer.postMessage('flush')
  })
}

function rawThroughput(bytes: number): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now()
    let got = 0
    const p = spawn('bash', ['-c', flood(bytes)], { cols: 120, rows: 30, encoding: null } as never)
    p.onData((d: string | Buffer) => (got += d.length))
    p.onExit(() => resolve(got / MiB / ((performance.now() - start) / 1000)))
  })
}

async function endToEnd(bytes: number, command = flood(bytes)): Promise<{ mibps: number; maxUnacked: number }> {
  const h = new TerminalHarness()
  h.autoAck = false
  // The harness's record of all output is the test's, not the app's: 100 MiB held in this thread would cost it GC.
  h.keepOutput = false
  const id = await h.ready()
  // Loaded before the clock starts, as the ceiling's is: a renderer's xterm exists before a command runs.
  const consumer = await startConsumer(FlowControl.CharCountAckSize)
  let flushed: (() => void) | undefined
  consumer.on('message', (m: { ack?: number; flushed?: boolean }) => {
    if (m.ack) h.service.acknowledge(id, h.clientId, m.ack)
    if (m.flushed) flushed?.()
  })
  h.onData((terminalId, data) => {
    if (terminalId === id) consumer.postMessage(data)
  })
  const start = performance.now()
  await h.runAndWait(id, command, 300_000)
  await new Promise<void>((r) => {
    flushed = r
    consumer.postMessage('flush')
  })
  const seconds = (performance.now() - start) / 1000
  const maxUnacked = h.service.get(id).flow.maxUnacked
  h.dispose()
  await consumer.terminate()
  return { mibps: bytes / MiB / seconds, maxUnacked }
}

/**
 * The consumer alone: how fast headless xterm parses the same output fed straight in, in the same batch sizes, with
 * its queue kept as full as flow control lets any consumer's be (at most the high watermark and one batch in flight,
 * the bound the pipeline is held to): never waiting for the next batch, never handed more than the pipeline may hand.
 */
async function xtermCeiling(bytes: number): Promise<number> {
  // Loaded before the clock starts: the time to load xterm is not parsing.
  const consumer = await startConsumer(FlowControl.BatchMaxChars)
  return new Promise((resolve) => {
    const chunk = 'x'.repeat(FlowControl.BatchMaxChars)
    const total = Math.ceil(bytes / chunk.length)
    const depth = Math.floor((FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars) / chunk.length)
    let sent = 0
    let acked = 0
    const start = performance.now()
    const send = (): void => {
      if (sent < total) {
        sent++
        consumer.postMessage(chunk)
      }
    }
    consumer.on('message', (m: { ack?: number }) => {
      acked += m.ack ?? 0
      if (acked >= total * chunk.length) {
        resolve(bytes / MiB / ((performance.now() - start) / 1000))
        void consumer.terminate()
      } else send()
    })
    for (let i = 0; i < depth; i++) send()
  })
}

/**
 * The same ceiling while a PTY flood is read beside it, raw (bytes counted and dropped, as fast as the PTY gives
 * them): what xterm can parse on this machine while a terminal's output is being produced and read at all, which end to
 * end cannot avoid. Not a goal; end to end above it says the pipeline's own work costs xterm less than that reading.
 */
async function xtermCeilingBesideRead(bytes: number): Promise<number> {
  let reading = true
  const reader = (async () => {
    while (reading) await rawThroughput(bytes)
  })()
  // The reader's flood under way before the clock starts.
  await new Promise((r) => setTimeout(r, 200))
  const rate = await xtermCeiling(bytes)
  reading = false
  await reader
  return rate
}

/** In the page: runs `command` in the terminal and resolves with the ms until xterm has parsed its last byte. */
async function timedRun({ terminalId, command, runId }: { terminalId: string; command: string; runId: string }) {
  const api = window.__whalebook
  const probe = window.__whalebookTerminals
  if (!api || !probe) throw new Error('the page has no API or terminal probe')
  // This run's end, by its id: a later update of the run before (its effects) must not end this one's timing.
  const finished = new Promise<void>((resolve) => {
    const off = api.on('runs.updated', (p) => {
      if (p.runId !== runId || p.state === 'running') return
      off()
      resolve()
    })
  })
  const t0 = performance.now()
  const reply = await api.invoke('terminal.run', { terminalId, command, runId })
  if ('error' in reply) throw new Error(reply.error.message)
  await finished
  await probe.flushed(terminalId)
  return performance.now() - t0
}

interface PageFigures {
  /** The flood from `head | tr`, best of the runs. */
  mibps: number
  /** The same bytes from one `cat` of a file, best of the runs (NaN when not asked for). */
  fileMibps: number
  kind: string
  gl: string
}

/** In the page: the renderer its first terminal draws with. */
function rendererKind(): string {
  return document.querySelector('[data-terminal-id]')?.getAttribute('data-renderer') ?? '?'
}

/**
 * The real thing: the built `serve` backend and the app's renderer in Debian's Chromium, its xterm (WebGL, or the
 * DOM renderer where there is none) acknowledging over the WebSocket bridge. Timed from `terminal.run` until the
 * command has finished and xterm has parsed the last byte. `bare`: a Chromium spoken to over a bare DevTools
 * connection (bare-page.ts), as no DevTools client watches a user's window; `playwright`: the same page driven by
 * Playwright, whose DevTools Network domain copies every WebSocket frame to the test's process.
 */
async function chromiumEndToEnd(
  bytes: number,
  runs: number,
  renderer: RendererSetting,
  { driver = 'bare', fromFile }: { driver?: 'bare' | 'playwright'; fromFile?: string } = {},
): Promise<PageFigures> {
  const measure = async (evaluate: BarePage['evaluate']): Promise<PageFigures> => {
    let id = ''
    for (const deadline = Date.now() + 30_000; !id; await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() > deadline) throw new Error('the page shows no ready terminal')
      ;[id = ''] = await evaluate(readyTerminalIds, null).catch(() => [])
    }
    const rate = async (command: string, runId: string): Promise<number> =>
      bytes / MiB / ((await evaluate(timedRun, { terminalId: id, command, runId })) / 1000)
    const rates: number[] = []
    const fileRates: number[] = []
    // Not timed: the page's xterm, its scrollback full and its code compiled, as for every timed run after it.
    await rate(flood(Math.min(bytes, 32 * MiB)), `bench-${renderer}-warm-up`)
    // Interleaved, when both, in turn first: each producer's best is from the same stretch of the run.
    for (let i = 0; i < runs; i++) {
      const head = async (): Promise<void> => void rates.push(await rate(flood(bytes), `bench-${renderer}-${i}`))
      const file = async (): Promise<void> => {
        if (fromFile) fileRates.push(await rate(fromFile, `bench-${renderer}-file-${i}`))
      }
      for (const run of i % 2 ? [file, head] : [head, file]) await run()
    }
    const kind = await evaluate(rendererKind, null)
    const gl = await evaluate(webglRendererName, null)
    return {
      mibps: Math.max(...rates),
      fileMibps: fileRates.length ? Math.max(...fileRates) : NaN,
      kind,
      gl: gl || 'no WebGL2',
    }
  }
  const settings = { 'whalebook.settings': JSON.stringify({ terminalRenderer: renderer }) }
  if (driver === 'bare') return withBarePage((page) => measure(page.evaluate), settings)
  const init = {
    script: (items: string) => {
      for (const [k, v] of Object.entries(JSON.parse(items) as Record<string, string>)) localStorage.setItem(k, v)
    },
    arg: JSON.stringify(settings),
  }
  return withAppPage(
    (page) => measure(((fn: () => unknown, arg: unknown) => page.evaluate(fn, arg)) as BarePage['evaluate']),
    init,
  )
}

/**
 * Keypress to echo in the app's renderer in Chromium while another tab floods: a key typed through xterm's input
 * (the path of a real keypress) until xterm has parsed its echo, with the flooding tab's xterm parsing in the same
 * page all the while.
 */
async function chromiumEchoLatency(samples: number): Promise<{ latencies: number[]; floodMibps: number }> {
  return withAppPage(async (page) => {
    const [flooder] = await readyTerminals(page, 1)
    await page.getByTestId('terminal-new').click()
    const typist = (await readyTerminals(page, 2)).find((id) => id !== flooder)
    if (!flooder || !typist) throw new Error('the page did not open two terminals')
    return await page.evaluate(
      async ({ flooder, typist, samples }) => {
        const api = window.__whalebook
        const probe = window.__whalebookTerminals
        if (!api || !probe) throw new Error('the page has no API or terminal probe')
        let flooded = 0
        const off = api.on('terminal.data', (p) => {
          if (p.terminalId === flooder) flooded += p.chars
        })
        await api.invoke('terminal.run', { terminalId: flooder, command: 'yes' })
        await new Promise((r) => setTimeout(r, 500))
        const t0 = performance.now()
        const from = flooded
        const latencies: number[] = []
        for (let i = 0; i < samples; i++) {
          const key = 'QZJXKV'[i % 6] ?? 'Q'
          const start = performance.now()
          probe.type(typist, key)
          await probe.echoed(typist, key)
          latencies.push(performance.now() - start)
          probe.type(typist, '\x7f')
          await new Promise((r) => setTimeout(r, 20))
        }
        const floodMibps = (flooded - from) / 1024 / 1024 / ((performance.now() - t0) / 1000)
        off()
        await api.invoke('terminal.write', { terminalId: flooder, data: '\x03' })
        return { latencies, floodMibps }
      },
      { flooder, typist, samples },
    )
  })
}

async function echoLatency(samples: number): Promise<number[]> {
  const h = new TerminalHarness()
  const flooder = await h.ready()
  const typist = await h.ready()
  h.service.run(flooder, 'yes', {})
  await h.until('flood', () => h.service.get(flooder).busy)
  const latencies: number[] = []
  for (let i = 0; i < samples; i++) {
    const marker = String.fromCharCode(97 + (i % 26))
    const echoed = new Promise<number>((resolve) => {
      const off = h.onData((terminalId, data) => {
        if (terminalId === typist && data.includes(marker)) {
          off()
          resolve(performance.now())
        }
      })
    })
    const t0 = performance.now()
    h.service.write(typist, marker)
    latencies.push((await echoed) - t0)
    // Erase it again so the prompt line does not grow.
    h.service.write(typist, '\x7f')
    await new Promise((r) => setTimeout(r, 5))
  }
  h.service.write(flooder, '\x03')
  h.dispose()
  return latencies
}

/**
 * The terminal service's own memory while `bytes` stream through it, in this process: the consumer acknowledges each
 * message and keeps nothing (the harness's recording is off, so that only the service's memory is counted).
 */
async function rssGrowth(bytes: number): Promise<{ growthMiB: number; mibps: number }> {
  const h = new TerminalHarness()
  h.keepOutput = false
  const id = await h.ready()
  // A first stream, not counted (see serveRssGrowth).
  await h.runAndWait(id, flood(32 * MiB), 300_000)
  global.gc?.()
  const base = process.memoryUsage().rss
  let peak = base
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const start = performance.now()
  await h.runAndWait(id, flood(bytes), 600_000)
  const seconds = (performance.now() - start) / 1000
  clearInterval(timer)
  h.dispose()
  return { growthMiB: (peak - base) / MiB, mibps: bytes / MiB / seconds }
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1] ?? 0) * 1024
}

/**
 * The real main process: a built `serve` backend streaming `bytes` from a terminal to a WebSocket client that
 * acknowledges every message as the page does (the WebSocket bridge, its JSON framing and send buffers included).
 */
async function serveRssGrowth(bytes: number): Promise<{ growthMiB: number; mibps: number }> {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/api`, [
    WS_PROTOCOL,
    `${WS_TOKEN_PROTOCOL_PREFIX}${app.token}`,
  ])
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    let nextId = 1
    const pending = new Map<number, (result: unknown) => void>()
    const listeners = new Set<(event: string, payload: Record<string, unknown>) => void>()
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      // A terminal's output comes in binary frames (ws-binary-event.ts).
      const frame = (isBinary ? decodeBinaryEvent(new Uint8Array(raw)) : JSON.parse(raw.toString())) as {
        id?: number
        envelope?: { result?: unknown }
        event?: string
        payload?: Record<string, unknown>
      }
      if (frame.id !== undefined) pending.get(frame.id)?.(frame.envelope?.result)
      else for (const l of listeners) l(frame.event ?? '', frame.payload ?? {})
    })
    const call = <T>(method: string, params: unknown): Promise<T> =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve as (r: unknown) => void)
        ws.send(JSON.stringify({ id, method, params }))
      })
    // The shell may report its first prompt before `terminal.create` has answered: listen from before.
    const active = new Set<string>()
    let terminalId = ''
    /** The run being waited for (the benchmark names it), and what its end calls. */
    let running: { runId: string; ended: () => void } | undefined
    const runToEnd = async (command: string): Promise<void> => {
      const runId = `bench-${nextId}`
      const ended = new Promise<void>((ended) => (running = { runId, ended }))
      await call('terminal.run', { terminalId, command, runId })
      await ended
    }
    listeners.add((event, payload) => {
      if (event === 'terminal.updated' && payload.integrationActive) active.add(String(payload.terminalId))
      if (payload.terminalId !== terminalId) return
      if (event === 'terminal.data') {
        ws.send(
          JSON.stringify({
            id: nextId++,
            method: 'terminal.ack',
            params: { terminalId, chars: payload.chars },
          }),
        )
      } else if (
        event === 'runs.updated' &&
        payload.state !== 'running' &&
        running &&
        payload.runId === running.runId
      ) {
        running.ended()
        running = undefined
      }
    })
    ;({ terminalId } = await call<{ terminalId: string }>('terminal.create', { cols: 120, rows: 30 }))
    await call('terminal.attach', { terminalId })
    while (!active.has(terminalId)) await new Promise((r) => setTimeout(r, 50))
    // A first stream, not counted: the process's young generation reaches its working size, the code its compiled
    // form, and start-up's deferred work (the search index) is done. What is counted is what streaming itself adds.
    await call('tutorial.search', { query: 'docker' })
    await runToEnd(flood(32 * MiB))
    const base = rssOf(app.pid)
    let peak = base
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(app.pid))), 50)
    const start = performance.now()
    await runToEnd(flood(bytes))
    const seconds = (performance.now() - start) / 1000
    clearInterval(timer)
    return { growthMiB: (peak - base) / MiB, mibps: bytes / MiB / seconds }
  } finally {
    ws.close()
    await app.stop()
  }
}

interface Figures {
  raw: number
  e2e: number
  e2eFromFile: number
  /** The most characters left unacknowledged in any end-to-end run, from either producer. */
  maxUnacked: number
  ceiling: number
  ceilingBesideRead: number
  auto: PageFigures
  forced: PageFigures
  driven: PageFigures
  pageEcho: { latencies: number[]; floodMibps: number }
  echo: number[]
  rss: { growthMiB: number; mibps: number }
  serveRss: { growthMiB: number; mibps: number }
}

async function measure(fromFile: string): Promise<Figures> {
  // Best of five each, interleaved, so that one noisy moment does not decide a ratio.
  const raws: number[] = []
  const e2es: Array<{ mibps: number; maxUnacked: number }> = []
  const ceilings: number[] = []
  const ceilingsBesideRead: number[] = []
  const e2esFromFile: Array<{ mibps: number; maxUnacked: number }> = []
  for (let round = 0; round < 5; round++) {
    raws.push(await rawThroughput(100 * MiB))
    // In turn first, so that neither producer always follows the other.
    const head = async (): Promise<void> => void e2es.push(await endToEnd(100 * MiB))
    const file = async (): Promise<void> => void e2esFromFile.push(await endToEnd(100 * MiB, fromFile))
    for (const run of round % 2 ? [file, head] : [head, file]) await run()
    ceilings.push(await xtermCeiling(100 * MiB))
    ceilingsBesideRead.push(await xtermCeilingBesideRead(100 * MiB))
  }
  const auto = await chromiumEndToEnd(100 * MiB, 3, 'auto', { fromFile })
  const forced = await chromiumEndToEnd(32 * MiB, 1, auto.kind === 'webgl' ? 'dom' : 'webgl')
  const driven = await chromiumEndToEnd(100 * MiB, 1, 'auto', { driver: 'playwright' })
  return {
    raw: Math.max(...raws),
    e2e: Math.max(...e2es.map((r) => r.mibps)),
    e2eFromFile: Math.max(...e2esFromFile.map((r) => r.mibps)),
    maxUnacked: Math.max(...[...e2es, ...e2esFromFile].map((r) => r.maxUnacked)),
    ceiling: Math.max(...ceilings),
    ceilingBesideRead: Math.max(...ceilingsBesideRead),
    auto,
    forced,
    driven,
    pageEcho: await chromiumEchoLatency(200),
    echo: await echoLatency(200),
    rss: await rssGrowth(1024 * MiB),
    serveRss: await serveRssGrowth(1024 * MiB),
  }
}

test('terminal benchmark', async () => {
  const file = fileFlood(100 * MiB)
  const { quiet: q, busy: b, conditions } = await quietAndBusy(() => measure(file.command)).finally(file.remove)
  const mibps = (v: number): string => `${v.toFixed(1)} MiB/s`
  const ms = (v: number): string => `${v.toFixed(1)} ms`
  const ratio = (v: number): string => v.toFixed(2)
  const row = rowsOf(q, b)
  const maxUnacked = FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars
  const rows: TwoWayRow[] = [
    row('raw node-pty read, 100 MiB', (f) => f.raw, mibps),
    row('headless xterm parsing alone, fed 64 KiB batches (the consumer’s ceiling)', (f) => f.ceiling, mibps),
    row('end to end into headless xterm, 100 MiB', (f) => f.e2e, mibps),
    row('end to end / ceiling', (f) => f.e2e / f.ceiling, ratio, limitGoal('≥', 0.95, 2)),
    // Not a goal: end to end cannot pass xterm's own ceiling, and on this machine the ceiling is about half of raw.
    row('end to end / raw', (f) => f.e2e / f.raw, ratio),
    row('the ceiling / raw (the most end to end / raw can be)', (f) => f.ceiling / f.raw, ratio),
    row(
      'headless xterm parsing alone beside a raw PTY read (a harsher neighbour than end to end’s own reading)',
      (f) => f.ceilingBesideRead,
      mibps,
    ),
    row('end to end / that', (f) => f.e2e / f.ceilingBesideRead, ratio),
    row('end to end, the same bytes from one `cat` of a file', (f) => f.e2eFromFile, mibps),
    row('that / ceiling', (f) => f.e2eFromFile / f.ceiling, ratio),
    row(`the app’s page in Chromium, renderer “auto” (${q.auto.kind}), 100 MiB`, (f) => f.auto.mibps, mibps),
    row('the app’s page / ceiling', (f) => f.auto.mibps / f.ceiling, ratio, limitGoal('≥', 0.5, 2)),
    row('the app’s page, the same bytes from one `cat` of a file', (f) => f.auto.fileMibps, mibps),
    row('that / ceiling', (f) => f.auto.fileMibps / f.ceiling, ratio),
    row(`the app’s page, ${q.forced.kind} chosen by hand, 32 MiB`, (f) => f.forced.mibps, mibps),
    row(
      'the app’s page driven by Playwright (every WebSocket frame copied to DevTools), 100 MiB',
      (f) => f.driven.mibps,
      mibps,
    ),
    row('max unacknowledged characters', (f) => f.maxUnacked, String, {
      text: `≤ ${maxUnacked}`,
      ok: (v) => v <= maxUnacked,
    }),
    row('keypress → echo in main while another terminal floods, p50', (f) => percentile(f.echo, 50), ms),
    row(
      'keypress → echo in main while another terminal floods, p95',
      (f) => percentile(f.echo, 95),
      ms,
      limitGoal('<', 50, 1, '< 50 ms'),
    ),
    row('keypress → echo in the page while a hidden tab floods, p50', (f) => percentile(f.pageEcho.latencies, 50), ms),
    row(
      'keypress → echo in the page while a hidden tab floods, p95',
      (f) => percentile(f.pageEcho.latencies, 95),
      ms,
      limitGoal('<', 25, 1, '< 25 ms'),
    ),
    row('the hidden tab’s flood meanwhile', (f) => f.pageEcho.floodMibps, mibps),
    row(
      'RSS growth, terminal service in-process, 1 GiB streamed',
      (f) => f.rss.growthMiB,
      (v) => `${v.toFixed(1)} MiB`,
      limitGoal('<', 50, 1, '< 50 MiB'),
    ),
    row(
      'RSS growth, the `serve` backend process, 1 GiB streamed to a WebSocket client',
      (f) => f.serveRss.growthMiB,
      (v) => `${v.toFixed(1)} MiB`,
      limitGoal('<', 50, 1, '< 50 MiB'),
    ),
    row('throughput while streaming 1 GiB through `serve`', (f) => f.serveRss.mibps, mibps),
  ]
  const table = twoWayTable(rows, conditions)
  console.log(`\n${table}\n`)
  writeSection(
    'terminal',
    `## Terminal (\`npm run bench:terminal\`)

Run ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, with real bash in
node-pty, once on a quiet machine and once beside two busy loops, in one run. "End to end" is the whole service
pipeline (UTF-8 stream decoding, mark lifting, batching, flow control) into \`@xterm/headless\` in a worker thread (the
renderer's stand-in: in the app it is another process), acknowledging from its write callback as the renderer does.
The ceiling is that xterm fed 64 KiB batches straight, its queue kept as full as flow control lets it be (at most
the high watermark and one batch in flight, as the pipeline's). Both xterms have loaded before their clocks start.
The flood is \`head -c N /dev/zero | tr '\\0' x\`: two processes and a pipe that each touch every byte, on the same
2 cores as xterm. The rows "from one \`cat\` of a file" stream the same bytes from a file (written before any clock
starts) read by one process, the cheapest producer there is, timed in turn with the others: what the producer's own
work costs the figures. The same ceiling is measured again while another PTY flood is read raw beside it (counted and
dropped): on 2 cores, reading a terminal's output at all (the reading
thread, the producer, the kernel's terminal work) takes CPU from xterm, and end to end cannot avoid it. That reader
reads as fast as the PTY gives, faster than end to end's own reading (which flow control holds to xterm's pace), so it
takes more from xterm: end to end above that figure says its whole pipeline costs xterm less than a bare read of the
same output does. That row and its ratio are not goals. Raw, both end to end figures and both ceilings are each the
best of five runs, interleaved (the two end to end producers in turn first), so that each ratio compares figures
measured side by side. A figure with a goal is cut, not rounded, so that the figure shown meets the goal exactly when the one measured
does (bench/report.ts).

"The app's page" is the real thing: the built \`serve\` backend and the app's own page in Debian's Chromium, over the
WebSocket bridge, timed from \`terminal.run\` until xterm has parsed the last byte, in a Chromium spoken to over a bare
DevTools connection that asks for nothing but the page's own figures (bench/bare-page.ts). The row "driven by
Playwright" is the same page in the Chromium Playwright drives: Playwright turns on DevTools' Network domain in every
page, and Chromium then copies each WebSocket frame, payload and all, through its browser process to the test's
process, work no user's window does. Its WebGL here is
\`${q.auto.gl}\`, so the renderer setting "auto" draws with ${q.auto.kind === 'dom' ? 'the DOM renderer' : 'WebGL'}; a row
further on is the other renderer chosen by hand. The page's two producers are timed in turn, three runs each, in one
page, after a first flood that is not timed. On these 2 cores the page shares the CPU with the backend, the producer
and Chromium's own browser, network and GPU processes.

Keypress to echo is measured in main, from the write to the PTY until the echo leaves the service, while another
terminal runs \`yes\`; and in the app's page, from a key typed through xterm's input until xterm has parsed its echo,
while a hidden tab runs \`yes\` (a hidden tab's output is handed to xterm one slice per animation frame, and not at all
between a keypress elsewhere and its echo; the MiB/s row is the hidden flood's rate meanwhile).

Memory is the peak RSS above the RSS just before 1 GiB streams: for the terminal service alone in this process (its
consumer acknowledges and keeps nothing), and for a real \`serve\` process streaming to a WebSocket client that
acknowledges every message.

${table}`,
  )
}, 1_800_000)
