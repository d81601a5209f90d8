import { fileURLToPath } from 'node:url'
import { eagerScripts } from '../support/renderer-build'
import { WAIT_AT_MOST_MS } from '../../src/renderer/src/startup/first-paint'
import { expect, test, waitForShell } from './fixtures'

const RENDERER = fileURLToPath(new URL('../../out/renderer/', import.meta.url))

/** What each part that is fetched when first shown leaves in the page once it is there. */
const PANELS: Record<string, string> = {
  containers: 'containers-table',
  images: 'images-table',
  volumes: 'volumes-table',
  networks: 'networks-table',
  disk: 'disk-panel',
  history: 'history-panel',
  lablog: 'lablog-panel',
  gpu: 'gpu-panel',
  registry: 'registry-panel',
}

test('the first JS holds the shell, the book and the chapter, and none of the terminal, the panels, zod or a markdown parser', () => {
  const eager = eagerScripts(RENDERER)
  expect(eager.length).toBeGreaterThan(0)
  const code = eager.map((s) => s.code).join('\n')
  // The chapter's own parts are there…
  expect(code).toContain('data-testid')
  expect(code).toContain('chapter')
  // …the terminal (xterm and its addons), every panel, dialogs, the contract's validation and the docker reader are not.
  for (const absent of [
    'xterm-helper-textarea',
    'WebglAddon',
    ...Object.values(PANELS),
    'shortcuts-sheet',
    'confirm-dialog',
    'ZodError',
    // The docker CLI's flag table, which the one command reader carries (a flag no other code names; the minifier
    // drops the table's unused keys, so a key is no witness).
    'blkio-weight-device',
    // What only some chapters or moments show: the GPU chapter's notice, an update's.
    'chapter-gpu-notice',
    'update-notice',
    // The markdown parser: main renders the book (a rule name markdown-it keeps in its own code).
    'lheading',
  ]) {
    expect(code, `the first JS contains ${absent}`).not.toContain(absent)
  }
})

test('each part is fetched when first shown, under the serve CSP, with nothing refused or failing', async ({
  page,
  app,
}) => {
  const scripts: string[] = []
  const problems: string[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname)
  })
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      ((window as unknown as { __csp?: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  await page.goto(app.url)
  await expect(page.getByTestId('chapter')).toBeVisible()
  // The lab column comes right after: the terminal with its prompt, the first panel.
  await waitForShell(page)
  await expect(page.getByTestId('containers-table')).toBeVisible()
  const eager = eagerScripts(RENDERER).map((s) => s.path.replace(/^\.\//, '/'))
  expect(scripts.slice(0, eager.length).sort()).toEqual([...eager].sort())
  expect(scripts.some((s) => /\/TerminalPane-[\w-]+\.js$/.test(s))).toBe(true)
  // Not shown yet, not fetched: the Images panel comes with its tab.
  expect(scripts.some((s) => /\/ImagesPanel-[\w-]+\.js$/.test(s))).toBe(false)
  const tabs = await page
    .locator('[data-testid^="panel-tab-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')?.replace('panel-tab-', '') ?? ''))
  expect(tabs.sort()).toEqual(Object.keys(PANELS).sort())
  for (const [tab, testid] of Object.entries(PANELS)) {
    await page.getByTestId(`panel-tab-${tab}`).click()
    await expect(page.getByTestId(testid).first()).toBeVisible()
  }
  expect(scripts.some((s) => /\/ImagesPanel-[\w-]+\.js$/.test(s))).toBe(true)
  // A dialog, by its shortcut.
  await page.getByTestId('chapter').click()
  await page.keyboard.press('?')
  await expect(page.getByTestId('shortcuts-sheet')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([])
  expect(problems).toEqual([])
})

test('the first view asks for the chapter the reader left off in at once, not once the progress has come', async ({
  page,
  app,
}) => {
  // Where the reader left off is the backend's to know: the page does not wait for the progress to ask for it.
  const sent: Array<{ method: string; id: number; params: unknown; at: number }> = []
  const received = new Map<number, number>()
  let seq = 0
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const frame = JSON.parse(String(f.payload)) as { id: number; method: string; params: unknown }
      sent.push({ method: frame.method, id: frame.id, params: frame.params, at: seq++ })
    })
    ws.on('framereceived', (f) => {
      // A terminal's output comes in binary frames; the answers looked for here are text.
      if (typeof f.payload !== 'string') return
      const frame = JSON.parse(f.payload) as { id?: number }
      if (typeof frame.id === 'number') received.set(frame.id, seq++)
    })
  })
  const article = page.getByTestId('chapter')
  const firstView = async (chapterId: string): Promise<void> => {
    await expect(article).toHaveAttribute('data-chapter-id', chapterId)
    const blocks = await page.evaluate(async (id) => {
      const reply = (await window.__whalebook?.invoke('tutorial.chapter', { id, lang: 'en' })) as {
        result: { blocks: unknown[] }
      }
      return reply.result.blocks.length
    }, chapterId)
    // The chapter is whole: each of its code blocks built in its place.
    expect(blocks).toBeGreaterThan(0)
    await expect(page.locator('.wb-block > [data-testid="code-block"]')).toHaveCount(blocks)
    const progress = sent.find((s) => s.method === 'tutorial.progress')
    const chapters = sent.filter((s) => s.method === 'tutorial.chapter')
    expect(progress, JSON.stringify(sent)).toBeTruthy()
    // One request for it (the one above is the test's), sent before the progress's answer was read.
    expect(chapters.length, JSON.stringify(sent)).toBe(2)
    expect(chapters[0]!.at).toBeLessThan(received.get(progress!.id) ?? Infinity)
    // Asked without an id: where the reader left off is the backend's to say.
    expect(chapters[0]!.params).toEqual({ lang: 'en' })
  }
  await page.goto(app.url)
  await firstView('1.1')
  // A learner who left off elsewhere comes back there: the app opened without an address, the backend names it.
  await page.getByTestId('chapter-link-2.3').click()
  await expect(article).toHaveAttribute('data-chapter-id', '2.3')
  await expect(page.getByTestId('code-block').first()).toBeVisible()
  sent.length = 0
  received.clear()
  await page.goto(app.url)
  await firstView('2.3')
})

