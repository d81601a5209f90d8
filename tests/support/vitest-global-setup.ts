import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { acquireTestEngine } from './engine-for-tests'

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await acquireTestEngine()
  project.provide('dockerHost', engine.host)
  return engine.release
}
