import { fileURLToPath } from 'node:url'
import { eagerScripts } from '../support/renderer-build'
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

test('the first JS holds the shell, the book and the chapter, and none of the terminal, the panels or zod', () => {
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
