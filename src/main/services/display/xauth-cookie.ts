import { closeSync, openSync, readdirSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

/** Runs `xauth` with these arguments (and this input), never through a shell. */
export type RunXauth = (
  args: string[],
  input?: string,
) => Promise<{ exitCode: number | null; stdout: string; notFound: boolean }>

export type CookieResult = { file: string } | { problem: 'no-xauth' | 'no-cookie' }

/** How many cookie files are kept: a container started from an older one keeps it open (its mount holds it). */
const KEPT = 8

/**
 * A cookie file for one run, as osrf/rocker makes it (`xauth nlist $DISPLAY | sed -e 's/^..../ffff/' | xauth -f FILE
 * nmerge -`): this display's cookies with their address family set to "any host" (ffff), since the container's host
 * name is not this machine's. The file is made private (0600) before anything is written to it, in the app's own
 * private folder; older ones beyond the last few are removed.
 */
export async function makeCookie(display: string, dir: string, run: RunXauth): Promise<CookieResult> {
  const listed = await run(['nlist', display])
  if (listed.notFound) return { problem: 'no-xauth' }
  const lines = listed.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]{4}\s/i.test(l))
    .map((l) => `ffff${l.slice(4)}`)
  if (listed.exitCode !== 0 || lines.length === 0) return { problem: 'no-cookie' }
  prune(dir)
  const file = join(dir, `xauth-${Date.now()}-${randomBytes(4).toString('hex')}`)
  closeSync(openSync(file, 'wx', 0o600))
  const merged = await run(['-f', file, 'nmerge', '-'], `${lines.join('\n')}\n`)
  if (merged.exitCode !== 0) {
    rmSync(file, { force: true })
    return { problem: merged.notFound ? 'no-xauth' : 'no-cookie' }
  }
  return { file }
}

function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => /^xauth-\d+-[0-9a-f]+$/.test(f))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
  for (const { f } of files.slice(KEPT - 1)) rmSync(join(dir, f), { force: true })
}
