import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { docker } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import { expect, step, stepWithCommand, terminalText, test, testEngineHost, waitForShell } from './fixtures'

const byText = (page: Page, text: string) => page.locator('[data-testid="step"]', { hasText: text }).first()
const locale = (page: Page, l: 'en' | 'zh-CN') =>
  page.addInitScript((v) => localStorage.setItem('whalebook.locale', v), l)

test('a step is judged by what it did: a name in use is explained, then the step is verified (English)', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  docker(host, ['rm', '-f', 'webserver'])
  docker(host, ['create', '--name', 'webserver', TEST_IMAGE, 'true'])
  try {
    await locale(page, 'en')
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    const run = step(page, '2.3/1')
    await run.getByTestId('step-run').click()
    const verdict = run.getByTestId('step-verdict')
    await expect(verdict).toHaveAttribute('data-verdict', 'differs', { timeout: 20_000 })
    await expect(verdict).toContainText('it failed (exit code 125)')
    const error = run.getByTestId('step-cli-error')
    await expect(error).toHaveAttribute('data-code', 'name-in-use')
    await expect(error).toContainText('A container named webserver already exists')
    await expect(error).toContainText('docker rm -f webserver')
    await expect(run.getByTestId('step-done')).not.toBeChecked()

    docker(host, ['rm', '-f', 'webserver'])
    await run.getByTestId('step-run').click()
    await expect(verdict).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
    await expect(verdict).toContainText('✓ Verified')
    await expect(verdict).toContainText('container webserver running, port 80:80 published')
    await expect(run.getByTestId('step-done')).toBeChecked()
    await expect(page.getByTestId('chapter-progress')).toContainText('1 of 9 steps verified · 0 ticked by hand')
    // A step ticked by hand says so.
    await step(page, '2.3/2').getByTestId('step-done').check()
    await expect(step(page, '2.3/2').getByTestId('step-ticked-by-hand')).toBeVisible()
    await expect(page.getByTestId('chapter-progress')).toContainText('1 of 9 steps verified · 1 ticked by hand')
  } finally {
    docker(host, ['rm', '-f', 'webserver'])
  }
})

test('before a deleting step runs, it lists exactly what would go; Cancel sends nothing (Chinese)', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const stopped = `e2e-stopped-${Date.now()}`
  const running = `e2e-running-${Date.now()}`
  docker(host, ['create', '--name', stopped, TEST_IMAGE, 'true'])
  docker(host, ['run', '-d', '--name', running, TEST_IMAGE, 'sleep', '300'])
  try {
    await locale(page, 'zh-CN')
    await page.goto(`${app.url}#/chapter/1.2`)
    await waitForShell(page)
    const rmAll = byText(page, 'docker rm $(docker ps -a -q)')
    await rmAll.getByTestId('step-run').click()
    const dialog = page.getByTestId('confirm-dialog')
    await expect(dialog).toContainText('如果现在运行，将删除：')
    await expect(dialog).toContainText(`容器 ${stopped} · 创建于`)
    await expect(dialog).toContainText('不会删除：')
    await expect(dialog).toContainText(`${running}：正在运行（docker rm 不加 -f 会拒绝删除）`)
    await page.getByTestId('confirm-cancel').click()
    await expect(dialog).toBeHidden()
    expect(await terminalText(page)).not.toContain('docker rm $(docker ps -a -q)')
    expect(docker(host, ['ps', '-a', '--format', '{{.Names}}'])).toContain(stopped)
  } finally {
    docker(host, ['rm', '-f', stopped, running])
  }
})

test('template inputs offer the engine’s containers and images to pick from', async ({ page, app }) => {
  const host = testEngineHost()
  const name = `e2e-pick-${Date.now()}`
  docker(host, ['create', '--name', name, TEST_IMAGE, 'true'])
  try {
    await locale(page, 'en')
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

test('your output beside a typical one, and the lab log: kept across a reload, exported in both languages, cleared', async ({
  page,
  app,
}) => {
  await locale(page, 'zh-CN')
  await page.goto(`${app.url}#/chapter/2.2`)
  await waitForShell(page)
  const ls = stepWithCommand(page, /^docker image ls$/)
  await ls.getByTestId('step-run').click()
  await expect(ls.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
  const beside = ls.getByTestId('step-output-beside')
  await beside.locator('summary').click()
  await expect(beside).toHaveAttribute('data-unexpected', '0')
  await expect(beside).toContainText('你的输出与典型输出对照')
  const nginx = beside.locator('[data-testid="step-output-row"]', { hasText: 'nginx' }).filter({ hasText: 'latest' })
  await expect(nginx.first()).toHaveAttribute('data-status', 'expected')
  await expect(nginx.first()).toContainText('ID 在每台机器上都是随机的')

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
