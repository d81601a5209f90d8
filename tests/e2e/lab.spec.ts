import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { docker } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import {
  expect,
  locale,
  openChapter,
  runMarker,
  step,
  stepWithCommand,
  terminalText,
  test,
  testEngineHost,
  waitForShell,
  webserverInTheWay,
} from './fixtures'

const byText = (page: Page, text: string) => page.locator('[data-testid="step"]', { hasText: text }).first()

/** What each language says, for the checks below. */
const WORDS = {
  en: {
    failed: 'it failed (exit code 125)',
    nameInUse: 'A container named webserver already exists',
    verified: '✓ Verified',
    checked: 'container webserver running, port 80:80 published',
    progress: (v: number, h: number) => `${v} of 9 steps verified · ${h} ticked by hand`,
    willDelete: 'If you run this now, it deletes:',
    container: (n: string) => `container ${n} · created`,
    notDeleted: 'Not deleted:',
    running: (n: string) => `${n}: running (docker rm without -f refuses it)`,
    beside: 'Your output beside a typical one',
    idReason: 'ids are random on every machine',
  },
  'zh-CN': {
    failed: '命令失败（退出码 125）',
    nameInUse: '名为 webserver 的容器已经存在',
    verified: '✓ 已验证',
    checked: '容器 webserver 正在运行, 已发布端口 80:80',
    progress: (v: number, h: number) => `已验证 ${v}/9 步 · 手动勾选 ${h} 步`,
    willDelete: '如果现在运行，将删除：',
    container: (n: string) => `容器 ${n} · 创建于`,
    notDeleted: '不会删除：',
    running: (n: string) => `${n}：正在运行（docker rm 不加 -f 会拒绝删除）`,
    beside: '你的输出与典型输出对照',
    idReason: 'ID 在每台机器上都是随机的',
  },
} as const

