import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Page } from '@playwright/test'
import { docker } from '../support/docker-cli'
import { pushTo, startLocalRegistry, type LocalRegistry } from '../support/local-registry'
import { startPrivateDockerd, type PrivateDockerd } from '../support/private-dockerd'
import { startServe, type ServeProcess } from '../support/serve-process'
import { TEST_IMAGE } from '../support/test-image'
import { expect, test, testEngineHost, locale as useLocale } from './fixtures'

/**
 * Learners behind a blocked Docker Hub, end to end in Chromium: a real registry on 127.0.0.1 serves as the mirror of
 * a private engine (Docker Hub names pull through it with no network); the shared test engine has no mirror, so its
 * pulls fail as a blocked Docker Hub would. Both languages.
 */
/** Removes an image if it is there (a test may run after another left it, or not). */
function rmi(host: string, image: string): void {
  spawnSync('docker', ['rmi', image], { env: { ...process.env, DOCKER_HOST: host }, stdio: 'ignore' })
}

let registry: LocalRegistry
let engine: PrivateDockerd
let mirrored: ServeProcess

test.beforeAll(async () => {
  registry = await startLocalRegistry()
  for (const name of ['library/hello:latest', 'library/hello-world:latest'])
    pushTo(registry, testEngineHost(), TEST_IMAGE, name)
  engine = await startPrivateDockerd({ network: 'none', extraArgs: ['--registry-mirror', registry.url] })
  mirrored = await startServe({ DOCKER_HOST: engine.host, WHALEBOOK_LIVENESS_MS: '500' })
})
test.afterAll(async () => {
  await mirrored?.stop()
  await engine?.stop()
  await registry?.stop()
})

async function open(page: Page, url: string, locale: 'zh-CN' | 'en'): Promise<void> {
  await useLocale(page, locale)
  await page.goto(url)
  await expect(page.getByTestId('engine-version')).toBeVisible()
}

for (const locale of ['zh-CN', 'en'] as const) {
  const says = (zh: string, en: string): string => (locale === 'zh-CN' ? zh : en)

  test(`[${locale}] a pull blocked at Docker Hub is explained, and the Registry tab sets up and checks a mirror`, async ({
    page,
    app,
  }) => {
    // No mirror, no network: the Pull button's failure says why, and what to do.
    await open(page, app.url, locale)
    await page.getByTestId('panel-tab-images').click()
    await page.getByTestId('pull-image').fill('hello')
    await page.getByTestId('pull-run').click()
    const problem = page.getByTestId('docker-failure').first()
    await expect(problem).toHaveAttribute('data-kind', 'dns')
    await expect(problem).toContainText(says('无法解析仓库的域名', 'could not be resolved'))
    await problem.getByTestId('pull-set-up-mirror').click()
    await expect(page.getByTestId('registry-panel')).toBeVisible()
    await expect(page.getByTestId('registry-mirrors')).toHaveText(says('无', 'none'))
    await expect(page.getByTestId('registry-settings')).toContainText('/etc/docker/daemon.json')

    // The address is tested for real, and the plan shows the merged daemon.json and the commands (never run as root).
    await page.getByTestId('mirror-address').fill(registry.url)
    await page.getByTestId('mirror-test').click()
    await expect(page.getByTestId('mirror-probe')).toHaveAttribute('data-ok', 'true')
    await expect(page.getByTestId('mirror-probe')).toContainText(says('以仓库的身份作答', 'Answered as a registry'))
    await page.getByTestId('mirror-plan').click()
    await expect(page.getByTestId('mirror-diff')).toContainText(`"registry-mirrors"`)
    await expect(page.getByTestId('mirror-diff')).toContainText(registry.url)
    await expect(page.getByTestId('mirror-commands')).toContainText("sudo tee '/etc/docker/daemon.json'")
    await page.getByTestId('mirror-verify').click()
    await expect(page.getByTestId('mirror-not-yet')).toBeVisible()

    // The engine that was restarted with the mirror: Check confirms it, and a test pull goes through it.
    await page.goto(mirrored.url)
    await expect(page.getByTestId('engine-version')).toBeVisible()
    await page.getByTestId('panel-tab-registry').click()
    await expect(page.getByTestId('registry-mirrors')).toContainText(registry.url)
    await page.getByTestId('mirror-address').fill(registry.url)
    await page.getByTestId('mirror-plan').click()
    await page.getByTestId('mirror-verify').click()
    await expect(page.getByTestId('mirror-verified')).toBeVisible()
    await page.getByTestId('mirror-test-image').fill('hello')
    await page.getByTestId('mirror-test-pull').click()
    await page.getByTestId('mirror-check-through').click()
    await expect(page.getByTestId('mirror-through')).toBeVisible()
    rmi(engine.host, 'hello')
  })

  test(`[${locale}] a pull its mirror cannot serve names the mirror and what it did`, async ({ page }) => {
    await open(page, mirrored.url, locale)
    await page.getByTestId('panel-tab-images').click()
    await page.getByTestId('pull-image').fill('hello:no-such-tag')
    await page.getByTestId('pull-run').click()
    const problem = page.getByTestId('docker-failure').first()
    await expect(problem).toHaveAttribute('data-kind', 'dns', { timeout: 30_000 })
    const check = problem.getByTestId('mirror-check')
    await expect(check).toHaveCount(1)
    await expect(check).toHaveAttribute('data-outcome', 'missing')
    await expect(check).toContainText(registry.url)
    await expect(check).toContainText(
      says('但没有 hello:no-such-tag（HTTP 404）', 'works but does not have hello:no-such-tag (HTTP 404)'),
    )
  })

  test(`[${locale}] a chapter lists the images it needs, gets the missing ones, and a failed step says why`, async ({
    page,
    app,
  }) => {
    // Through the mirror: chapter 1.1's hello-world is missing, then here.
    rmi(engine.host, 'hello-world')
    await open(page, mirrored.url, locale)
    await page.getByTestId('chapter-link-1.1').click()
    const images = page.getByTestId('chapter-images')
    await expect(images.locator('[data-image="hello-world:latest"]')).toHaveAttribute('data-present', 'false')
    await images.getByTestId('chapter-images-get-all').click()
    await expect(images.locator('[data-image="hello-world:latest"]')).toHaveAttribute('data-present', 'true', {
      timeout: 30_000,
    })
    await expect(images.getByTestId('chapter-images-ready')).toBeVisible()

    // Without a mirror, the book's own `docker run hello-world` step fails in the terminal, and the step says why.
    rmi(testEngineHost(), 'hello-world')
    await page.goto(app.url)
    await page.getByTestId('chapter-link-1.1').click()
    const step = page.locator('[data-step-id]').filter({ hasText: 'docker run hello-world' }).first()
    await step.getByTestId('step-run').click()
    const problem = step.getByTestId('docker-failure')
    await expect(problem).toHaveAttribute('data-kind', 'dns', { timeout: 30_000 })
    // One explanation for the failed step: the pull's reason, not a second one beside it.
    await expect(step.getByTestId('docker-failure')).toHaveCount(1)
    await expect(problem).toContainText(says('没有网络', 'No network'))
  })
}

