import type Docker from 'dockerode'
import type { RunBounded } from './run-bounded'
import { demuxLogs } from '../engine/demux-logs'
import { gpuFactsFromInfo, gpuFactsFromInfoText, type DockerGpuFacts } from './docker-gpu-facts'

/** The GPU service's view of the engine, through dockerode (and the CLI as a fallback for facts). */
export function engineGpuAdapter(
  connection: { docker: Docker; streams: Docker },
  run: RunBounded,
  dockerCli: string | undefined,
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

    async runGpuContainer(image: string): Promise<{ exitCode: number | null; output: string }> {
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
    },
  }
}
