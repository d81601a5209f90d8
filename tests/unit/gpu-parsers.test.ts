import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseCdiSpec } from '../../src/main/services/gpu/cdi-spec'
import { gpuFactsFromInfo, gpuFactsFromInfoText, isDockerDesktop } from '../../src/main/services/gpu/docker-gpu-facts'
import { parseSmiCsv } from '../../src/main/services/gpu/nvidia-smi-csv'
import { parseSmiList } from '../../src/main/services/gpu/nvidia-smi-list'
import { parseSmiXml } from '../../src/main/services/gpu/nvidia-smi-xml'
import {
  classifySmiFailure,
  containerIdFromCgroup,
  parseProcDriverVersion,
} from '../../src/main/services/gpu/smi-failure'
import { explainFailure } from '@shared/docker/failure'
import { modernizeGpuCommand } from '@shared/gpu-fixes'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/gpu/${name}`, import.meta.url), 'utf8')

describe('nvidia-smi -q -x', () => {
  it('reads a datacenter GPU with MIG enabled', () => {
    const r = parseSmiXml(fixture('nvidia-smi-q-x.a100-sxm4-80gb-mig.xml'))
    expect(r.driverVersion).toBe('535.54.03')
    expect(r.cudaVersion).toBe('12.2')
    // The file claims 4 attached GPUs but holds one <gpu>: count what is there.
    expect(r.gpus).toHaveLength(1)
    const gpu = r.gpus[0]
    expect(gpu).toMatchObject({
      index: 0,
      name: 'NVIDIA A100-SXM4-80GB',
      migMode: 'enabled',
      memoryTotalMiB: 81920,
      powerW: 67.03,
    })
    // On a MIG-enabled GPU, GPU-level utilization is N/A.
    expect(gpu?.utilizationPercent).toBeNull()
    expect(gpu?.migDevices).toHaveLength(4)
    expect(gpu?.migDevices[0]).toMatchObject({
      index: 0,
      gpuInstanceId: 3,
      computeInstanceId: 0,
      memoryTotalMiB: 19968,
    })
    expect(gpu?.uuid).toMatch(/^GPU-/)
  })

  it('reads a consumer GPU', () => {
    const r = parseSmiXml(fixture('nvidia-smi-q-x.rtx3060.xml'))
    expect(r.driverVersion).toBe('570.124.04')
    expect(r.gpus[0]).toMatchObject({
      name: 'NVIDIA GeForce RTX 3060',
      uuid: 'GPU-d6889ff6-2523-9142-ca3c-1ca3f396a625',
      busId: '00000000:2D:00.0',
      memoryTotalMiB: 12288,
      memoryUsedMiB: 116,
      utilizationPercent: 0,
      temperatureC: 42,
      powerW: 11.63,
    })
    expect(r.processes).toEqual([])
  })

  it('reads a real H200 (schema v13, recorded on a lent machine), idle and with a CUDA process', () => {
    const idle = parseSmiXml(fixture('nvidia-smi-q-x.h200.xml'))
    expect(idle.driverVersion).toBe('580.159.04')
    expect(idle.cudaVersion).toBe('13.0')
    expect(idle.gpus).toHaveLength(1)
    expect(idle.gpus[0]).toMatchObject({
      index: 0,
      name: 'NVIDIA H200',
      uuid: 'GPU-a9a60faf-a839-1b91-a0fb-4017ebbc5d83',
      busId: '00000000:00:06.0',
      migMode: 'disabled',
      memoryTotalMiB: 143771,
      memoryUsedMiB: 0,
      utilizationPercent: 0,
      temperatureC: 37,
    })
    expect(idle.gpus[0]?.migDevices).toEqual([])
    expect(idle.processes).toEqual([])

    const busy = parseSmiXml(fixture('nvidia-smi-q-x.h200.with-process.xml'))
    expect(busy.processes).toEqual([{ pid: 472, name: 'python3', usedMemoryMiB: 1542, gpuIndex: 0 }])
  })

  it('rejects what is not nvidia-smi XML', () => {
    expect(() => parseSmiXml('<html></html>')).toThrow(/not nvidia-smi/)
  })
})

describe('nvidia-smi --query-gpu CSV', () => {
  it('reads two GPUs with units, using the canonical header names', () => {
    const rows = parseSmiCsv(fixture('nvidia-smi-query.a100-pcie-40gb-x2.csv'))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      name: 'NVIDIA A100-PCIE-40GB',
      'pci.bus_id': '00000000:12:00.0',
      'memory.total': '40960 MiB',
      'utilization.gpu': '0 %',
    })
    expect(rows[1]?.['pci.bus_id']).toBe('00000000:8A:00.0')
  })

  it('reads nounits output with [N/A] fields', () => {
    const [row] = parseSmiCsv(fixture('nvidia-smi-query.tesla-p100.nounits.csv'))
    expect(row).toMatchObject({
      name: 'Tesla P100-PCIE-16GB',
      'fan.speed': null,
      pstate: 'P0',
      'memory.free': '16280',
      'power.draw': '28.16',
    })
  })

  it('reads headerless output against the fields asked for', () => {
    expect(parseSmiCsv('0, GPU-abc, 1024\n', ['index', 'uuid', 'memory.used'])).toEqual([
      { index: '0', uuid: 'GPU-abc', 'memory.used': '1024' },
    ])
  })
})

describe('other probes', () => {
  it('parses the H200’s nvidia-smi -L, --query-gpu and --query-compute-apps as recorded', () => {
    expect(parseSmiList(fixture('nvidia-smi-L.h200.txt'))).toEqual([
      { index: 0, name: 'NVIDIA H200', uuid: 'GPU-a9a60faf-a839-1b91-a0fb-4017ebbc5d83', mig: [] },
    ])
    expect(parseSmiCsv(fixture('nvidia-smi-query.h200.csv'))[0]).toMatchObject({
      name: 'NVIDIA H200',
      driver_version: '580.159.04',
      'memory.total': '143771 MiB',
      compute_cap: '9.0',
      'mig.mode.current': 'Disabled',
    })
    expect(parseSmiCsv(fixture('nvidia-smi-compute-apps.h200.csv'))).toEqual([
      { pid: '472', process_name: 'python3', used_gpu_memory: '1542 MiB' },
    ])
  })

  it('parses nvidia-smi -L with MIG children', () => {
    const [gpu] = parseSmiList(fixture('nvidia-smi-L.a30-mig.txt'))
    expect(gpu).toMatchObject({ index: 0, name: 'NVIDIA A30' })
    expect(gpu?.mig.map((m) => m.profile)).toEqual(['2g.12gb', '1g.6gb', '1g.6gb'])
  })

  it('classifies the driver failure message and documented exit codes', () => {
    expect(classifySmiFailure(9, fixture('nvidia-smi-driver-fail.txt'))).toBe('driver-not-loaded')
    expect(classifySmiFailure(null, fixture('nvidia-smi-driver-fail.txt'))).toBe('driver-not-loaded')
    expect(classifySmiFailure(18, 'Failed to initialize NVML: Driver/library version mismatch')).toBe(
      'version-mismatch',
    )
    expect(classifySmiFailure(255, 'weird')).toBe('other')
  })

  it('parses both /proc/driver/nvidia/version formats', () => {
    expect(parseProcDriverVersion(fixture('proc-driver-nvidia-version.proprietary-525.txt'))).toEqual({
      version: '525.60.13',
      open: false,
    })
    expect(parseProcDriverVersion(fixture('proc-driver-nvidia-version.open-565.txt'))).toEqual({
      version: '565.57.01',
      open: true,
    })
    expect(parseProcDriverVersion(fixture('proc-driver-nvidia-version.h200.txt'))).toEqual({
      version: '580.159.04',
      open: true,
    })
  })

  it('finds the nvidia runtime in docker info text and JSON', () => {
    const text = gpuFactsFromInfoText(fixture('docker-info.nvidia-runtime.ubuntu2204.txt'))
    expect(text).toMatchObject({
      runtimes: ['io.containerd.runc.v2', 'nvidia', 'runc'],
      defaultRuntime: 'runc',
      operatingSystem: 'Ubuntu 22.04.5 LTS',
    })
    expect(isDockerDesktop(text)).toBe(false)
    const json = gpuFactsFromInfo(JSON.parse(fixture('docker-info-json.cli-golden-with-cdi-devices.json')))
    expect(json.cdiDevices).toEqual(['com.example.device1', 'nvidia.com/gpu=gpu0'])
    expect(json.cdiSpecDirs).toEqual(['/etc/cdi', '/var/run/cdi'])
    expect(json.runtimes).toContain('runc')
  })

  it('reads a CDI spec and the driver version its paths pin', () => {
    const spec = parseCdiSpec(fixture('cdi-nvidia.yaml'))
    expect(spec.kind).toBe('nvidia.com/gpu')
    expect(spec.devices).toEqual(['0', 'GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e', 'all'])
    expect(spec.driverVersion).toBe('575.64.03')
  })

  it('diagnoses --gpus without the toolkit', () => {
    const gpu = (message: string) => explainFailure('gpu', { message })?.kind
    expect(gpu(fixture('docker-run-gpus-error.no-toolkit.txt'))).toBe('gpu-no-toolkit')
    expect(gpu('docker: Error response from daemon: unknown or invalid runtime name: nvidia')).toBe('gpu-no-runtime')
  })

  it('maps a process cgroup to its container', () => {
    const id = 'a'.repeat(64)
    expect(containerIdFromCgroup(`0::/system.slice/docker-${id}.scope\n`)).toBe(id)
    expect(containerIdFromCgroup(`12:memory:/docker/${id}\n`)).toBe(id)
    expect(containerIdFromCgroup('0::/user.slice/user-1000.slice\n')).toBeNull()
    // The H200 machine's own sandbox (recorded in capture.h200.txt): a 32-digit id that is no Docker container.
    expect(containerIdFromCgroup('0::/process_api/36fa6dd3ac9a2152d1b6b92d5a4f9cbd\n')).toBeNull()
  })

  it('rewrites the book’s nvidia-docker commands for today’s Docker', () => {
    expect(modernizeGpuCommand('nvidia-docker run --rm nvidia/caffe nvidia-smi')).toBe(
      'docker run --gpus all --rm nvidia/caffe nvidia-smi',
    )
    expect(modernizeGpuCommand('NV_GPU=1,3 nvidia-docker run --rm nvidia/caffe nvidia-smi')).toBe(
      `docker run --gpus '"device=1,3"' --rm nvidia/caffe nvidia-smi`,
    )
    expect(modernizeGpuCommand('docker ps')).toBeNull()
  })
})
