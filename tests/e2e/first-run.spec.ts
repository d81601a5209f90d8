import { startPrivateDockerd } from '../support/private-dockerd'
import { startServe } from '../support/serve-process'
import { expect, test } from './fixtures'

/** The first run without an engine opens on a welcome view for this OS, and moves on by itself once one answers. */
for (const locale of ['zh-CN', 'en'] as const) {
  test(`[${locale}] with the engine not running: what to install here, read without Docker, and on once it is up`, async ({
    page,
  }) => {
    const says = (zh: string, en: string): string => (locale === 'zh-CN' ? zh : en)
    await page.addInitScript((l) => localStorage.setItem('whalebook.locale', l), locale)
    const dockerd = await startPrivateDockerd({ network: 'none' })
    await dockerd.crash()
    const app = await startServe({ DOCKER_HOST: dockerd.host, WHALEBOOK_LIVENESS_MS: '500' })
    try {
      await page.goto(app.url)
      const welcome = page.getByTestId('welcome')
      await expect(welcome).toBeVisible()
      await expect(welcome).toHaveAttribute('data-platform', process.platform)
      await expect(page.getByTestId('welcome-problem')).toContainText(
        says('Docker 已安装，但引擎没有在运行', 'Docker is installed, but its engine is not running'),
      )
      await expect(page.getByTestId('welcome-install')).toContainText('sudo usermod -aG docker $USER')
      await expect(page.getByTestId('chapter')).toHaveCount(0)

      // The engine comes up: the page notices by itself and shows the book.
      await dockerd.restart()
      await expect(welcome).toBeHidden({ timeout: 20_000 })
      await expect(page.getByTestId('chapter')).toBeVisible()
    } finally {
      await app.stop()
      await dockerd.stop()
    }
  })
}

test('“Read without Docker” opens the book and is remembered; chapter 1.1 is one click away', async ({ page }) => {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  try {
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(app.url)
    await page.getByTestId('welcome-chapter').click()
    await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '1.1')
    await page.reload()
    await expect(page.getByTestId('welcome')).toHaveCount(0)
    await expect(page.getByTestId('chapter')).toBeVisible()
  } finally {
    await app.stop()
  }
})
