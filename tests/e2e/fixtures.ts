import { test as base, expect } from '@playwright/test'
import { startServe, type ServeProcess } from '../support/serve-process'

export function testEngineHost(): string {
  const host = process.env.TEST_DOCKER_HOST
  if (!host) throw new Error('TEST_DOCKER_HOST is not set: the Playwright global setup starts the private engine')
  return host
}

/** `app`: a real `serve` process on the private engine; the page is opened through its tokened URL. */
export const test = base.extend<{ app: ServeProcess }>({
  app: async ({}, use) => {
    const app = await startServe({ DOCKER_HOST: testEngineHost(), WHALEBOOK_LIVENESS_MS: '500' })
    await use(app)
    await app.stop()
  },
})

export { expect }