for (const lang of ['en', 'zh-CN'] as const) {
  const w = WORDS[lang]

  test(`[${lang}] a step is judged by what it did: a name in use is explained, then the step is verified`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    webserverInTheWay(host, TEST_IMAGE)
    try {
      await openChapter(page, app, lang, '2.3')
      const run = step(page, '2.3/1')
      await run.getByTestId('step-run').click()
      const verdict = run.getByTestId('step-verdict')
      await expect(verdict).toHaveAttribute('data-verdict', 'differs', { timeout: 20_000 })
      await expect(verdict).toContainText(w.failed)
      // One explanation, in the learner's language, with what to do.
      const error = run.getByTestId('docker-failure')
      await expect(error).toHaveCount(1)
      await expect(error).toHaveAttribute('data-kind', 'name-in-use')
      await expect(error).toContainText(w.nameInUse)
      await expect(error).toContainText('docker rm -f webserver')
      await expect(run.getByTestId('step-done')).not.toBeChecked()

      docker(host, ['rm', '-f', 'webserver'])
      await run.getByTestId('step-run').click()
      await expect(verdict).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
      await expect(verdict).toContainText(w.verified)
      await expect(verdict).toContainText(w.checked)
      await expect(run.getByTestId('step-done')).toBeChecked()
      await expect(page.getByTestId('chapter-progress')).toContainText(w.progress(1, 0))
      // A step ticked by hand says so.
      await step(page, '2.3/2').getByTestId('step-done').check()
      await expect(step(page, '2.3/2').getByTestId('step-ticked-by-hand')).toBeVisible()
      await expect(page.getByTestId('chapter-progress')).toContainText(w.progress(1, 1))
      await step(page, '2.3/2').getByTestId('step-done').uncheck()
    } finally {
      docker(host, ['rm', '-f', 'webserver'])
    }
  })

  test(`[${lang}] before a deleting step runs, it lists exactly what would go; Cancel sends nothing`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    const stopped = `e2e-stopped-${Date.now()}`
    const running = `e2e-running-${Date.now()}`
    docker(host, ['create', '--name', stopped, TEST_IMAGE, 'true'])
    docker(host, ['run', '-d', '--name', running, TEST_IMAGE, 'sleep', '300'])
    try {
      await locale(page, lang)
      await page.goto(`${app.url}#/chapter/1.2`)
      await waitForShell(page)
      const rmAll = byText(page, 'docker rm $(docker ps -a -q)')
      await rmAll.getByTestId('step-run').click()
      const dialog = page.getByTestId('confirm-dialog')
      await expect(dialog).toContainText(w.willDelete)
      await expect(dialog).toContainText(w.container(stopped))
      await expect(dialog).toContainText(w.notDeleted)
      await expect(dialog).toContainText(w.running(running))
      await page.getByTestId('confirm-cancel').click()
      await expect(dialog).toBeHidden()
      // A marker sent after Cancel arrives and runs: the command cancelled before it was never sent.
      await runMarker(page, 'MARK-after-cancel')
      expect(await terminalText(page)).not.toContain('docker rm $(docker ps -a -q)')
      expect(docker(host, ['ps', '-a', '--format', '{{.Names}}'])).toContain(stopped)
    } finally {
      docker(host, ['rm', '-f', stopped, running])
    }
  })

  test(`[${lang}] template inputs offer the engine’s containers and images to pick from`, async ({ page, app }) => {
    const host = testEngineHost()
    const name = `e2e-pick-${Date.now()}`
    docker(host, ['create', '--name', name, TEST_IMAGE, 'true'])
    try {
      await locale(page, lang)
      await page.goto(`${app.url}#/chapter/1.2`)
      const start = byText(page, 'docker container start [cname]')
      const input = start.getByTestId('step-input')
      await expect(input).toHaveAttribute('list', /wb-choices-/)
      await expect(start.locator(`datalist option[value="${name}"]`)).toHaveCount(1)
      const pull = byText(page, 'docker rmi [image]')
      await expect(pull.locator(`datalist option[value="${TEST_IMAGE}"]`)).toHaveCount(1)
      // Typing stays possible.
      await input.fill('anything-typed')
      await expect(start.getByTestId('step-run')).toBeEnabled()
    } finally {
      docker(host, ['rm', '-f', name])
    }
  })

  test(`[${lang}] your output beside a typical one`, async ({ page, app }) => {
    await locale(page, lang)
    await page.goto(`${app.url}#/chapter/2.2`)
    await waitForShell(page)
    const ls = stepWithCommand(page, /^docker image ls$/)
    await ls.getByTestId('step-run').click()
    const beside = ls.getByTestId('step-output-beside')
    await beside.locator('summary').click()
    await expect(beside).toHaveAttribute('data-unexpected', '0')
    await expect(beside).toContainText(w.beside)
    const nginx = beside.locator('[data-testid="step-output-row"]', { hasText: 'nginx' }).filter({ hasText: 'latest' })
    await expect(nginx.first()).toHaveAttribute('data-status', 'expected')
    await expect(nginx.first()).toContainText(w.idReason)
  })
}

test('the lab log: kept across a reload, exported in both languages, cleared', async ({ page, app }) => {
  await locale(page, 'zh-CN')
  await page.goto(`${app.url}#/chapter/2.2`)
  await waitForShell(page)
  const ls = stepWithCommand(page, /^docker image ls$/)
  await ls.getByTestId('step-run').click()
  await expect(ls.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
  await page.getByTestId('panel-tab-lablog').click()
  const entry = page.getByTestId('lablog-entry').filter({ hasText: 'docker image ls' })
  await expect(entry).toHaveAttribute('data-verdict', 'verified')
  await page.reload()
  await page.getByTestId('panel-tab-lablog').click()
  await expect(page.getByTestId('lablog-entry').filter({ hasText: 'docker image ls' })).toHaveCount(1)

  const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lablog-export-md').click()])
  expect(md.suggestedFilename()).toBe('whalebook-lab-2.2-zh-CN.md')
  const markdown = readFileSync((await md.path()) ?? '', 'utf8')
  expect(markdown).toContain('# Whalebook 实验记录')
  expect(markdown).toContain('## 2.2 使用 Docker 镜像')
  expect(markdown).toMatch(/`docker image ls`/)
  expect(markdown).toContain('验证: ✓ 已验证')

  await page.getByTestId('lablog-language').selectOption('en')
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lablog-export-html').click()])
  const report = readFileSync((await html.path()) ?? '', 'utf8')
  expect(report).toContain('<h1>Whalebook lab log</h1>')
  expect(report).toContain('<h2>2.2 Using Docker images</h2>')
  expect(report).toContain('✓ Verified')
  // The printable page is self-contained and scriptless.
  expect(report).not.toMatch(/<script|src=/i)

  await page.getByTestId('lablog-clear').click()
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('lablog-entry')).toHaveCount(0)
})