test('images go onto a USB stick and back: export to .tar.gz, remove, import, in the page', async ({ page, app }) => {
  const host = testEngineHost()
  const name = 'whalebook/usb-stick:v1'
  docker(host, ['tag', TEST_IMAGE, name])
  await open(page, app.url, 'en')
  await page.getByTestId('panel-tab-images').click()
  await page.getByTestId('images-table-filter').fill('usb-stick')
  const download = page.waitForEvent('download')
  await page.getByTestId('image-actions').first().click()
  await page.getByTestId('image-export').click()
  const file = await (await download).path()
  expect(gunzipSync(readFileSync(file)).toString('latin1')).toContain('manifest.json')

  rmi(host, name)
  // The file picker is the app's own button, in the UI's language; the browser's native one is out of sight.
  const picker = page.locator('label', { has: page.getByTestId('images-import') })
  await expect(picker).toHaveText('Import .tar / .tar.gz')
  expect((await page.getByTestId('images-import').boundingBox())?.width ?? 0).toBeLessThanOrEqual(1)
  await page.getByTestId('images-import').setInputFiles({
    name: 'usb-stick.tar.gz',
    mimeType: 'application/gzip',
    buffer: readFileSync(file),
  })
  await expect(page.getByTestId('images-loaded')).toContainText(name)
  await expect(page.getByTestId('images-table')).toContainText(name)
  // Its progress counts bytes, as a pull's does (never "step 2004992 of 2004992").
  const load = page.locator('[data-testid="operation"][data-kind="load"]').first()
  await expect(load.locator('.head')).toContainText(/[\d.]+ (B|KiB|MiB) \/ [\d.]+ (B|KiB|MiB)/)
  await expect(load).not.toContainText(/step/i)
  rmi(host, name)
})

test('“Run in the terminal” sends the plan’s commands to the terminal, where sudo (a recording stand-in here) runs them', async ({
  page,
}) => {
  // A stand-in `sudo` first on PATH records what it was asked to do, and writes nothing outside its folder.
  const bin = mkdtempSync(join(tmpdir(), 'wb-fake-sudo-'))
  const log = join(bin, 'sudo.log')
  writeFileSync(
    join(bin, 'sudo'),
    `#!/bin/sh\necho "sudo $*" >> '${log}'\nif [ "$1" = tee ]; then cat >> '${log}'; fi\nexit 0\n`,
    { mode: 0o755 },
  )
  const app = await startServe({ DOCKER_HOST: testEngineHost(), PATH: `${bin}:${process.env.PATH ?? ''}` })
  try {
    await open(page, app.url, 'en')
    await page.getByTestId('panel-tab-registry').click()
    await page.getByTestId('mirror-address').fill(registry.url)
    await page.getByTestId('mirror-plan').click()
    await page.getByTestId('mirror-apply').click()
    await expect
      .poll(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), { timeout: 20_000 })
      .toContain('sudo systemctl restart docker')
    const recorded = readFileSync(log, 'utf8')
    expect(recorded).toContain('sudo tee /etc/docker/daemon.json')
    expect(recorded).toContain(`"registry-mirrors": [\n    "${registry.url}"\n  ]`)
  } finally {
    await app.stop()
  }
})
