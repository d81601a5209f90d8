import { randomUUID } from 'node:crypto'
import type Docker from 'dockerode'
import { claim } from '../runs/claims'
import { asAppAction, type AppActions } from '../runs/app-actions'
import type { RunBounded } from './run-bounded'
import { demuxLogs } from '../engine/demux-logs'
import { gpuFactsFromInfo, gpuFactsFromInfoText, type DockerGpuFacts } from './docker-gpu-facts'

/** The GPU service's view of the engine, through dockerode (and the CLI as a fallback for facts). */
export function engineGpuAdapter(
  connection: { docker: Docker; streams: Docker },
  run: RunBounded,
  dockerCli: string | undefined,
  /** The test's pull and its container are the app's own changes ("GPU panel: test nvidia/cuda"). */
  actions: AppActions,
) {
  return {
    async dockerFacts(): Promise<DockerGpuFacts | null> {
      const { docker } = connection
      try {
        return gpuFactsFromInfo((await docker.info()) as Parameters<typeof gpuFactsFromInfo>[0])
      } catch {
        if (!dockerCli) return null
        const r = await run(dockerCli, ['info'], 5000)
        return r.exitCode === 0 && /Server Version:/.test(r.stdout) ? gpuFactsFromInfoText(r.stdout) : null
      }
    },

    async containerNames(): Promise<Map<string, string>> {
      const { docker } = connection
      const list = await docker.listContainers({ all: true })
      return new Map(list.map((c) => [c.Id, (c.Names[0] ?? '').replace(/^\//, '')]))
    },

    runGpuContainer(image: string): Promise<{ exitCode: number | null; output: string }> {
      // Named up front, so its events are known as the test's from the first one.
      const name = `whalebook-gpu-test-${randomUUID().slice(0, 8)}`
      return asAppAction(
        actions,
        { kind: 'gpu.test', target: image },
        [claim('image', image), claim('container', name)],
        () => runTestContainer(connection, image, name),
      )
    },
  }
}

async function runTestContainer(
  connection: { docker: Docker; streams: Docker },
  image: string,
  name: string,
): Promise<{ exitCode: number | null; output: string }> {
  const { docker, streams } = connection
  try {
    await docker.getImage(image).inspect()
  } catch {
    await new Promise<void>((resolve, reject) => {
      streams.pull(image, (err: Error | null, stream: NodeJS.ReadableStream) => {
        if (err) return reject(err)
        streams.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve()))
      })
    })
  }
  const container = await docker.createContainer({
    name,
    Image: image,
    Cmd: ['nvidia-smi', '-L'],
    Labels: { 'io.whalebook.gpu-test': '1' },
    HostConfig: { DeviceRequests: [{ Driver: '', Count: -1, Capabilities: [['gpu']] }] },
  })
  try {
    await container.start()
    const { StatusCode } = (await streams.getContainer(container.id).wait()) as { StatusCode: number }
    const logs = await container.logs({ stdout: true, stderr: true, follow: false })
    return { exitCode: StatusCode, output: demuxLogs(logs) }
  } finally {
    await container.remove({ force: true }).catch(() => {})
  }
}
