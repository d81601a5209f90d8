import { chromium, type Page } from '@playwright/test'
import { startServe } from './serve-process'

/** Debian's Chromium (or CHROMIUM_PATH), with the app's defaults otherwise: its real WebGL choice included. */
export const CHROMIUM = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] }

/**
 * Runs `use` against the app's real page: a built `serve` backend with no engine, opened in a fresh Chromium, both
 * stopped afterwards. `init` runs in the page before the app does (to preset settings, say).
 */
export async function withAppPage<T>(
  use: (page: Page) => Promise<T>,
  init?: { script: (arg: string) => void; arg: string },
): Promise<T> {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  const browser = await chromium.launch(CHROMIUM)
  try {
    // A context of its own (axe-core's builder needs one), closed with the browser.
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    if (init) await page.addInitScript(init.script, init.arg)
    await page.goto(app.url)
    return await use(page)
  } finally {
    await browser.close()
    await app.stop()
  }
}

/** In the page: the terminals whose shell integration is up and whose xterm shows a prompt. */
export async function readyTerminalIds(): Promise<string[]> {
  const reply = (await window.__whalebook?.invoke('terminal.list', {})) as
    { result?: Array<{ terminalId: string; integrationActive: boolean }> } | undefined
  return (reply?.result ?? [])
    .filter((t) => t.integrationActive && window.__whalebookTerminals?.lines(t.terminalId).length)
    .map((t) => t.terminalId)
}

/**
 * Waits until at least `n` terminals have a shell whose integration is up and whose xterm shows its prompt; fails
 * after `timeoutMs` rather than waiting for ever.
 */
export async function readyTerminals(page: Page, n: number, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ids = await page.evaluate(readyTerminalIds)
    if (ids.length >= n) return ids
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} ready terminals (${ids.length} ready)`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** In the page: its unmasked WebGL2 renderer string ('' without WebGL2). */
export function webglRendererName(): string {
  const ctx = document.createElement('canvas').getContext('webgl2')
  const debug = ctx?.getExtension('WEBGL_debug_renderer_info')
  return ctx && debug ? String(ctx.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : ''
}

/** The page's unmasked WebGL2 renderer string ('' without WebGL2): SwiftShader or llvmpipe mean WebGL on the CPU. */
export function glRenderer(page: Page): Promise<string> {
  return page.evaluate(webglRendererName)
}
