import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Docker from 'dockerode'
import { describe, expect, inject, it } from 'vitest'
import { DiskUsage } from '@shared/contract'
import { diskUsageOf, type SystemDf } from '../../src/main/services/resources/disk-usage'

/** go-units' HumanSize (precision 4), as `docker system df` prints sizes. */
function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let size = bytes
  let i = 0
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000
    i++
  }
  return `${Number(size.toPrecision(4))}${units[i]}`
}

describe('disk usage, as `docker system df` computes it', () => {
  it('agrees with the docker CLI on the private engine: counts, active, sizes and what is reclaimable', async () => {
    const host = inject('dockerHost')
    const docker = new Docker({ socketPath: host.replace(/^unix:\/\//, '') })
    const readCli = async (): Promise<string> =>
      (
        await promisify(execFile)('docker', ['system', 'df', '--format', '{{json .}}'], {
          env: { ...process.env, DOCKER_HOST: host },
        })
      ).stdout
    // Other test files change this engine meanwhile: compare only a CLI reading taken between two equal API readings.
    let df: SystemDf = {}
    let cli = { stdout: '' }
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = (await docker.df()) as SystemDf
      cli = { stdout: await readCli() }
      df = (await docker.df()) as SystemDf
      if (JSON.stringify(diskUsageOf(before)) === JSON.stringify(diskUsageOf(df))) break
    }
    const ours = DiskUsage.parse(diskUsageOf(df))
    const theirs = cli.stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { Type: string; TotalCount: string; Active: string; Size: string; Reclaimable: string },
      )
    expect(ours.rows.map((r) => r.type)).toEqual(theirs.map((r) => r.Type))
    for (const [i, row] of ours.rows.entries()) {
      const cliRow = theirs[i]!
      expect(String(row.total), row.type).toBe(cliRow.TotalCount)
      expect(String(row.active), row.type).toBe(cliRow.Active)
      expect(humanSize(row.size), row.type).toBe(cliRow.Size)
      expect(cliRow.Reclaimable.startsWith(humanSize(row.reclaimable)), `${row.type}: ${cliRow.Reclaimable}`).toBe(true)
    }
  })
})

describe('diskUsageOf', () => {
  it('counts shared layers once, ignores sizes the engine did not compute (-1), and takes empty answers', () => {
    const rows = diskUsageOf({
      Images: [
        { Size: 100, SharedSize: 60, Containers: 1 },
        { Size: 80, SharedSize: 60, Containers: 0 },
      ],
      Containers: [
        { SizeRw: 5, State: 'running' },
        { SizeRw: -1, State: 'exited' },
        { SizeRw: 7, State: 'exited' },
      ],
      Volumes: [{ UsageData: { Size: -1, RefCount: -1 } }, { UsageData: { Size: 30, RefCount: 0 } }],
      BuildCache: null,
    }).rows
    expect(rows).toEqual([
      { type: 'Images', total: 2, active: 1, size: 40 + 20 + 60, reclaimable: 120 - 40 },
      { type: 'Containers', total: 3, active: 1, size: 12, reclaimable: 7 },
      { type: 'Local Volumes', total: 2, active: 0, size: 30, reclaimable: 30 },
      { type: 'Build Cache', total: 0, active: 0, size: 0, reclaimable: 0 },
    ])
    expect(diskUsageOf({}).rows.every((r) => r.total === 0 && r.size === 0)).toBe(true)
  })
})
