import { expect, test, locale as useLocale, waitForShell } from './fixtures'

const WORDS = {
  en: {
    rnu: 'docker has no command rnu.',
    didYouMean: 'Did you mean docker run?',
  },
  'zh-CN': {
    rnu: 'docker 没有 rnu 这个命令。',
    didYouMean: '你是想输入 docker run 吗？',
  },
} as const

for (const lang of ['en', 'zh-CN'] as const) {
  const w = WORDS[lang]

  test(`[${lang}] a docker command typed by hand that fails is explained in the terminal, History and the lab log`, async ({
    page,
    app,
  }) => {
    await useLocale(page, lang)
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    await page.locator('.xterm').first().click()
    await page.keyboard.type('docker rnu')
    await page.keyboard.press('Enter')
    const notice = page.getByTestId('terminal-failure')
    await expect(notice.getByTestId('docker-failure')).toHaveAttribute('data-kind', 'unknown-command', {
      timeout: 20_000,
    })
    await expect(notice).toContainText(w.rnu)
    await expect(notice).toContainText(w.didYouMean)
    await page.getByTestId('panel-tab-history').click()
    const entry = page.getByTestId('history-entry').filter({ hasText: 'docker rnu' })
    await expect(entry.getByTestId('docker-failure')).toContainText(w.didYouMean)
    await page.getByTestId('panel-tab-lablog').click()
    const logged = page.getByTestId('lablog-entry').filter({ hasText: 'docker rnu' })
    await expect(logged.getByTestId('docker-failure')).toContainText(w.rnu)
  })
}
