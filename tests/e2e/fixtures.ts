import { test as base, expect } from '@playwright/test'
import { startServe, whenServeStarts, type ServeProcess } from '../support/serve-process'
import { docker } from '../support/docker-cli'

export function testEngineHost(): string {
  const host = process.env.TEST_DOCKER_HOST
  if (!host) throw new Error('TEST_DOCKER_HOST is not set: the Playwright global setup starts the private engine')
  return host
}

/**
 * `app`: a real `serve` process on the private engine; the page is opened through its tokened URL. Every `serve` a
 * test starts, this one or its own (`startServe` in the test), gives its output to a failure: the backend's own account
 * (a client it lost, an engine's error) goes with it into the report and the log.
 */
export const test = base.extend<{ app: ServeProcess; serveOutputs: void }>({
  serveOutputs: [
    async ({}, use, testInfo) => {
      const started: ServeProcess[] = []
      const stop = whenServeStarts((s) => started.push(s))
      await use()
      stop()
      if (testInfo.status === testInfo.expectedStatus) return
      for (const [i, s] of started.entries())
        await testInfo.attach(started.length > 1 ? `serve output ${i + 1}` : 'serve output', {
          body: s.output(),
          contentType: 'text/plain',
        })
    },
    // Set up before `app`, so torn down after it: the output is whole.
    { auto: true },
  ],
  app: async ({}, use) => {
    const app = await startServe({ DOCKER_HOST: testEngineHost(), WHALEBOOK_LIVENESS_MS: '500' })
    await use(app)
    await app.stop()
  },
})

export { expect }

/** Waits until the page's first terminal has a shell whose integration has reported its first prompt. */
export async function waitForShell(page: import('@playwright/test').Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const reply = (await page.evaluate(() => window.__whalebook?.invoke('terminal.list', {}))) as
          { result?: Array<{ integrationActive: boolean }> } | undefined
        return reply?.result?.some((t) => t.integrationActive) ?? false
      },
      { timeout: 20_000 },
    )
    .toBe(true)
}

/** Opens every page of this test in that interface language (set before the app reads it). */
export const locale = (page: import('@playwright/test').Page, l: 'en' | 'zh-CN') =>
  page.addInitScript((v) => localStorage.setItem('whalebook.locale', v), l)

/**
 * Runs `echo <marker>` in the page's first terminal, as a step's Run does, and waits until its output is on screen.
 * Commands run in order: once the marker's output shows, anything sent before it would have shown first. The
 * positive witness for "nothing was sent".
 */
export async function runMarker(page: import('@playwright/test').Page, marker: string): Promise<void> {
  await page.evaluate(async (command) => {
    const api = window.__whalebook
    const list = (await api?.invoke('terminal.list', {})) as { result?: Array<{ terminalId: string }> } | undefined
    const terminalId = list?.result?.[0]?.terminalId
    if (!api || !terminalId) throw new Error('no terminal')
    await api.invoke('terminal.run', { terminalId, command })
  }, `echo ${marker}`)
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(new RegExp(`^${marker}$`, 'm'))
}

/** A step of the open chapter, by its id (`2.3/1`). */
export const step = (page: import('@playwright/test').Page, id: string) => page.locator(`[data-step-id="${id}"]`)

/** What the selected terminal shows, line by line. */
export const terminalText = (page: import('@playwright/test').Page): Promise<string> =>
  page.evaluate(() => {
    const id =
      document
        .querySelector('[data-testid^="terminal-tab-"][aria-selected="true"]')
        ?.getAttribute('data-testid')
        ?.replace('terminal-tab-', '') ?? ''
    return window.__whalebookTerminals?.lines(id).join('\n') ?? ''
  })

/** The step whose command reads exactly so (`/^docker image ls$/`), wherever it is in the open chapter. */
export const stepWithCommand = (page: import('@playwright/test').Page, command: RegExp) =>
  page.locator('[data-testid="step"]').filter({ has: page.locator('pre.cmd code', { hasText: command }) })

/** Opens a chapter in an interface language and waits for the terminal's shell, as most lab tests begin. */
export async function openChapter(
  page: import('@playwright/test').Page,
  app: ServeProcess,
  lang: 'en' | 'zh-CN',
  chapterId: string,
): Promise<void> {
  await locale(page, lang)
  await page.goto(`${app.url}#/chapter/${chapterId}`)
  await waitForShell(page)
}

/** A stopped container named `webserver`, in the way of chapter 2.3's first step (which then fails: name in use). */
export function webserverInTheWay(host: string, image: string): void {
  docker(host, ['rm', '-f', 'webserver'])
  docker(host, ['create', '--name', 'webserver', image, 'true'])
}
