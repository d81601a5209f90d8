import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { _electron as electron, expect, test } from '@playwright/test'

/** The Electron binary's path, or why there is none (it cannot be downloaded on every machine). */
function electronBinary(): { path?: string; reason?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string
    if (typeof path === 'string' && existsSync(path)) return { path }
    return {
      reason: `the electron package has no binary at ${String(path)} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)`,
    }
  } catch (error) {
    return { reason: `no Electron binary: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }
  }
}

const binary = electronBinary()
if (!binary.path) console.log(`[electron suite] skipped: ${binary.reason ?? ''}`)

test.describe('Electron app', () => {
  test.skip(!binary.path, `Skipped: ${binary.reason ?? ''}`)

  test('opens a locked-down window with the engine in the status bar', async () => {
    const app = await electron.launch({
      args: ['out/main/index.js'],
      env: { ...process.env, DOCKER_HOST: process.env.TEST_DOCKER_HOST ?? '' },
    })
    try {
      const page = await app.firstWindow()
      await expect(page).toHaveTitle('Whalebook')
      await expect(page.getByTestId('status-bar')).toContainText(/Docker \d/)
      const exposed = await page.evaluate(() => ({
        api: Object.keys(window.api ?? {}).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }))
      expect(exposed).toEqual({ api: ['invoke', 'on', 'transport'], require: 'undefined', process: 'undefined' })
    } finally {
      await app.close()
    }
  })
})
