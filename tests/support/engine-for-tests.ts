import { buildNginxStandIn, buildTestImage } from './test-image'
import { buildRosStandIns } from './ros-stand-in'
import { buildXClientImage } from './x-client'
import { startPrivateDockerd, type PrivateDockerd } from './private-dockerd'

/**
 * The engine a test run uses: TEST_DOCKER_HOST when given (the caller owns it), else a private
 * dockerd started here. Either way the local busybox image and the stand-ins built from it are there.
 */
export async function acquireTestEngine(): Promise<{ host: string; release: () => Promise<void> }> {
  const given = process.env.TEST_DOCKER_HOST
  if (given) {
    buildImages(given)
    return { host: given, release: async () => {} }
  }
  const dockerd: PrivateDockerd = await startPrivateDockerd({ network: 'private' })
  try {
    buildImages(dockerd.host)
  } catch (error) {
    await dockerd.stop()
    throw error
  }
  return { host: dockerd.host, release: () => dockerd.stop() }
}

function buildImages(host: string): void {
  buildTestImage(host)
  buildNginxStandIn(host)
  buildRosStandIns(host)
  buildXClientImage(host)
}
