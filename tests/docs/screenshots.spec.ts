import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { busWithoutNvidia, fakeNvidiaSmi, pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { startXvfb } from '../support/xvfb'
import { expect, stepWithCommand, test, testEngineHost, waitForShell } from '../e2e/fixtures'

/** Regenerates the screenshots in docs/ from the real renderer: `npm run docs:screenshots`. */
test.skip(!process.env.WHALEBOOK_SCREENSHOTS, 'screenshots are regenerated only by npm run docs:screenshots')

const shot = (name: string): string => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url))

test('main window', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'zh-CN'))
  await page.goto(`${app.url}#/chapter/2.3`)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  await page.locator('.xterm').first().click()
  // Type only once the prompt is up, or the echo of typed-ahead keys garbles the first line.
  await waitForShell(page)
  await page.keyboard.type('docker version --format "{{.Server.Version}}"; echo 你好')
  await page.keyboard.press('Enter')
  await page.waitForTimeout(1500)
  await page.screenshot({ path: shot('main-zh-CN') })
})

test('chapter 3 in English, with the linter and notes', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  await page.goto(`${app.url}#/chapter/3`)
  await page.locator('[data-step-id="3/5"]').scrollIntoViewIfNeeded()
  await page.waitForTimeout(500)
  await page.screenshot({ path: shot('chapter-3-en') })
})

test('chapter 3 on a machine without a GPU: the notice at its top and its obsolete images apart', async ({ page }) => {
  const app = await startServe({
    DOCKER_HOST: testEngineHost(),
    PATH: pathWith(),
    WHALEBOOK_PCI_DIR: busWithoutNvidia(),
  })
  try {
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(`${app.url}#/chapter/3`)
    await expect(page.getByTestId('chapter-gpu-notice')).toBeVisible({ timeout: 20_000 })
    await expect(page.getByTestId('chapter-images-obsolete')).toBeVisible()
    await page.waitForTimeout(500)
    await page.screenshot({ path: shot('chapter-3-top-en') })
  } finally {
    await app.stop()
  }
})

test('a command typed by hand that failed, explained above the terminal and in History', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  await page.goto(`${app.url}#/chapter/2.3`)
  await waitForShell(page)
  await page.locator('.xterm').first().click()
  await page.keyboard.type('docker rnu')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('terminal-failure')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('panel-tab-history').click()
  await expect(page.getByTestId('history-entry').first().getByTestId('docker-failure')).toBeVisible()
  await page.waitForTimeout(500)
  await page.screenshot({ path: shot('typed-failure-en') })
})

test('panels after a step of chapter 2.3', async ({ page, app }) => {
  const host = testEngineHost()
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  await page.goto(`${app.url}#/chapter/2.3`)
  await waitForShell(page)
  await page.locator('[data-step-id="2.3/1"]').getByTestId('step-run').click()
  await expect(page.locator('[data-step-id="2.3/1"]').getByTestId('step-effects')).toBeVisible({ timeout: 20_000 })
  await page.screenshot({ path: shot('panels-en') })
  const { docker } = await import('../support/docker-cli')
  docker(host, ['rm', '-f', 'webserver'])
})

test('GPU panel (A100 MIG fixture)', async ({ page }) => {
  const smi = fakeNvidiaSmi({
    xml: readFileSync(new URL('../fixtures/gpu/nvidia-smi-q-x.a100-sxm4-80gb-mig.xml', import.meta.url), 'utf8'),
  })
  const app = await startServe({ DOCKER_HOST: testEngineHost(), PATH: pathWith(smi) })
  try {
    await page.setViewportSize({ width: 1500, height: 1900 })
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(app.url)
    await page.getByTestId('panel-tab-gpu').click()
    await expect(page.getByTestId('gpu-card')).toBeVisible()
    await page.getByTestId('gpu-panel').screenshot({ path: shot('gpu-panel-en') })
  } finally {
    await app.stop()
  }
})

