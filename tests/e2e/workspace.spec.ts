import type { Page } from '@playwright/test'
import { expect, step, stepWithCommand, test, waitForShell } from './fixtures'

const prefs = (page: Page, settings: object = {}, locale = 'en') =>
  page.addInitScript(
    ([s, l]) => {
      if (!sessionStorage.getItem('wb-test-seeded')) {
        localStorage.setItem('whalebook.settings', s as string)
        localStorage.setItem('whalebook.locale', l as string)
        sessionStorage.setItem('wb-test-seeded', '1')
      }
    },
    [JSON.stringify(settings), locale],
  )
const paneWidth = (page: Page, i: number) =>
  page.evaluate(
    (n) =>
      document
        .querySelectorAll<HTMLElement>('[data-testid="workspace"] > .splitpanes__pane')
        [n]?.getBoundingClientRect().width ?? 0,
    i,
  )

/** The book's column as a share of the 1600-pixel window openWide opens. */
const bookShare = async (page: Page): Promise<number> => (await paneWidth(page, 0)) / 1600

/**
 * Chapter 2.3 in a window wide enough for a wider chapter list beside a readable chapter and an 80-column terminal,
 * with no width transitions (the tests read the columns' final sizes), once the book's column has settled at its
 * default 18 % of the window.
 */
async function openWide(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await prefs(page)
  await page.goto(`${url}#/chapter/2.3`)
  await waitForShell(page)
  await expect.poll(() => bookShare(page)).toBeCloseTo(0.18, 1)
}

test('the columns resize from the keyboard, collapse, and come back as they were after a reload', async ({
  page,
  app,
}) => {
  await openWide(page, app.url)
  const splitter = page.locator('[data-testid="workspace"] > .splitpanes__splitter').first()
  await expect(splitter).toHaveAttribute('role', 'separator')
  await expect(splitter).toHaveAttribute('aria-label', /Resize the columns/)
  // Three presses of the right arrow on its splitter move it by 5 % each.
  await splitter.focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => bookShare(page)).toBeCloseTo(0.33, 1)
  const widened = await paneWidth(page, 0)

  await page.getByTestId('toggle-lab').click()
  await expect(page.getByTestId('terminal-pane')).toBeHidden()
  await page.reload()
  await expect(page.getByTestId('chapter')).toBeVisible()
  await expect(page.getByTestId('terminal-pane')).toBeHidden()
  await page.getByTestId('toggle-lab').click()
  await expect(page.getByTestId('terminal-pane')).toBeVisible()
  // Sizes are kept in whole percents of the window: 1 % here is 16 px.
  await expect.poll(async () => Math.abs((await paneWidth(page, 0)) - widened)).toBeLessThan(17)
})

test('a window too narrow for the chapter list changes no size the learner chose; a splitter moved does', async ({
  page,
  app,
}) => {
  await openWide(page, app.url)
  const saved = () =>
    page.evaluate(() => (JSON.parse(localStorage.getItem('whalebook.settings') ?? '{}') as { layout?: object }).layout)
  const before = await saved()
  const panes = page.locator('[data-testid="workspace"] > .splitpanes__pane')
  await expect(panes).toHaveCount(3)
  // Too narrow for the list beside the chapter and an 80-column terminal: it gives way, and is then asked back, over
  // the chapter.
  await page.setViewportSize({ width: 1024, height: 640 })
  await expect(panes).toHaveCount(2)
  await page.getByTestId('toggle-book').click()
  await expect(page.getByTestId('book-nav')).toBeVisible()
  await expect(panes).toHaveCount(2)
  await page.setViewportSize({ width: 1600, height: 900 })
  await expect(panes).toHaveCount(3)
  await page.reload()
  await expect(page.getByTestId('chapter')).toBeVisible()
  await expect.poll(() => bookShare(page)).toBeCloseTo(0.18, 1)
  expect(await saved()).toEqual(before)
  // The positive witness: the learner's own move of the splitter is remembered.
  await page.locator('[data-testid="workspace"] > .splitpanes__splitter').first().focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(saved).toMatchObject({ nav: 23 })
})

