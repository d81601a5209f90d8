import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { expect, test, testEngineHost, locale as useLocale, waitForShell } from './fixtures'

/** A PCI bus with no NVIDIA device on it, whatever machine the test runs on. */
function busWithoutNvidia(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pci-'))
  mkdirSync(join(dir, '0000:00:00.0'))
  writeFileSync(join(dir, '0000:00:00.0', 'vendor'), '0x8086\n')
  writeFileSync(join(dir, '0000:00:00.0', 'class'), '0x060000\n')
  return dir
}

const WORDS = {
  en: {
    rnu: 'docker has no command rnu.',
    didYouMean: 'Did you mean docker run?',
    cannot: 'This machine cannot run this chapter’s GPU containers:',
    noGpu: 'No NVIDIA GPU detected',
    obsolete: 'Obsolete',
    useCuda: 'use nvidia/cuda:12.4.1-base-ubuntu22.04 instead',
    useNginx: 'use nginx instead',
  },
  'zh-CN': {
    rnu: 'docker 没有 rnu 这个命令。',
    didYouMean: '你是想输入 docker run 吗？',
    cannot: '本机无法运行本章的 GPU 容器：',
    noGpu: '没有检测到 NVIDIA GPU',
    obsolete: '已过时',
    useCuda: '请改用 nvidia/cuda:12.4.1-base-ubuntu22.04',
    useNginx: '请改用 nginx',
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

  test(`[${lang}] a GPU chapter on a machine without a GPU says so at its top; obsolete images are apart, with their modern ones`, async ({
    page,
  }) => {
    const app = await startServe({
      DOCKER_HOST: testEngineHost(),
      PATH: pathWith(),
      WHALEBOOK_PCI_DIR: busWithoutNvidia(),
    })
    try {
      await useLocale(page, lang)
      await page.goto(`${app.url}#/chapter/3`)
      const notice = page.getByTestId('chapter-gpu-notice')
      await expect(notice).toHaveAttribute('data-verdict', 'no-gpu', { timeout: 20_000 })
      await expect(notice).toContainText(w.cannot)
      await expect(notice).toContainText(w.noGpu)
      const gone = page.getByTestId('chapter-images-obsolete')
      await expect(gone).toContainText(w.obsolete)
      await expect(gone.getByTestId('chapter-image-obsolete')).toHaveCount(5)
      await expect(gone.locator('[data-image="nvidia/cuda:8.0-cudnn6-devel-ubuntu16.04"]')).toContainText(w.useCuda)
      // "Get them all" counts the current images only (jupyter, caffe, tensorflow), not the eight the book names.
      await expect(page.getByTestId('chapter-images-get-all')).toContainText('(3)')
      await expect(page.getByTestId('chapter-images').locator('li[data-present]')).toHaveCount(3)
      // A chapter with no GPU container says nothing of GPUs, and 2.7's sample image is retired for nginx.
      await page.goto(`${app.url}#/chapter/2.7`)
      await expect(page.getByTestId('chapter-images-obsolete')).toContainText(w.useNginx)
      await expect(page.locator('[data-testid="chapter-images"] li[data-present]')).toHaveCount(1)
      await expect(page.getByTestId('chapter-gpu-notice')).toHaveCount(0)
    } finally {
      await app.stop()
    }
  })
}
