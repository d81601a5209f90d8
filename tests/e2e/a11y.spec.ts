import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { withAppPage } from '../support/app-page'
import { expect, test, waitForShell } from './fixtures'

/**
 * WCAG 2.1 AA with axe-core on every main view, in both languages and both themes: no serious or critical violation.
 * Each failure names the rule, the elements and axe's help, so it can be fixed where it is.
 */
async function audit(
  page: Page,
  view: string,
  found: string[],
  include?: string,
): Promise<Awaited<ReturnType<AxeBuilder['analyze']>>> {
  // What is audited is what the learner is shown: the view as drawn (a ResizeObserver, say, has had its frame).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  const builder = new AxeBuilder({ page })
  if (include) builder.include(include)
  const result = await builder
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // xterm's own hidden helper elements (the accessibility tree it keeps for screen readers) are xterm's to mind.
    .exclude('.xterm-helper-textarea')
    .analyze()
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join('\n  ')}`,
    )
  found.push(...serious)
  return result
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`[${locale}, ${theme}] the main views have no serious accessibility violation`, async ({ page, app }) => {
      // Fourteen axe audits in one test: about 45 s on a loaded 2-core machine, so a deadline of three times the default.
      test.slow()
      await page.addInitScript(
        ([l, th]) => {
          localStorage.setItem('whalebook.locale', l ?? 'en')
          localStorage.setItem('whalebook.settings', JSON.stringify({ theme: th }))
        },
        [locale, theme],
      )
      const found: string[] = []
      await page.goto(`${app.url}#/chapter/2.3`)
      await waitForShell(page)
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await audit(page, 'chapter 2.3 with the containers panel', found)
      for (const tab of ['images', 'volumes', 'disk', 'history', 'lablog', 'gpu', 'registry']) {
        await page.getByTestId(`panel-tab-${tab}`).click()
        await audit(page, `panel ${tab}`, found)
      }
      // Whalebook's addendum (its frame, tables, notes) and the display helper beside the GUI step.
      await page.goto(`${app.url}#/chapter/4`)
      await expect(page.getByTestId('display-helper')).toBeVisible()
      await audit(page, 'chapter 4 with its addendum and the display helper', found)
      await page.keyboard.press('?')
      await expect(page.getByTestId('shortcuts-sheet')).toBeVisible()
      await audit(page, 'the shortcuts sheet', found)
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('shortcuts-sheet')).toBeHidden()
      // A confirmation dialog: the preview of a deleting step.
      await page.goto(`${app.url}#/chapter/1.2`)
      await page
        .locator('[data-testid="step"]', { hasText: 'docker rm $(docker ps -a -q)' })
        .first()
        .getByTestId('step-run')
        .click()
      await expect(page.getByTestId('confirm-dialog')).toBeVisible()
      await audit(page, 'the preview of a deleting step', found)
      await page.getByTestId('confirm-cancel').click()
      await page.goto(`${app.url}#/about`)
      await audit(page, 'about this book', found)
      await page.goto(`${app.url}#/chapter/3`)
      // The chapter itself, its linted step and its notes, not the view before it.
      await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '3')
      await expect(page.getByTestId('step-lint').first()).toBeVisible()
      await expect(page.getByTestId('step-note').first()).toBeVisible()
      await audit(page, 'chapter 3 (linter findings and notes)', found)
      expect(found, found.join('\n')).toEqual([])
    })
  }
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`[${locale}, ${theme}] the welcome view without Docker has no serious accessibility violation`, async () => {
      const found: string[] = []
      await withAppPage(
        async (page) => {
          await expect(page.getByTestId('welcome')).toBeVisible()
          await audit(page, 'welcome without Docker', found)
        },
        {
          script: (arg: string) => {
            const [l, th] = arg.split('|')
            localStorage.setItem('whalebook.locale', l ?? 'en')
            localStorage.setItem('whalebook.settings', JSON.stringify({ theme: th }))
          },
          arg: `${locale}|${theme}`,
        },
      )
      expect(found, found.join('\n')).toEqual([])
    })
  }
}

for (const theme of ['light', 'dark'] as const) {
  test(`[${theme}] a part still loading is readable at every moment of its pulse, and one that failed says so`, async ({
    page,
    app,
  }) => {
    await page.addInitScript((th) => {
      localStorage.setItem('whalebook.locale', 'en')
      localStorage.setItem('whalebook.settings', JSON.stringify({ theme: th }))
    }, theme)
    // The images panel's code is held back, so its placeholder stays on screen for as long as the test needs.
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    await page.route(/\/assets\/ImagesPanel-[^/]+\.js$/, async (route) => {
      await released
      await route.continue()
    })
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    await page.getByTestId('panel-tab-images').click()
    const loading = page.getByTestId('lab-panels').getByTestId('part-loading')
    await expect(loading).toBeVisible()
    const found: string[] = []
    // The placeholder's pulse stopped at each tenth of its cycle in turn, the dimmest included: axe reads opacity too.
    for (let tenth = 0; tenth < 10; tenth++) {
      const paused = await page.evaluate((f) => {
        const pulses = document.getAnimations().filter((a) => {
          const target = (a.effect as KeyframeEffect | null)?.target
          return target?.closest('[data-testid="lab-panels"] [data-testid="part-loading"]')
        })
        for (const a of pulses) {
          a.pause()
          a.currentTime = Number(a.effect?.getComputedTiming().duration ?? 0) * f
        }
        return pulses.length
      }, tenth / 10)
      expect(paused).toBeGreaterThan(0)
      const result = await audit(
        page,
        `a loading part at ${tenth * 10}% of its pulse`,
        found,
        '[data-testid="lab-panels"] [data-testid="part-loading"]',
      )
      // Measured, not left undecided: what axe cannot measure it files as incomplete, neither passed nor violated.
      const measured = [...result.passes, ...result.violations].filter((r) => r.id === 'color-contrast')
      expect(measured.flatMap((r) => r.nodes).length).toBeGreaterThan(0)
    }
    expect(found, found.join('\n')).toEqual([])
    release()
    await expect(page.getByTestId('pull-image')).toBeVisible()
    await expect(loading).toBeHidden()

    // A part whose code cannot be fetched, after its retries, says so with a way out instead of leaving a hole.
    let fetches = 0
    await page.route(/\/assets\/GpuPanel-[^/]+\.js$/, async (route) => {
      fetches++
      await route.abort('connectionreset')
    })
    await page.getByTestId('panel-tab-gpu').click()
    const failed = page.getByTestId('part-failed')
    await expect(failed).toBeVisible()
    await expect(failed.getByRole('button')).toBeVisible()
    expect(fetches).toBeGreaterThan(0)
    await audit(page, 'a part that failed to load', found, '[data-testid="part-failed"]')
    expect(found, found.join('\n')).toEqual([])
    await expect(page.getByTestId('gpu-panel')).toHaveCount(0)
  })
}
