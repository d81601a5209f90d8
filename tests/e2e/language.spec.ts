import type { Page } from '@playwright/test'
import en from '../../src/renderer/src/i18n/en'
import zhCN from '../../src/renderer/src/i18n/zh-CN'
import { docker, dockerQuiet } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import { expect, step, test, testEngineHost, waitForShell } from './fixtures'

const PANELS = ['containers', 'images', 'volumes', 'networks', 'disk', 'history', 'lablog', 'gpu', 'registry'] as const

function strings(messages: object): string[] {
  return Object.values(messages).flatMap((v) => (typeof v === 'string' ? [v] : strings(v as object)))
}
/** The phrase as words of their own, not part of a longer name (`container` in `nvidia-container-toolkit`). */
const asWords = (phrase: string): RegExp =>
  new RegExp(`(?<![\\w./-])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w./-])`)

const zhText = strings(zhCN).join('\n')
/**
 * The English UI's own words: each message's fixed parts (around its {placeholders}), long enough to mean something,
 * and not words the Chinese UI uses too (Docker, GPU, WebGL…).
 */
const ENGLISH = [
  ...new Set(
    strings(en)
      .flatMap((m) => m.split(/\{[^}]*\}/))
      .map((s) => s.trim().replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ''))
      .filter((s) => (s.match(/[A-Za-z]/g) ?? []).length >= 4 && !asWords(s).test(zhText)),
  ),
]

/** What the panels, the terminal's bar and the status bar say: their text and their tooltips, labels, placeholders. */
/** Two frames after a change: Vue has patched the page and the browser has laid it out. */
async function rendered(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
}

async function switchTo(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('locale').selectOption(lang)
  await expect(page.locator('html')).toHaveAttribute('lang', lang)
  await rendered(page)
}

function shownWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const roots = ['[data-testid="lab-panels"]', '[data-testid="terminal-pane"] .bar', '[data-testid="status-bar"]']
    const parts: string[] = []
    for (const sel of roots) {
      const root = document.querySelector(sel)
      if (!root) continue
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        // Commands and the engine's own output are not the UI's words; a language's own name is in that language.
        if (n.parentElement?.closest('code, pre, .command, [data-raw], [lang]')) continue
        parts.push(n.textContent ?? '')
      }
      for (const el of root.querySelectorAll('[title], [aria-label], [placeholder]')) {
        if (el.closest('code, pre, [data-raw]')) continue
        for (const a of ['title', 'aria-label', 'placeholder']) parts.push(el.getAttribute(a) ?? '')
      }
    }
    return parts.join('\n')
  })
}

test('a language switch reaches everything in the panels at once: no word of the other language is left', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000)
  const host = testEngineHost()
  const made = `lang-${Date.now()}`
  dockerQuiet(host, ['rm', '-f', 'webserver'])
  docker(host, ['create', '--name', made, TEST_IMAGE, 'true'])
  try {
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    // Something in every panel: a step run (History, the lab log) and the containers there are.
    await step(page, '2.3/1').getByTestId('step-run').click()
    await expect(step(page, '2.3/1').getByTestId('step-verdict')).toBeVisible({ timeout: 20_000 })
    const left: string[] = []
    const chinese: string[] = []
    for (const panel of PANELS) {
      // Each panel is on screen while the language changes under it.
      await switchTo(page, 'en')
      await page.getByTestId(`panel-tab-${panel}`).click()
      await expect(page.getByTestId(`panel-tab-${panel}`)).toHaveAttribute('aria-selected', 'true')
      // A panel's code may arrive after its tab: its body has something in it.
      await expect(page.locator('[data-testid="lab-panels"] .body')).not.toBeEmpty()
      await rendered(page)
      // The positive witness: in English, the English words are there.
      const words = await shownWords(page)
      expect(ENGLISH.some((s) => asWords(s).test(words))).toBe(true)
      await switchTo(page, 'zh-CN')
      const zh = await shownWords(page)
      expect(zh).toMatch(/[\u4e00-\u9fff]/)
      for (const s of ENGLISH) if (asWords(s).test(zh)) left.push(`${panel}: "${s}"`)
      await switchTo(page, 'en')
      const back = await shownWords(page)
      for (const m of back.matchAll(/[^\n]*[\u3400-\u9fff][^\n]*/g)) chinese.push(`${panel}: "${m[0].trim()}"`)
    }
    expect(left).toEqual([])
    expect(chinese).toEqual([])
  } finally {
    dockerQuiet(host, ['rm', '-f', made, 'webserver'])
  }
})
