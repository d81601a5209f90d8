import { readFileSync } from 'node:fs'
import { busWithoutNvidia, fakeNvidiaSmi, pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { expect, test, testEngineHost, locale as useLocale } from './fixtures'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/gpu/${name}`, import.meta.url), 'utf8')

for (const [locale, words] of [
  [
    'en',
    {
      none: 'This machine has no NVIDIA GPU.',
      chapter: 'its commands cannot run here, but the chapter can be read',
      blocked: 'There is no NVIDIA GPU here to test.',
      cannot: 'This machine cannot run this chapter’s GPU containers:',
      noGpu: 'No NVIDIA GPU detected',
      obsolete: 'Obsolete',
      useCuda: 'use nvidia/cuda:12.4.1-base-ubuntu22.04 instead',
      useNginx: 'use nginx instead',
    },
  ],
  [
    'zh-CN',
    {
      none: '这台机器没有 NVIDIA GPU。',
      chapter: '它的命令无法在这里运行，但仍可阅读',
      blocked: '这里没有可以测试的 NVIDIA GPU。',
      cannot: '本机无法运行本章的 GPU 容器：',
      noGpu: '没有检测到 NVIDIA GPU',
      obsolete: '已过时',
      useCuda: '请改用 nvidia/cuda:12.4.1-base-ubuntu22.04',
      useNginx: '请改用 nginx',
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
      // The chapter says it at its top too, and lists its obsolete images apart, each with its modern one.
      const notice = page.getByTestId('chapter-gpu-notice')
      await expect(notice).toHaveAttribute('data-verdict', 'no-gpu')
      await expect(notice).toContainText(words.cannot)
      await expect(notice).toContainText(words.noGpu)
      const gone = page.getByTestId('chapter-images-obsolete')
      await expect(gone).toContainText(words.obsolete)
      await expect(gone.getByTestId('chapter-image-obsolete')).toHaveCount(5)
      await expect(gone.locator('[data-image="nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04"]')).toContainText(words.useCuda)
      // "Get them all" counts the current images only (jupyter, caffe, tensorflow), not the eight the book names.
      await expect(page.getByTestId('chapter-images-get-all')).toContainText('(3)')
      await expect(page.getByTestId('chapter-images').locator('li[data-present]')).toHaveCount(3)
      // A chapter with no GPU container says nothing of GPUs, and 2.7's sample image is retired for nginx.
      await page.goto(`${app.url}#/chapter/2.7`)
      await expect(page.getByTestId('chapter-images-obsolete')).toContainText(words.useNginx)
      await expect(page.locator('[data-testid="chapter-images"] li[data-present]')).toHaveCount(1)
      await expect(page.getByTestId('chapter-gpu-notice')).toHaveCount(0)
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