for (const lang of ['en', 'zh-CN'] as const) {
  const otherLang = lang === 'en' ? 'zh-CN' : 'en'
  const removed = { en: 'Removed 1.', 'zh-CN': '已删除 1 项。' }
  const nothingLeft = { en: 'Nothing this chapter created is left to remove.', 'zh-CN': '本章创建的资源已经都不在了。' }
  const progress = { en: (v: number) => `${v} of 9 steps verified`, 'zh-CN': (v: number) => `已验证 ${v}/9 步` }[lang]

  test(`[${lang}] Reset clears the chapter's results: ticks, failures, the count; its note in the UI's language, in its chapter`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    docker(host, ['volume', 'rm', '-f', 'my-vol'])
    try {
      await locale(page, lang)
      await page.goto(`${app.url}#/chapter/2.7`)
      await waitForShell(page)
      const create = step(page, '2.7/1')
      await create.getByTestId('step-run').click()
      await expect(create.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
      await expect(create.getByTestId('step-done')).toBeChecked()
      const failing = stepWithCommand(page, /^docker inspect web/)
      await failing.getByTestId('step-run').click()
      await expect(failing.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'differs', { timeout: 20_000 })
      await expect(failing.getByTestId('step-result')).toBeVisible()
      await expect(page.getByTestId('chapter-progress')).toContainText(progress(1))
      await expect(page.getByTestId('chapter-link-2.7').locator('..')).toContainText('1/9')

      await page.getByTestId('chapter-reset').click()
      await page.getByTestId('confirm-ok').click()
      const note = page.getByTestId('chapter-reset-note')
      await expect(note).toHaveText(removed[lang])
      // What the chapter's steps did is gone, and so is what was said about it.
      await expect(page.getByTestId('chapter-progress')).toContainText(progress(0))
      await expect(create.getByTestId('step-done')).not.toBeChecked()
      await expect(page.locator('[data-testid="step-verdict"]')).toHaveCount(0)
      await expect(page.locator('[data-testid="step-result"]')).toHaveCount(0)
      await expect(page.getByTestId('chapter-link-2.7').locator('..')).toContainText('0/9')

      // The note follows the language, and stays with its chapter.
      await page.getByTestId('locale').selectOption(otherLang)
      await expect(note).toHaveText(removed[otherLang])
      await page.getByTestId('locale').selectOption(lang)
      await expect(note).toHaveText(removed[lang])
      await page.getByTestId('chapter-link-2.6').click()
      await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.6')
      await expect(note).toHaveCount(0)
      await page.getByTestId('chapter-link-2.7').click()
      await expect(note).toHaveText(removed[lang])

      // A reload does not bring the old results back from the lab log, which keeps the record of those runs.
      await page.reload()
      await expect(page.getByTestId('chapter-progress')).toContainText(progress(0))
      await expect(create.getByTestId('step-run')).toBeVisible()
      await expect(page.locator('[data-testid="step-verdict"]')).toHaveCount(0)
      await page.getByTestId('panel-tab-lablog').click()
      await expect(page.getByTestId('lablog-entry').filter({ hasText: 'docker volume create my-vol' })).toHaveCount(1)
    } finally {
      docker(host, ['volume', 'rm', '-f', 'my-vol'])
    }
  })

  test(`[${lang}] Reset with nothing left to remove still starts the chapter over`, async ({ page, app }) => {
    await locale(page, lang)
    await page.goto(`${app.url}#/chapter/2.7`)
    await waitForShell(page)
    const done = step(page, '2.7/1').getByTestId('step-done')
    await done.check()
    await expect(done).toBeChecked()
    await page.getByTestId('chapter-reset').click()
    await expect(page.getByTestId('confirm-dialog')).toContainText(nothingLeft[lang])
    await page.getByTestId('confirm-ok').click()
    await expect(page.getByTestId('chapter-reset-note')).toHaveText(nothingLeft[lang])
    await expect(done).not.toBeChecked()
    await page.reload()
    await expect(step(page, '2.7/1').getByTestId('step-run')).toBeVisible()
    await expect(step(page, '2.7/1').getByTestId('step-done')).not.toBeChecked()
  })
}
