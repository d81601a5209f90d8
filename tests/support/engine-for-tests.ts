import { buildNginxStandIn, buildTestImage } from './test-image'
import { startPrivateDockerd, type PrivateDockerd } from './private-dockerd'

/**
 * The engine a test run uses: TEST_DOCKER_HOST when given (the caller owns it), else a private
 * dockerd started here. Either way the local busybox image is there.
 */
export async function acquireTestEngine(): Promise<{ host: string; release: () => Promise<void> }> {
  const given = process.env.TEST_DOCKER_HOST
  if (given) {
    buildTestImage(given)
    buildNginxStandIn(given)
    return { host: given, release: async () => {} }
  }
  const dockerd: PrivateDockerd = await startPrivateDockerd({ network: 'private' })
  try {
    buildTestImage(dockerd.host)
    buildNginxStandIn(dockerd.host)
  } catch (error) {
    await dockerd.stop()
    throw error
  }
  return { host: dockerd.host, release: () => dockerd.stop() }
}
