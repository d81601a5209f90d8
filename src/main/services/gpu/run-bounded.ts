import { spawn } from 'node:child_process'

export interface BoundedResult {
  stdout: string
  stderr: string
  exitCode: number | null
  timedOut: boolean
  notFound: boolean
}

export type RunBounded = (
  file: string,
  args: string[],
  timeoutMs: number,
  options?: { env?: NodeJS.ProcessEnv; input?: string },
) => Promise<BoundedResult>

const MAX_OUTPUT = 16 * 1024 * 1024

/**
 * Runs a probe with a hard deadline: a hung driver makes nvidia-smi block forever, and the app
 * must say "did not answer" instead of waiting with it. At the deadline the whole process group
 * is killed (a wrapper script's children too) and the answer comes back at once, without
 * waiting for pipes that a stuck grandchild may hold open.
 */
export const runBounded: RunBounded = (file, args, timeoutMs, options = {}) =>
  new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let settled = false
    const done = (r: Omit<BoundedResult, 'stdout' | 'stderr'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ stdout, stderr, ...r })
    }
    const child = spawn(file, args, {
      detached: process.platform !== 'win32',
      windowsHide: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    })
    // Its input is given whole (or nothing): a probe never waits on a terminal.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8')
    })
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8')
    })
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
      child.stdout.destroy()
      child.stderr.destroy()
      done({ exitCode: null, timedOut: true, notFound: false })
    }, timeoutMs)
    child.on('error', (e: NodeJS.ErrnoException) =>
      done({ exitCode: null, timedOut: false, notFound: e.code === 'ENOENT' }),
    )
    child.on('close', (code) => done({ exitCode: code, timedOut: false, notFound: false }))
  })