test('in a window too narrow for the chapter list as a column, it comes over the chapter, readable, and goes once a chapter is chosen', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await prefs(page, {}, 'zh-CN')
  await page.goto(`${app.url}#/chapter/2.3`)
  // Once the terminal's font is measured, the columns have their final sizes.
  await waitForShell(page)
  const panes = page.locator('[data-testid="workspace"] > .splitpanes__pane')
  await expect(panes).toHaveCount(2)
  const reading = await paneWidth(page, 0)
  const nav = page.getByTestId('book-nav')
  await expect(nav).toBeHidden()
  await page.getByTestId('toggle-book').click()
  await expect(nav).toBeVisible()
  // Over the chapter: no column squeezed to make room, the chapter's as wide as it was.
  await expect(panes).toHaveCount(2)
  expect(Math.abs((await paneWidth(page, 0)) - reading)).toBeLessThan(1)
  // Readable: a title that a tenth of this window broke a character to a line takes at most two.
  const title = page.getByTestId('chapter-link-2.2').locator('.title')
  const lines = await title.evaluate((el) => {
    const range = document.createRange()
    range.selectNodeContents(el)
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
  })
  expect(lines).toBeGreaterThan(0)
  expect(lines).toBeLessThanOrEqual(2)
  // A drawer: said expanded, the keyboard in its search box, the chapter under it out of reach.
  const toggle = page.getByTestId('toggle-book')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(page.getByTestId('book-search')).toBeFocused()
  await expect(page.locator('main.content')).toHaveAttribute('inert', '')
  // A chapter chosen: it opens, the list goes, and the keyboard is on the chapter.
  await page.getByTestId('chapter-link-2.2').click()
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.2')
  await expect(nav).toBeHidden()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(page.locator('main.content')).toBeFocused()
  await expect(page.locator('main.content')).not.toHaveAttribute('inert', '')
  // Esc closes it wherever the keyboard is, and gives the keyboard back to its button; in the search box with a query,
  // Esc clears the query first.
  await toggle.click()
  await expect(nav).toBeVisible()
  await page.getByTestId('book-search').fill('docker')
  await page.keyboard.press('Escape')
  await expect(nav).toBeVisible()
  await expect(page.getByTestId('book-search')).toHaveValue('')
  await page.keyboard.press('Escape')
  await expect(nav).toBeHidden()
  await expect(toggle).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(nav).toBeVisible()
  // Esc in the lab column beside it is the lab's (a panel's filter clears), and leaves the drawer open.
  const filter = page.getByTestId('containers-table-filter')
  await filter.fill('zz')
  await page.keyboard.press('Escape')
  await expect(filter).toHaveValue('')
  await expect(nav).toBeVisible()
  await toggle.focus()
  await page.keyboard.press('Escape')
  await expect(nav).toBeHidden()
  // A click beside it closes it too.
  await toggle.click()
  await expect(nav).toBeVisible()
  await page.getByTestId('book-nav-scrim').click({ position: { x: 300, y: 200 } })
  await expect(nav).toBeHidden()
  // A search in it outlives it: a match chosen, the drawer opened again shows the same query and matches.
  await toggle.click()
  await page.getByTestId('book-search').fill('数据卷')
  await page.getByTestId('search-hit').first().click()
  await expect(nav).toBeHidden()
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.7')
  await toggle.click()
  await expect(page.getByTestId('book-search')).toHaveValue('数据卷')
  await expect(page.getByTestId('search-hit').first()).toContainText('数据卷')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(nav).toBeHidden()
})

