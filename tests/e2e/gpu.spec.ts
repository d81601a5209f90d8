import { readFileSync } from 'node:fs'
import { fakeNvidiaSmi, pathWith } from '../support/fake-nvidia-smi'
import { startServe } from '../support/serve-process'
import { expect, test, testEngineHost } from './fixtures'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/gpu/${name}`, import.meta.url), 'utf8')

test('the GPU panel on a machine with no GPU says so, with the driver and runtime missing', async ({ page }) => {
  const app = await startServe({ DOCKER_HOST: testEngineHost(), PATH: pathWith() })
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
