/**
 * The app's page in a Chromium that nothing instruments but what a benchmark asks: Playwright enables the DevTools
 * Network domain on every page it drives, and Chromium then copies each WebSocket frame, payload and all, to the test
 * process (to offer `page.on('websocket')`). A page streaming a terminal over the bridge pays for that copy in its
 * browser process, over the DevTools pipe and in the test's process: work no user's window ever does. Here the
 * browser is started by hand and spoken to over a bare DevTools connection with only `Target` and `Runtime`.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { CHROMIUM } from '../tests/support/app-page'
import { startServe } from '../tests/support/serve-process'

export interface BarePage {
  /** Runs `fn(arg)` in the page and resolves with what it returns (awaited, as JSON). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>>
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const got = probe()
    if (got !== undefined) return got
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Runs `use` against the app's page served by a built `serve` (no engine), opened in a fresh headless Chromium the
 * same size as the Playwright benchmarks' (1400 × 900); `localStorage` is preset before the app starts.
 */
export async function withBarePage<T>(
  use: (page: BarePage) => Promise<T>,
  localStorage: Record<string, string> = {},
): Promise<T> {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  const profile = mkdtempSync(join(tmpdir(), 'wb-bare-chromium-'))
  const browser = spawn(
    CHROMIUM.executablePath,
    [
      ...CHROMIUM.args,
      '--headless',
      '--hide-scrollbars',
      '--mute-audio',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
      '--disable-renderer-backgrounding',
      '--disable-extensions',
      '--enable-unsafe-swiftshader',
      '--window-size=1400,900',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // A group of its own: its zygote, GPU and renderer processes are stopped with it, before its profile is removed.
    { stdio: 'ignore', detached: true },
  )
  let ws: WebSocket | undefined
  try {
    const port = await waitFor('Chromium’s DevTools port', () => {
      try {
        return readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0] || undefined
      } catch {
        return undefined
      }
    })
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
      webSocketDebuggerUrl: string
    }
    const socket = new WebSocket(version.webSocketDebuggerUrl, { perMessageDeflate: false })
    ws = socket
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    let nextId = 1
    const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>()
    socket.on('message', (raw: Buffer) => {
      const m = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } }
      const p = m.id === undefined ? undefined : pending.get(m.id)
      if (!p || m.id === undefined) return
      pending.delete(m.id)
      if (m.error) p.reject(new Error(m.error.message))
      else p.resolve(m.result)
    })
    const send = <R>(method: string, params: object = {}, sessionId?: string): Promise<R> =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve: resolve as (r: unknown) => void, reject })
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }))
      })
    const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
    const evaluate = async <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> => {
      const reply = await send<{
        result: { value?: unknown }
        exceptionDetails?: { exception?: { description?: string } }
      }>(
        'Runtime.evaluate',
        { expression: `(${fn.toString()})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true },
        sessionId,
      )
      if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? 'page error')
      return reply.result.value as Awaited<R>
    }
    await send(
      'Page.addScriptToEvaluateOnNewDocument',
      {
        source: `for (const [k, v] of Object.entries(${JSON.stringify(localStorage)})) window.localStorage.setItem(k, v)`,
      },
      sessionId,
    )
    await send('Page.navigate', { url: app.url }, sessionId)
    return await use({ evaluate })
  } finally {
    ws?.close()
    const exited = new Promise((r) => (browser.exitCode !== null ? r(undefined) : browser.once('exit', r)))
    try {
      if (browser.pid) process.kill(-browser.pid, 'SIGKILL')
    } catch {
      // already gone
    }
    await exited
    await app.stop()
    rmSync(profile, { recursive: true, force: true, maxRetries: 10 })
  }
}