test('a splitter dragged with the mouse resizes its panes, and nothing on the page is selected or reacts meanwhile', async ({
  page,
  app,
}) => {
  await openWide(page, app.url)
  const selected = () => page.evaluate(() => getSelection()?.toString() ?? '')
  const dragging = page.locator('html.splitter-dragging')
  const statusBarStyle = () =>
    page.getByTestId('status-bar').evaluate((el) => {
      const style = getComputedStyle(el)
      return { userSelect: style.userSelect, pointerEvents: style.pointerEvents }
    })
  // Where the paragraph is once the chapter has settled: parts of it that arrive later (its images' sizes) move it
  // down, and a press at its earlier place would land beside the text on a busy machine.
  const paragraph = page.getByTestId('chapter').locator('p >> nth=2')
  let lastBox = ''
  await expect
    .poll(async () => {
      const now = JSON.stringify(await paragraph.boundingBox())
      const settled = now === lastBox
      lastBox = now
      return settled
    })
    .toBe(true)
  const text = await paragraph.boundingBox()
  if (!text) throw new Error('no paragraph')
  const start = { x: text.x + 2, y: text.y + text.height / 2 }
  const acrossText = () => page.mouse.move(text.x + text.width / 2, start.y, { steps: 6 })

  // The witness: the same sweep across the chapter's text, pressed on the text itself, selects it.
  await page.mouse.move(start.x, start.y)
  await page.mouse.down()
  await acrossText()
  await expect.poll(selected).not.toBe('')
  await page.mouse.up()
  await page.evaluate(() => getSelection()?.removeAllRanges())

  // The lab's splitter, pressed and swept left across the chapter (outside the lab's own panes): the terminal's pane
  // follows it, and no text is selected, nor does the status bar take the pointer, until the button is released.
  const terminalHeight = () => page.getByTestId('terminal-pane').evaluate((el) => el.getBoundingClientRect().height)
  const heightBefore = await terminalHeight()
  const lab = await page.locator('.splitpanes.lab > .splitpanes__splitter').first().boundingBox()
  if (!lab) throw new Error('no lab splitter')
  // The press takes the focus from wherever it was.
  await page.getByTestId('book-search').focus()
  await page.mouse.move(lab.x + lab.width / 2, lab.y + lab.height / 2)
  await page.mouse.down()
  await page.mouse.move(start.x, start.y, { steps: 6 })
  await acrossText()
  await expect(page.locator('.splitpanes.lab')).toHaveClass(/splitpanes--dragging/)
  expect(await selected()).toBe('')
  expect(await statusBarStyle()).toEqual({ userSelect: 'none', pointerEvents: 'none' })
  await expect(dragging).toHaveCount(1)
  await page.mouse.up()
  await expect(dragging).toHaveCount(0)
  await expect.poll(async () => Math.abs((await terminalHeight()) - heightBefore)).toBeGreaterThan(40)
  expect(await selected()).toBe('')
  expect(await statusBarStyle()).not.toEqual({ userSelect: 'none', pointerEvents: 'none' })

  // The workspace's splitter, dragged right, widens the book's column.
  const splitter = await page.locator('[data-testid="workspace"] > .splitpanes__splitter').first().boundingBox()
  if (!splitter) throw new Error('no splitter')
  const before = await paneWidth(page, 0)
  await page.mouse.move(splitter.x + splitter.width / 2, splitter.y + splitter.height / 2)
  await page.mouse.down()
  await page.mouse.move(splitter.x + splitter.width / 2 + 120, splitter.y + splitter.height / 2, { steps: 6 })
  await expect(page.getByTestId('workspace')).toHaveClass(/splitpanes--dragging/)
  await page.mouse.up()
  await expect(page.getByTestId('workspace')).not.toHaveClass(/splitpanes--dragging/)
  await expect.poll(async () => (await paneWidth(page, 0)) - before).toBeGreaterThan(80)
})

test('the theme follows the OS until chosen; the terminal follows too', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await prefs(page)
  await page.goto(`${app.url}#/chapter/2.3`)
  await waitForShell(page)
  const html = page.locator('html')
  const termBg = () =>
    page.evaluate(() => {
      const id = document.querySelector('[data-terminal-id]')?.getAttribute('data-terminal-id') ?? ''
      return window.__whalebookTerminals?.background(id)
    })
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect.poll(termBg).toBe('#0d1117')
  await page.getByTestId('theme').selectOption('light')
  await expect(html).toHaveAttribute('data-theme', 'light')
  await expect.poll(termBg).toBe('#ffffff')
  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'light')
  await page.getByTestId('theme').selectOption('system')
  await expect(html).toHaveAttribute('data-theme', 'dark')
})

test('keyboard: chapters, search, panels, the terminal, running the focused step, and the shortcuts sheet', async ({
  page,
  app,
}) => {
  await prefs(page)
  await page.goto(`${app.url}#/chapter/2.2`)
  await waitForShell(page)
  await page.getByTestId('chapter').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Alt+PageDown')
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.3')
  await page.keyboard.press('Alt+PageUp')
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.2')

  await page.keyboard.press('Control+k')
  await expect(page.getByTestId('book-search')).toBeFocused()
  await page.getByTestId('chapter').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Alt+2')
  await expect(page.getByTestId('panel-tab-images')).toHaveAttribute('aria-selected', 'true')
  // The panel tabs follow the ARIA pattern: arrows move between them.
  await page.getByTestId('panel-tab-images').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('panel-tab-volumes')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('panel-tab-volumes')).toBeFocused()

  // Tab reaches a step's Run and Copy; Ctrl+Enter runs the step that has focus.
  const ls = stepWithCommand(page, /^docker image ls$/)
  await ls.getByTestId('step-done').focus()
  await page.keyboard.press('Tab')
  await expect(ls.getByTestId('step-run')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(ls.getByRole('button', { name: 'Copy' })).toBeFocused()
  await page.keyboard.press('Control+Enter')
  await expect(ls.getByTestId('step-result')).toHaveAttribute('data-exit-code', '0', { timeout: 20_000 })

  await page.keyboard.press('Control+`')
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-terminal-id]'))).toBe(true)
  // In the terminal every key is the shell's: `?` is typed, not a shortcut.
  await page.keyboard.type('?')
  await expect(page.getByTestId('shortcuts-sheet')).toBeHidden()

  await page.getByTestId('chapter').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('?')
  const sheet = page.getByTestId('shortcuts-sheet')
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Next chapter')
  // Focus stays inside the dialog, and Esc gives it back.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab')
  expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="shortcuts-sheet"]'))).toBe(true)
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
})

