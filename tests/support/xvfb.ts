/**
 * A real X server of the tests' own: Xvfb on a free display number, with a cookie (-auth) so that, as on a desktop, a
 * client without the cookie is refused. Stopped (and its files removed) by `stop`.
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor, waitForExit } from './wait'

export interface Xvfb {
  /** `:N` */
  display: string
  /** The Xauthority file that holds the server's cookie (what XAUTHORITY names on a desktop). */
  authFile: string
  env: NodeJS.ProcessEnv
  /** `xwininfo -root -tree` on it: every window, with its name and class. */
  windows: () => string
  stop: () => Promise<void>
}

export async function startXvfb(): Promise<Xvfb> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-xvfb-'))
  const authFile = join(dir, 'Xauthority')
  // Other test runs on this machine may hold a display: try free-looking numbers until one starts.
  for (let attempt = 0; attempt < 20; attempt++) {
    const n = 100 + ((randomBytes(2).readUInt16BE(0) + attempt) % 800)
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue
    const display = `:${n}`
    rmSync(authFile, { force: true })
    execFileSync('xauth', ['-f', authFile, 'add', display, 'MIT-MAGIC-COOKIE-1', randomBytes(16).toString('hex')], {
      stdio: 'ignore',
    })
    const child = spawn('Xvfb', [display, '-auth', authFile, '-nolisten', 'tcp', '-screen', '0', '800x600x24'], {
      stdio: 'ignore',
    })
    const env = { ...process.env, DISPLAY: display, XAUTHORITY: authFile }
    const up = await waitFor(
      `Xvfb on ${display}`,
      () => child.exitCode !== null || existsSync(`/tmp/.X11-unix/X${n}`),
      10_000,
    ).catch(() => false)
    if (!up || child.exitCode !== null) {
      child.kill('SIGKILL')
      continue
    }
    return {
      display,
      authFile,
      env,
      windows: () => execFileSync('xwininfo', ['-root', '-tree'], { env, encoding: 'utf8' }),
      stop: async () => {
        child.kill('SIGTERM')
        if (!(await waitForExit(child, 5000))) child.kill('SIGKILL')
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  rmSync(dir, { recursive: true, force: true })
  throw new Error('no free X display for Xvfb')
}
