import { defineConfig } from '@playwright/test'

/**
 * Two projects: `chromium` drives the real renderer through the serve transport in Debian's
 * Chromium; `electron` drives the real app where an Electron binary exists, else skips itself.
 */
export default defineConfig({
  testDir: 'tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  globalSetup: './tests/support/playwright-global-setup.ts',
  projects: [
    {
      name: 'chromium',
      testDir: 'tests/e2e',
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
        viewport: { width: 1280, height: 800 },
      },
    },
    { name: 'electron', testDir: 'tests/electron' },
    {
      name: 'docs',
      testDir: 'tests/docs',
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
        },
        viewport: { width: 1280, height: 800 },
        colorScheme: 'light',
      },
    },
  ],
})