test('long code lines scroll or wrap, as chosen, and the choice is remembered', async ({ page, app }) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await prefs(page)
  await page.goto(`${app.url}#/chapter/2.4`)
  const pre = page.getByTestId('code-block').first().locator('pre')
  const overflows = () => pre.evaluate((el) => el.scrollWidth > el.clientWidth)
  await expect.poll(overflows).toBe(true)
  await page.getByTestId('wrap-code').check()
  await expect.poll(overflows).toBe(false)
  await page.reload()
  await expect(page.getByTestId('wrap-code')).toBeChecked()
  await expect.poll(overflows).toBe(false)
})

test('a pull that ends while the window is in the background is told by a notification', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['notifications'])
  await page.addInitScript(() => {
    // What the OS is asked to show, recorded; the window counts as in the background.
    const shown: string[] = []
    ;(window as unknown as { __notified: string[] }).__notified = shown
    const Real = window.Notification
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        shown.push(`${title}: ${options?.body ?? ''}`)
      }
    }
    window.Notification = Recording as typeof Notification
    document.hasFocus = () => false
  })
  await prefs(page)
  await page.goto(app.url)
  await page.getByTestId('panel-tab-images').click()
  await page.getByTestId('pull-image').fill('whalebook/not-here:never')
  await page.getByTestId('pull-run').click()
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notified: string[] }).__notified), { timeout: 60_000 })
    .toEqual(['Whalebook: Pulling whalebook/not-here:never failed'])
  await expect(page.getByTestId('toast')).toContainText('Pulling whalebook/not-here:never failed')
})

test.describe('steps', () => {
  test('the step rows keep their Run and Copy on one line at 1024×640', async ({ page, app }) => {
    await page.setViewportSize({ width: 1024, height: 640 })
    await page.emulateMedia({ reducedMotion: 'reduce' })
    await prefs(page, {}, 'zh-CN')
    await page.goto(`${app.url}#/chapter/2.3`)
    const run = step(page, '2.3/1')
    // The layout settles once the columns have their sizes: the final one is what counts.
    await expect
      .poll(async () => {
        const [a, b] = await Promise.all([
          run.getByTestId('step-run').boundingBox(),
          run.getByRole('button', { name: '复制' }).boundingBox(),
        ])
        return Math.abs((a?.y ?? 0) - (b?.y ?? 100))
      })
      .toBeLessThan(4)
  })
})

test('every popover closes on Escape (the focus back on its button), on a click outside and as the focus leaves it', async ({
  page,
  app,
}) => {
  await prefs(page)
  await page.goto(`${app.url}#/chapter/2.3`)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  for (const [button, panel] of [
    ['terminal-settings', 'terminal-settings-menu'],
    ['engine-switch', 'engine-switcher'],
  ] as const) {
    await page.getByTestId(button).click()
    await expect(page.getByTestId(panel)).toBeVisible()
    await expect(page.getByTestId(button)).toHaveAttribute('aria-expanded', 'true')
    await page.keyboard.press('Escape')
    await expect(page.getByTestId(panel)).toBeHidden()
    await expect(page.getByTestId(button)).toBeFocused()
    await page.getByTestId(button).click()
    await expect(page.getByTestId(panel)).toBeVisible()
    // A click on the book's text, outside the popover.
    await page.getByTestId('chapter').locator('p').first().click()
    await expect(page.getByTestId(panel)).toBeHidden()
    await expect(page.getByTestId(button)).toHaveAttribute('aria-expanded', 'false')
    // The focus moving out closes it; moving onto its own button does not.
    await page.getByTestId(button).click()
    await expect(page.getByTestId(panel)).toBeVisible()
    await page.getByTestId(button).focus()
    await expect(page.getByTestId(panel)).toBeVisible()
    await page.getByTestId('panel-tab-images').focus()
    await expect(page.getByTestId(panel)).toBeHidden()
    await expect(page.getByTestId(button)).toHaveAttribute('aria-expanded', 'false')
  }
})
