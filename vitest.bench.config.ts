import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Benchmarks run as single long tests that print and record their figures (never part of `npm test`). */
export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
