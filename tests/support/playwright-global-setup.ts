import { acquireTestEngine } from './engine-for-tests'

/** Workers inherit this process's env, so TEST_DOCKER_HOST reaches every test file. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const engine = await acquireTestEngine()
  process.env.TEST_DOCKER_HOST = engine.host
  return engine.release
}
