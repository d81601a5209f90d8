import type { Page } from '@playwright/test'
import { busWithoutNvidia, pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { expect, test, testEngineHost, waitForShell } from './fixtures'

/**
 * A visual check of the main views at a small laptop's size, in both languages and both themes: tolerant thresholds
 * (fonts anti-alias a little differently run to run), and what changes by itself (the terminal, the engine's lists and
 * sizes, the status bar) masked. It catches layout regressions: a column gone, a toolbar wrapped, a tab pushed away.
 * Baselines: npx playwright test tests/e2e/visual.spec.ts --update-snapshots
 * The machine is one without an NVIDIA GPU whatever runs the test, so chapter 3 always says it cannot run here.
 */
const VIEWS = [
  { name: 'chapter-2.3', hash: '#/chapter/2.3' },
  { name: 'chapter-3', hash: '#/chapter/3' },
  { name: 'about', hash: '#/about' },
] as const

function masks(page: Page) {
  return [
    page.locator('.xterm'),
    page.getByTestId('status-bar'),
    page.locator('[data-testid="lab-panels"] .body'),
    page.locator('.n'),
    page.getByTestId('chapter-images'),
    page.getByTestId('chapter-progress'),
    page.locator('.count'),
  ]
}

for (const [locale, theme] of [
  ['zh-CN', 'light'],
  ['en', 'dark'],
] as const) {
  for (const view of VIEWS) {
    test(`[${locale}, ${theme}] ${view.name} looks as it should at 1100×700`, async ({ page }) => {
      const app = await startServe({
        DOCKER_HOST: testEngineHost(),
        PATH: pathWith(),
        WHALEBOOK_PCI_DIR: busWithoutNvidia(),
      })
      try {
        await page.setViewportSize({ width: 1100, height: 700 })
        await page.addInitScript(
          ([l, th]) => {
            localStorage.setItem('whalebook.locale', l ?? 'en')
            localStorage.setItem('whalebook.settings', JSON.stringify({ theme: th }))
          },
          [locale, theme],
        )
        await page.goto(`${app.url}${view.hash}`)
        await waitForShell(page)
        await page.evaluate(() => document.fonts.ready)
        await expect(page).toHaveScreenshot(`${view.name}-${locale}-${theme}.png`, {
          mask: masks(page),
          maxDiffPixelRatio: 0.02,
          threshold: 0.3,
          animations: 'disabled',
          caret: 'hide',
        })
      } finally {
        await app.stop()
      }
    })
  }
}
