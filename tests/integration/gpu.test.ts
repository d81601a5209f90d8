import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { GpuReport } from '@shared/contract'
import { createBackend, type Backend } from '../../src/main/backend'
import { TEST_IMAGE } from '../support/test-image'
import { fakeNvidiaSmi, pathWith } from '../support/fake-nvidia-smi'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/gpu/${name}`, import.meta.url), 'utf8')
const ctx = { transport: 'ws' as const, clientId: 'test' }

/** A PCI bus as /sys lists it: one folder per device, with its vendor and class ids. */
function pciBus(devices: Array<{ vendor: string; class: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pci-'))
  devices.forEach((d, i) => {
    const device = join(dir, `0000:00:0${i}.0`)
    mkdirSync(device)
    writeFileSync(join(device, 'vendor'), `${d.vendor}\n`)
    writeFileSync(join(device, 'class'), `${d.class}\n`)
  })
  return dir
}
const HOST_BRIDGE = { vendor: '0x8086', class: '0x060000' }

describe('GPU detection with a fake nvidia-smi and the private engine', () => {
  const host = inject('dockerHost')
  const backends: Backend[] = []
  afterAll(async () => {
    for (const b of backends) await b.dispose()
  })

  async function report(path: string, extra: NodeJS.ProcessEnv = {}, kernelRelease?: string): Promise<GpuReport> {
    const backend = createBackend({
      version: 'test',
      kernelRelease,
      env: { PATH: path, HOME: '/tmp', DOCKER_HOST: host, WHALEBOOK_GPU_TIMEOUT_MS: '1500', ...extra },
      log: () => {},
    })
    backends.push(backend)
    const reply = await backend.dispatcher.dispatch('gpu.refresh', {}, ctx)
    if (!('result' in reply)) throw new Error(JSON.stringify(reply))
    return reply.result as GpuReport
  }

  it('with no nvidia-smi: no GPU, and the engine has no nvidia runtime', async () => {
    // An NVIDIA device that is not a display controller (a GPU's audio function) is no GPU.
    const r = await report(pathWith(), {
      WHALEBOOK_PCI_DIR: pciBus([HOST_BRIDGE, { vendor: '0x10de', class: '0x040300' }]),
    })
    expect(r.nvidiaPciDevices).toBe(0)
    expect(r.verdict).toBe('no-gpu')
    expect(r.smi.state).toBe('not-installed')
    expect(r.docker.reachable).toBe(true)
    expect(r.docker.runtimes).not.toContain('nvidia')
    expect(r.checklist.find((i) => i.id === 'driver')).toMatchObject({ status: 'missing' })
    expect(r.checklist.find((i) => i.id === 'runtime')).toMatchObject({ status: 'missing' })
  })

  it('with no nvidia-smi but an NVIDIA GPU on the PCI bus: the driver is what is missing', async () => {
    const r = await report(pathWith(), {
      WHALEBOOK_PCI_DIR: pciBus([HOST_BRIDGE, { vendor: '0x10de', class: '0x030200' }]),
    })
    expect(r.nvidiaPciDevices).toBe(1)
    expect(r.verdict).toBe('driver-problem')
    expect(r.checklist.find((i) => i.id === 'driver')).toMatchObject({ status: 'missing' })
    // No bus to read (a container): unknown, not none.
    expect((await report(pathWith(), { WHALEBOOK_PCI_DIR: pciBus([]) })).nvidiaPciDevices).toBeNull()
    // WSL 2 shows a bus of Hyper-V's virtual devices, and its GPU is not on it: unknown there too.
    const hyperV = pciBus([{ vendor: '0x1414', class: '0x030000' }])
    expect((await report(pathWith(), { WHALEBOOK_PCI_DIR: hyperV })).nvidiaPciDevices).toBe(0)
    const wsl = await report(pathWith(), { WHALEBOOK_PCI_DIR: hyperV }, '5.15.167.4-microsoft-standard-WSL2')
    expect(wsl.host).toBe('wsl')
    expect(wsl.nvidiaPciDevices).toBeNull()
  })

  it('with the A100 MIG fixture: GPUs found, toolkit and runtime missing, with fixes', async () => {
    const r = await report(pathWith(fakeNvidiaSmi({ xml: fixture('nvidia-smi-q-x.a100-sxm4-80gb-mig.xml') })))
    expect(r.smi.state).toBe('ok')
    expect(r.driverVersion).toBe('535.54.03')
    expect(r.gpus[0]).toMatchObject({ name: 'NVIDIA A100-SXM4-80GB', migMode: 'enabled' })
    expect(r.verdict).toBe('needs-toolkit')
    const toolkit = r.checklist.find((i) => i.id === 'toolkit')
    expect(toolkit?.status).toBe('missing')
    expect(toolkit?.fix.debian).toContain('sudo apt-get install -y nvidia-container-toolkit')
    expect(r.checklist.find((i) => i.id === 'runtime')?.status).toBe('missing')
  })

  it('with the H200 recorded on a real machine: its CUDA process is listed, outside any container', async () => {
    const r = await report(pathWith(fakeNvidiaSmi({ xml: fixture('nvidia-smi-q-x.h200.with-process.xml') })))
    expect(r.smi.state).toBe('ok')
    expect(r.driverVersion).toBe('580.159.04')
    expect(r.cudaVersion).toBe('13.0')
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]).toMatchObject({ name: 'NVIDIA H200', migMode: 'disabled', memoryTotalMiB: 143771 })
    expect(r.processes).toEqual([{ pid: 472, name: 'python3', usedMemoryMiB: 1542, gpuIndex: 0, container: null }])
    expect(r.verdict).toBe('needs-toolkit')
  })

  it('replaying the H200 with no engine agrees with the report the service made on the real machine', async () => {
    // Made there by tests/support/gpu-report-cli.ts (the same GpuService, the real driver, no Docker engine).
    const real = (JSON.parse(fixture('gpu-report.h200.with-process.json')) as { report: GpuReport }).report
    const here = await report(pathWith(fakeNvidiaSmi({ xml: fixture('nvidia-smi-q-x.h200.with-process.xml') })), {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    })
    const essentials = (r: GpuReport): unknown => ({
      verdict: r.verdict,
      checklist: r.checklist.map((i) => [i.id, i.status]),
      driverVersion: r.driverVersion,
      cudaVersion: r.cudaVersion,
      // The two were recorded on two lent machines: same model and slot, each GPU its own UUID.
      gpus: r.gpus.map((g) => [g.name, g.uuid?.startsWith('GPU-'), g.busId, g.memoryTotalMiB, g.migMode]),
      processes: r.processes.map((p) => [p.name, p.usedMemoryMiB, p.gpuIndex, p.container]),
      dockerReachable: r.docker.reachable,
    })
    expect(real.verdict).toBe('needs-engine')
    expect(essentials(here)).toEqual(essentials(real))
  })

  it('a hung nvidia-smi is cut off at the timeout and reported, not waited on', async () => {
    const started = Date.now()
    const r = await report(pathWith(fakeNvidiaSmi('hang')))
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(r.smi).toMatchObject({ state: 'timeout', message: 'nvidia-smi did not answer' })
    expect(r.verdict).toBe('driver-problem')
  })

  it('a failing nvidia-smi is classified from its message and exit code', async () => {
    const r = await report(pathWith(fakeNvidiaSmi({ fail: fixture('nvidia-smi-driver-fail.txt'), exitCode: 9 })))
    expect(r.smi).toMatchObject({ state: 'failed', failure: 'driver-not-loaded', exitCode: 9 })
    expect(r.smi.message).toContain("couldn't communicate with the NVIDIA driver")
  })

  it('maps a GPU process to the container it runs in', async () => {
    const name = `wb-gpu-proc-${Date.now()}`
    const docker = (args: string[]): string =>
      execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' }).trim()
    docker(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '300'])
    try {
      const pid = docker(['inspect', '-f', '{{.State.Pid}}', name])
      const xml = fixture('nvidia-smi-q-x.rtx3060.xml').replace(
        /<processes>\s*<\/processes>/,
        `<processes><process_info><pid>${pid}</pid><type>C</type><process_name>python</process_name><used_memory>3276 MiB</used_memory></process_info></processes>`,
      )
      const r = await report(pathWith(fakeNvidiaSmi({ xml })))
      expect(r.processes).toEqual([
        {
          pid: Number(pid),
          name: 'python',
          usedMemoryMiB: 3276,
          gpuIndex: 0,
          container: { id: expect.stringMatching(/^[0-9a-f]{64}$/), name },
        },
      ])
    } finally {
      docker(['rm', '-f', name])
    }
  })

  /** The whole backend on the private engine, with no nvidia-smi on its PATH. */
  function engineBackend(): Backend {
    const backend = createBackend({
      version: 'test',
      env: { PATH: pathWith(), HOME: '/tmp', DOCKER_HOST: host },
      log: () => {},
    })
    backends.push(backend)
    return backend
  }

  it('the container test runs --gpus on the real engine and diagnoses the missing toolkit', async () => {
    const backend = engineBackend()
    const reply = await backend.dispatcher.dispatch('gpu.testContainer', { image: TEST_IMAGE }, ctx)
    expect(reply).toMatchObject({
      result: {
        ok: false,
        failure: { kind: 'gpu-no-toolkit' },
        output: expect.stringContaining('could not select device driver'),
      },
    })
    const bad = await backend.dispatcher.dispatch('gpu.testContainer', { image: 'x; rm -rf /' }, ctx)
    expect(bad).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })

  it('a test image that cannot be pulled (the test engine resolves no registry) says why, as any pull does', async () => {
    const backend = engineBackend()
    const reply = await backend.dispatcher.dispatch(
      'gpu.testContainer',
      { image: 'nvidia/cuda:12.4.1-base-ubuntu22.04' },
      ctx,
    )
    expect(reply).toMatchObject({
      result: {
        ok: false,
        failure: { kind: 'dns', host: 'registry-1.docker.io', via: null },
      },
    })
  })
})
