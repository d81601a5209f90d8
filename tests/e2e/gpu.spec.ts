import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fakeNvidiaSmi, pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { expect, test, testEngineHost, locale as useLocale } from './fixtures'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/gpu/${name}`, import.meta.url), 'utf8')

/** A PCI bus with no NVIDIA device on it, whatever machine the test runs on. */
function busWithoutNvidia(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pci-'))
  mkdirSync(join(dir, '0000:00:00.0'))
  writeFileSync(join(dir, '0000:00:00.0', 'vendor'), '0x8086\n')
  writeFileSync(join(dir, '0000:00:00.0', 'class'), '0x060000\n')
  return dir
}

for (const [locale, words] of [
  [
    'en',
    {
      none: 'This machine has no NVIDIA GPU.',
      chapter: 'its commands cannot run here, but the chapter can be read',
      blocked: 'There is no NVIDIA GPU here to test.',
    },
  ],
  [
    'zh-CN',
    {
      none: '这台机器没有 NVIDIA GPU。',
      chapter: '它的命令无法在这里运行，但仍可阅读',
      blocked: '这里没有可以测试的 NVIDIA GPU。',
    },
  ],
] as const) {
  test(`[${locale}] without an NVIDIA GPU the panel says so plainly: chapter 3 cannot run here, no install steps as a fix, no test`, async ({
    page,
  }) => {
    const app = await startServe({
      DOCKER_HOST: testEngineHost(),
      PATH: pathWith(),
      WHALEBOOK_PCI_DIR: busWithoutNvidia(),
    })
    try {
      await useLocale(page, locale)
      await page.goto(app.url)
      await page.getByTestId('panel-tab-gpu').click()
      const absent = page.getByTestId('gpu-absent')
      await expect(absent).toContainText(words.none)
      await expect(absent).toContainText(words.chapter)
      // What a GPU machine needs is there for reference, folded: no driver install offered as this machine's fix.
      await expect(page.getByTestId('gpu-checklist')).not.toHaveAttribute('open')
      await expect(page.locator('[data-check="driver"]')).toHaveCount(1)
      await expect(page.locator('[data-check="driver"]')).toBeHidden()
      await expect(page.getByTestId('gpu-test-run')).toBeDisabled()
      await expect(page.getByTestId('gpu-test-blocked')).toHaveText(words.blocked)
      await expect(page.getByTestId('gpu-test-run')).toHaveAttribute('title', words.blocked)
      await page.getByTestId('gpu-absent-chapter').click()
      await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '3')
    } finally {
      await app.stop()
    }
  })
}

test('the GPU panel on a machine with no GPU says so, with the driver and runtime missing', async ({ page }) => {
  const app = await startServe({
    DOCKER_HOST: testEngineHost(),
    PATH: pathWith(),
    WHALEBOOK_PCI_DIR: busWithoutNvidia(),
  })
  try {
    await page.goto(app.url)
    await page.getByTestId('panel-tab-gpu').click()
    await expect(page.getByTestId('gpu-verdict')).toHaveAttribute('data-verdict', 'no-gpu')
    await expect(page.locator('[data-check="driver"]')).toHaveAttribute('data-status', 'missing')
    await expect(page.locator('[data-check="runtime"]')).toHaveAttribute('data-status', 'missing')
    await expect(page.getByTestId('gpu-card')).toHaveCount(0)
    // The legacy commands of chapter 3, rewritten.
    await expect(page.getByTestId('gpu-panel')).toContainText(
      `docker run --gpus '"device=1,3"' --rm nvidia/caffe nvidia-smi`,
    )
  } finally {
    await app.stop()
  }
})

test('the GPU panel on the A100 fixture machine shows the GPU, MIG and what Docker lacks', async ({ page }) => {
  const smi = fakeNvidiaSmi({ xml: fixture('nvidia-smi-q-x.a100-sxm4-80gb-mig.xml') })
  const app = await startServe({ DOCKER_HOST: testEngineHost(), PATH: pathWith(smi) })
  try {
    await page.goto(app.url)
    await page.getByTestId('panel-tab-gpu').click()
    await expect(page.getByTestId('gpu-verdict')).toHaveAttribute('data-verdict', 'needs-toolkit')
    await expect(page.getByTestId('gpu-card')).toHaveCount(1)
    await expect(page.getByTestId('gpu-card')).toContainText('NVIDIA A100-SXM4-80GB')
    await expect(page.getByTestId('gpu-card')).toContainText('MIG 3')
    await expect(page.locator('[data-check="driver"]')).toContainText('535.54.03')
    await expect(page.locator('[data-check="toolkit"]')).toContainText(
      'sudo apt-get install -y nvidia-container-toolkit',
    )

    // The real engine has no GPU support: the container test says why.
    await page.getByTestId('gpu-test-image').fill('whalebook/busybox:latest')
    await page.getByTestId('gpu-test-run').click()
    await expect(page.getByTestId('gpu-test-result')).toHaveAttribute('data-kind', 'gpu-no-toolkit')
  } finally {
    await app.stop()
  }
})
