import { acquireTestEngine } from './engine-for-tests'

/** Workers inherit this process's env, so TEST_DOCKER_HOST reaches every test file. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // macOS and Windows CI runners have no Docker engine: the Electron suite then checks the app without one.
  if (process.env.WHALEBOOK_TEST_ENGINE === 'none') return async () => {}
  const engine = await acquireTestEngine()
  process.env.TEST_DOCKER_HOST = engine.host
  return engine.release
}
