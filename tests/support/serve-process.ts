import { OFFLINE_REGISTRY } from './dns-stub'
import { spawn } from 'node:child_process'
import { chownSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ServeProcess {
  url: string
  pid: number
  origin: string
  token: string
  output: () => string
  /** True once the process has ended, for whatever reason. */
  exited: () => boolean
  stop(): Promise<void>
}

const startListeners = new Set<(started: ServeProcess) => void>()

/**
 * Calls `listener` with every `serve` started from now until the returned function is called: a test runner's fixture
 * collects them to attach each one's output to a failure, whoever started it.
 */
export function whenServeStarts(listener: (started: ServeProcess) => void): () => void {
  startListeners.add(listener)
  return () => startListeners.delete(listener)
}

/** Starts the built `serve` entry as a real child process and waits for its URL line. */
export async function startServe(
  env: NodeJS.ProcessEnv,
  args: string[] = ['--port', '0'],
  user: { uid?: number; gid?: number } = {},
): Promise<ServeProcess> {
  const entry = fileURLToPath(new URL('../../out/main/serve.js', import.meta.url))
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-data-'))
  // A home of its own: the tests must not depend on (or wait for) the developer's own shell start-up files.
  const home = mkdtempSync(join(tmpdir(), 'wb-home-'))
  if (user.uid !== undefined) {
    // A backend run as another user gets folders it may write.
    for (const dir of [dataDir, home]) chownSync(dir, user.uid, user.gid ?? user.uid)
  }
  const child = spawn(process.execPath, [entry, ...args], {
    env: {
      ...process.env,
      HOME: home,
      SHELL: '/bin/bash',
      WHALEBOOK_DATA_DIR: dataDir,
      WHALEBOOK_REMOTE_REGISTRY: OFFLINE_REGISTRY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  })
  let text = ''
  child.stdout.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr.on('data', (d: Buffer) => (text += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${text}`)), 15_000)
    const check = (): void => {
      const m = /serving at (http:\/\/\S+)/.exec(text)
      if (m?.[1]) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${String(code)}:\n${text}`))
    })
  })
  const u = new URL(url)
  const started: ServeProcess = {
    url,
    pid: child.pid ?? 0,
    origin: u.origin,
    token: u.searchParams.get('token') ?? '',
    output: () => text,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      child.kill('SIGKILL')
    },
  }
  for (const listener of startListeners) listener(started)
  return started
}
