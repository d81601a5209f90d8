import { readFileSync } from 'node:fs'
import { startPrivateDockerd } from '../support/private-dockerd'
import { startServe } from '../support/serve-process'
import { expect, test, locale as useLocale, waitForShell } from './fixtures'

/** The first run without an engine opens on a welcome view for this OS, and moves on by itself once one answers. */
for (const locale of ['zh-CN', 'en'] as const) {
  test(`[${locale}] with the engine not running: how to start it (no install steps), and on once it is up`, async ({
    page,
  }) => {
    const says = (zh: string, en: string): string => (locale === 'zh-CN' ? zh : en)
    await useLocale(page, locale)
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
      // One account: how to start it, not how to install what is installed.
      await expect(page.getByTestId('welcome-steps')).toContainText('sudo systemctl start docker')
      await expect(page.getByTestId('welcome-install')).toHaveCount(0)
      await expect(welcome).not.toContainText('apt install')
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

for (const locale of ['zh-CN', 'en'] as const) {
  test(`[${locale}] DOCKER_HOST naming a missing socket is said so, and what needs the engine is off, with why`, async ({
    page,
  }) => {
    const says = (zh: string, en: string): string => (locale === 'zh-CN' ? zh : en)
    const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
    try {
      await useLocale(page, locale)
      await page.goto(app.url)
      const named = page.getByTestId('welcome-docker-host')
      await expect(named).toContainText('DOCKER_HOST')
      await expect(named).toContainText('unix:///nonexistent/docker.sock')
      await expect(page.getByTestId('engine-failure')).toContainText('DOCKER_HOST')
      await expect(page.getByTestId('welcome-install')).toHaveCount(0)
      // One account, and only what fixes it: starting the usual engine would not, while DOCKER_HOST names another.
      await expect(page.getByTestId('welcome-problem')).toHaveText(
        says(
          'DOCKER_HOST 所指的引擎没有在运行：那里没有它的套接字。',
          'The engine DOCKER_HOST names is not running: its socket is not there.',
        ),
      )
      await expect(page.getByTestId('welcome-steps')).toHaveCount(0)
      await expect(page.getByTestId('welcome')).not.toContainText('systemctl')
      await expect(page.getByTestId('engine-failure')).not.toContainText('systemctl')
      await expect(page.getByTestId('engine-failure')).toContainText(says('取消 DOCKER_HOST', 'unset DOCKER_HOST'))

      await page.getByTestId('welcome-read-without').click()
      await page.evaluate(() => (window.location.hash = '#/chapter/2.3'))
      const reason = says(
        '这需要 Docker 引擎，但没有引擎响应（见状态栏）。',
        'This needs a Docker engine, and none answers (see the status bar).',
      )
      const getAll = page.getByTestId('chapter-images-get-all')
      await expect(getAll).toBeDisabled()
      await expect(getAll).toHaveAttribute('title', reason)
      await expect(page.getByTestId('chapter-images-no-engine')).toHaveText(reason)
      // Missing images are not "all here" as well.
      await expect(page.getByTestId('chapter-images-ready')).toHaveCount(0)
      await page.getByTestId('panel-tab-images').click()
      await page.getByTestId('pull-image').fill('nginx')
      await expect(page.getByTestId('pull-run')).toBeDisabled()
      await expect(page.getByTestId('pull-run')).toHaveAttribute('title', reason)
      await expect(page.getByTestId('images-import')).toBeDisabled()

      // A docker command typed in the terminal fails: its explanation gives DOCKER_HOST's fix, not the usual engine's.
      await waitForShell(page)
      await page.evaluate(async () => {
        const api = window.__whalebook
        const list = (await api?.invoke('terminal.list', {})) as { result?: Array<{ terminalId: string }> } | undefined
        const terminalId = list?.result?.[0]?.terminalId
        if (!api || !terminalId) throw new Error('no terminal')
        await api.invoke('terminal.run', { terminalId, command: 'docker ps' })
      })
      const explained = page.getByTestId('terminal-pane').getByTestId('docker-failure').first()
      await expect(explained).toHaveAttribute('data-kind', 'engine-not-running')
      await expect(explained).toContainText(says('取消 DOCKER_HOST', 'unset DOCKER_HOST'))
      await expect(explained).not.toContainText('systemctl')
      // The lab log and the report a learner hands in give the same account as the page.
      await page.getByTestId('panel-tab-lablog').click()
      await page.getByTestId('lablog-scope').selectOption('all')
      const logged = page.getByTestId('lablog-entry').filter({ hasText: 'docker ps' }).getByTestId('docker-failure')
      await expect(logged).toContainText(says('取消 DOCKER_HOST', 'unset DOCKER_HOST'))
      await expect(logged).not.toContainText('systemctl')
      const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lablog-export-html').click()])
      const report = readFileSync((await html.path()) ?? '', 'utf8')
      expect(report).toContain('docker ps')
      expect(report).toContain(says('取消 DOCKER_HOST', 'unset DOCKER_HOST'))
      expect(report).not.toContain('systemctl')
    } finally {
      await app.stop()
    }
  })
}

test('DOCKER_HOST naming a missing socket on a machine with no Docker at all: the install steps still come', async ({
  page,
}) => {
  // No docker or dockerd on the PATH: not installed, whatever DOCKER_HOST says.
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: '/nonexistent' })
  try {
    await useLocale(page, 'en')
    await page.goto(app.url)
    await expect(page.getByTestId('welcome-problem')).toHaveText(
      'Docker does not seem to be installed on this machine.',
    )
    await expect(page.getByTestId('welcome-install')).toContainText('sudo apt install docker.io')
    await expect(page.getByTestId('welcome-docker-host')).toContainText('unix:///nonexistent/docker.sock')
    await expect(page.getByTestId('engine-failure')).toContainText('not installed')
    await expect(page.getByTestId('engine-failure')).toContainText('DOCKER_HOST')
  } finally {
    await app.stop()
  }
})
