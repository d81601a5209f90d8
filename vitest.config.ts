import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // One file at a time: the integration files share one private dockerd, and a command's effects are every engine
    // event inside its time window, so another file's changes at the same moment would be counted as its own.
    fileParallelism: false,
  },
})