test('a verified step, a step that differs with its explanation, and the output beside a typical one', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const { docker } = await import('../support/docker-cli')
  docker(host, ['rm', '-f', 'webserver'])
  docker(host, ['create', '--name', 'webserver', 'whalebook/busybox:latest', 'true'])
  try {
    await page.setViewportSize({ width: 1400, height: 1000 })
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    const run = page.locator('[data-step-id="2.3/1"]')
    await run.getByTestId('step-run').click()
    await expect(run.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'differs', { timeout: 20_000 })
    await expect(run.getByTestId('docker-failure')).toBeVisible({ timeout: 20_000 })
    await run.screenshot({ path: shot('step-differs-en') })
    docker(host, ['rm', '-f', 'webserver'])
    await run.getByTestId('step-run').click()
    await expect(run.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
    await run.screenshot({ path: shot('step-verified-en') })
  } finally {
    docker(host, ['rm', '-f', 'webserver'])
  }
  await page.goto(`${app.url}#/chapter/2.2`)
  await waitForShell(page)
  const ls = stepWithCommand(page, /^docker image ls$/)
  await ls.getByTestId('step-run').click()
  await expect(ls.getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
  await expect(ls.getByTestId('step-output-beside')).toBeVisible()
  await ls.getByTestId('step-output-beside').locator('summary').click()
  await ls.screenshot({ path: shot('output-beside-en') })
  await page.getByTestId('panel-tab-lablog').click()
  await page.getByTestId('lab-panels').screenshot({ path: shot('lab-log-en') })
})

test('inputs for the book’s own ids, and a prune that asks once', async ({ page, app }) => {
  const host = testEngineHost()
  const { docker } = await import('../support/docker-cli')
  docker(host, ['create', '--name', 'my-ubuntu', 'whalebook/busybox:latest', 'true'])
  try {
    await page.setViewportSize({ width: 1400, height: 1000 })
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await page.goto(`${app.url}#/chapter/2.5`)
    await waitForShell(page)
    const exportStep = page.locator('[data-step-id="2.5/10"]')
    await exportStep.scrollIntoViewIfNeeded()
    await expect(exportStep.getByTestId('step-input-book')).toBeVisible()
    await exportStep.screenshot({ path: shot('step-inputs-en') })
    const prune = page.locator('[data-step-id="2.5/14"]')
    await prune.scrollIntoViewIfNeeded()
    await expect(prune.getByTestId('step-prompt')).toBeVisible()
    await prune.getByTestId('step-run').click()
    await expect(page.getByTestId('confirm-dialog')).toContainText('my-ubuntu')
    await page.screenshot({ path: shot('step-prompt-en') })
    await page.getByTestId('confirm-cancel').click()
  } finally {
    docker(host, ['rm', '-f', 'my-ubuntu'])
  }
})

test('the preview of a deleting step, in Chinese', async ({ page, app }) => {
  const host = testEngineHost()
  const { docker } = await import('../support/docker-cli')
  docker(host, ['create', '--name', 'old-web', 'whalebook/busybox:latest', 'true'])
  docker(host, ['run', '-d', '--name', 'busy-web', 'whalebook/busybox:latest', 'sleep', '300'])
  try {
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'zh-CN'))
    await page.goto(`${app.url}#/chapter/1.2`)
    await waitForShell(page)
    await page
      .locator('[data-testid="step"]', { hasText: 'docker rm $(docker ps -a -q)' })
      .first()
      .getByTestId('step-run')
      .click()
    await expect(page.getByTestId('confirm-dialog')).toContainText('old-web')
    await page.screenshot({ path: shot('deletion-preview-zh-CN') })
    await page.getByTestId('confirm-cancel').click()
  } finally {
    docker(host, ['rm', '-f', 'old-web', 'busy-web'])
  }
})

test('a small laptop in the dark theme, and the shortcuts sheet', async ({ page, app }) => {
  await page.setViewportSize({ width: 1100, height: 700 })
  await page.addInitScript(() => {
    localStorage.setItem('whalebook.locale', 'en')
    localStorage.setItem('whalebook.settings', JSON.stringify({ theme: 'dark' }))
  })
  await page.goto(`${app.url}#/chapter/2.4`)
  await waitForShell(page)
  await page.waitForTimeout(500)
  await page.screenshot({ path: shot('dark-1100-en') })
  await page.getByTestId('chapter').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('?')
  await expect(page.getByTestId('shortcuts-sheet')).toBeVisible()
  await page.screenshot({ path: shot('shortcuts-en') })
})

test('chapter 4’s Whalebook addendum, in both languages, its GUI step with the display helper', async ({ page }) => {
  // A desktop's display (Xvfb with a cookie), so that the helper has an X11 display to find.
  const x = await startXvfb()
  const host = testEngineHost()
  const app = await startServe({ DOCKER_HOST: host, DISPLAY: x.display, XAUTHORITY: x.authFile })
  // One image missing, so that readiness shows what it would download (the tests' stand-ins are small).
  const { docker } = await import('../support/docker-cli')
  docker(host, ['rmi', 'ros:jazzy'])
  try {
    await page.setViewportSize({ width: 1400, height: 900 })
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'zh-CN'))
    await page.goto(`${app.url}#/chapter/4`)
    await waitForShell(page)
    await expect(page.getByTestId('addendum-mark')).toBeVisible()
    await expect(page.getByTestId('chapter-images-download')).toBeVisible()
    await page.waitForTimeout(500)
    await page.screenshot({ path: shot('addendum-zh-CN') })

    const en = await page.context().newPage()
    await en.setViewportSize({ width: 1400, height: 900 })
    await en.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
    await en.goto(`${app.url}#/chapter/4`)
    const gui = en.locator('[data-step-id="4/7"]')
    await expect(gui.getByTestId('display-helper')).toBeVisible()
    await gui.scrollIntoViewIfNeeded()
    await en.waitForTimeout(500)
    await en.screenshot({ path: shot('addendum-gui-en') })
    await en.close()
  } finally {
    await app.stop()
    await x.stop()
    const { buildRosStandIns } = await import('../support/ros-stand-in')
    buildRosStandIns(host)
  }
})