test("what the first view shows a moment after the chapter's text is fetched after the text is drawn, not while it is built", async ({
  page,
  app,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __textFrame?: number }
    const frame = (): void => {
      if (document.querySelector('[data-testid="chapter"] .markdown')?.textContent?.trim()) {
        w.__textFrame = performance.now()
      } else requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
  await page.goto(app.url)
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '1.1')
  // The docker reader's chunk: each step's reading of its command (here, 1.1's `docker run` explained) needs it.
  await expect(page.locator('[data-testid="code-block"]').first()).toBeVisible()
  // And the status bar's update notice, which says something only while an update downloads or waits.
  const later = [
    /\/ChapterImages-[\w-]+\.js$/,
    /\/ChapterGpuNotice-[\w-]+\.js$/,
    /\/command-[\w-]+\.js$/,
    /\/UpdateNotice-[\w-]+\.js$/,
  ]
  const fetched = async (): Promise<Array<{ name: string; start: number }>> =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime }))
        .filter((e) => e.name.endsWith('.js')),
    )
  // Each is fetched (the witness that this first view wants them at all)…
  await expect
    .poll(async () => {
      const names = (await fetched()).map((e) => e.name)
      return later.every((re) => names.some((n) => re.test(n)))
    })
    .toBe(true)
  const textFrame = await page.evaluate(() => (window as unknown as { __textFrame?: number }).__textFrame)
  expect(textFrame).toBeGreaterThan(0)
  // …and none of them before the frame that first drew the chapter's text, or before the longest the page waits for
  // that frame (on a machine slow enough to take longer, the later parts come then: the wait starts once the page's
  // script runs, after navigation began, so it cannot have ended earlier than this, counted from navigation).
  const notBefore = Math.min(textFrame!, WAIT_AT_MOST_MS)
  const entries = await fetched()
  for (const re of later) {
    const entry = entries.find((e) => re.test(e.name))
    expect(entry!.start, `${entry!.name} was fetched before the chapter's text was drawn`).toBeGreaterThanOrEqual(
      notBefore,
    )
  }
})
