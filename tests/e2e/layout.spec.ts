import type { Page } from '@playwright/test'
import { startServe } from '../support/serve-process'
import { expect, test, waitForShell, locale as useLocale } from './fixtures'
import { layoutProblems, type LayoutProblem } from './layout-check'

/**
 * The layout at a small laptop's size, a common one and a large one, in both languages: no clipped text, no boxes
 * drawn over each other, no command cut inside a word, every chapter's count on its line, and a terminal of at least
 * 80 columns where the window allows it (1100×700 does).
 */
const SIZES = [
  { width: 1024, height: 640 },
  { width: 1100, height: 700 },
  { width: 1440, height: 900 },
] as const
const PANELS = ['containers', 'images', 'volumes', 'networks', 'disk', 'history', 'lablog', 'gpu', 'registry'] as const
/** Chapters with a bit of everything: install commands (docker-ce, /bin/bash), steps, notes, lint, images. */
const CHAPTERS = ['1.1', '2.3', '2.5', '3'] as const

async function problemsIn(page: Page, where: string): Promise<string[]> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  return (await layoutProblems(page)).map((p: LayoutProblem) => `${where}: ${p.kind}: ${p.what}`)
}

async function terminalColumns(page: Page): Promise<number> {
  const reply = (await page.evaluate(() => window.__whalebook?.invoke('terminal.list', {}))) as
    { result?: Array<{ cols: number }> } | undefined
  return reply?.result?.[0]?.cols ?? 0
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const size of SIZES) {
    test(`[${locale}] ${size.width}×${size.height}: nothing clipped, nothing overlapping, no command cut inside a word`, async ({
      page,
      app,
    }) => {
      test.setTimeout(120_000)
      await page.setViewportSize(size)
      await useLocale(page, locale)
      await page.goto(`${app.url}#/chapter/2.3`)
      await waitForShell(page)
      const found: string[] = []
      for (const chapter of CHAPTERS) {
        await page.evaluate((id) => (window.location.hash = `#/chapter/${id}`), chapter)
        await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', chapter)
        await expect(page.locator('[data-testid="code-block"]').first()).toBeVisible()
        found.push(...(await problemsIn(page, `chapter ${chapter}`)))
      }
      for (const panel of PANELS) {
        await page.getByTestId(`panel-tab-${panel}`).click()
        await expect(page.getByTestId(`panel-tab-${panel}`)).toHaveAttribute('aria-selected', 'true')
        found.push(...(await problemsIn(page, `${panel} panel`)))
      }
      // The chapter list, shown (the window may have been too narrow for it by default).
      if (!(await page.getByTestId('book-nav').isVisible())) await page.getByTestId('toggle-book').click()
      await expect(page.getByTestId('book-nav')).toBeVisible()
      found.push(...(await problemsIn(page, 'with the chapter list')))
      expect(found).toEqual([])
    })
  }

  test(`[${locale}] the terminal has at least 80 columns at 1100×700`, async ({ page, app }) => {
    await page.setViewportSize({ width: 1100, height: 700 })
    await useLocale(page, locale)
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    await expect.poll(() => terminalColumns(page)).toBeGreaterThanOrEqual(80)
    // `docker ps` fits on its lines.
    await expect(page.getByTestId('chapter')).toBeVisible()
  })

  test(`[${locale}] the welcome page without an engine: no blank band, nothing clipped, at every size`, async ({
    page,
  }) => {
    const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    try {
      await useLocale(page, locale)
      const found: string[] = []
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await page.goto(app.url)
        await expect(page.getByTestId('welcome')).toBeVisible()
        // The status bar sits at the bottom of the window, the workspace reaching down to it: both read in one go,
        // once the bar has its final height (its engine line comes a moment after the page).
        await expect
          .poll(() =>
            page.evaluate(() => {
              const bar = document.querySelector('[data-testid="status-bar"]')?.getBoundingClientRect()
              const workspace = document.querySelector('[data-testid="workspace"]')?.getBoundingClientRect()
              return {
                barBottom: Math.round(bar?.bottom ?? 0),
                workspaceMeetsBar: Math.round(workspace?.bottom ?? -1) === Math.round(bar?.top ?? 0),
              }
            }),
          )
          .toEqual({ barBottom: size.height, workspaceMeetsBar: true })
        found.push(...(await problemsIn(page, `welcome ${size.width}×${size.height}`)))
      }
      expect(found).toEqual([])
    } finally {
      await app.stop()
    }
  })
}

test('the panels’ tabs turn to icons when a tab grows and the names no longer fit, though the column kept its size', async ({
  page,
}) => {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  try {
    await useLocale(page, 'en')
    // Wide enough for every name beside its count.
    await page.setViewportSize({ width: 2560, height: 1200 })
    await page.goto(app.url)
    const tabs = page.locator('[data-testid="lab-panels"] [role="tablist"]')
    await expect(tabs).toBeVisible()
    await expect(tabs).not.toHaveClass(/compact/)
    // A tab's label grows, as when its count arrives: the bar's own size does not change.
    await page.evaluate(() => {
      const label = document.querySelector('#panel-tab-containers')
      label?.append(document.createTextNode(' a label far longer than any tab name would ever be'))
    })
    await expect(tabs).toHaveClass(/compact/)
    await expect(page.getByTestId('panel-tab-gpu')).toBeInViewport({ ratio: 1 })
  } finally {
    await app.stop()
  }
})
