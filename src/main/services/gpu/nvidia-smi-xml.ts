import { XMLParser } from 'fast-xml-parser'
import type { GpuDevice } from '@shared/contract'
import { numberOf, textOf } from './values'

export interface SmiXmlProcess {
  pid: number
  name: string
  usedMemoryMiB: number | null
  gpuIndex: number
}

export interface SmiXmlReport {
  driverVersion: string | null
  cudaVersion: string | null
  gpus: GpuDevice[]
  processes: SmiXmlProcess[]
}

type Node = Record<string, unknown>

// No DTD is loaded and no entity is expanded: the output names an external DTD that is never there.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => ['gpu', 'mig_device', 'process_info'].includes(name),
})

function child(node: unknown, ...path: string[]): unknown {
  let cur = node
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined
    cur = (cur as Node)[key]
  }
  return cur
}

function str(node: unknown, ...path: string[]): string | null {
  const v = child(node, ...path)
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null
}

function list(node: unknown, ...path: string[]): Node[] {
  const v = child(node, ...path)
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Node[]) : []
}

function power(gpu: Node): number | null {
  for (const section of ['gpu_power_readings', 'power_readings']) {
    for (const field of ['power_draw', 'instant_power_draw', 'average_power_draw']) {
      const n = numberOf(str(gpu, section, field))
      if (n !== null) return n
    }
  }
  return null
}

function migMode(gpu: Node): GpuDevice['migMode'] {
  const mode = (textOf(str(gpu, 'mig_mode', 'current_mig')) ?? '').toLowerCase()
  if (mode === 'enabled') return 'enabled'
  if (mode === 'disabled') return 'disabled'
  return 'unsupported'
}

/**
 * Parses `nvidia-smi -q -x`. Elements are looked up by name and any of them may be missing:
 * NVIDIA does not keep this output stable across schema versions (v11–v13) or drivers (610 renames).
 */
export function parseSmiXml(xml: string): SmiXmlReport {
  const doc = parser.parse(xml) as Node
  const root = child(doc, 'nvidia_smi_log')
  if (typeof root !== 'object' || root === null) throw new Error('not nvidia-smi -q -x output')
  const gpus: GpuDevice[] = []
  const processes: SmiXmlProcess[] = []
  list(root, 'gpu').forEach((gpu, index) => {
    gpus.push({
      index,
      name: textOf(str(gpu, 'product_name')) ?? 'NVIDIA GPU',
      uuid: textOf(str(gpu, 'uuid')),
      busId: textOf(str(gpu, 'pci', 'pci_bus_id')) ?? textOf(str(gpu, '@id')),
      memoryTotalMiB: numberOf(str(gpu, 'fb_memory_usage', 'total')),
      memoryUsedMiB: numberOf(str(gpu, 'fb_memory_usage', 'used')),
      utilizationPercent: numberOf(str(gpu, 'utilization', 'gpu_util')),
      temperatureC: numberOf(str(gpu, 'temperature', 'gpu_temp')),
      powerW: power(gpu),
      migMode: migMode(gpu),
      migDevices: list(gpu, 'mig_devices', 'mig_device').map((m) => ({
        index: numberOf(str(m, 'index')) ?? 0,
        gpuInstanceId: numberOf(str(m, 'gpu_instance_id')),
        computeInstanceId: numberOf(str(m, 'compute_instance_id')),
        memoryTotalMiB: numberOf(str(m, 'fb_memory_usage', 'total')),
        memoryUsedMiB: numberOf(str(m, 'fb_memory_usage', 'used')),
      })),
    })
    for (const p of list(gpu, 'processes', 'process_info')) {
      const pid = numberOf(str(p, 'pid'))
      if (pid === null) continue
      processes.push({
        pid,
        name: textOf(str(p, 'process_name')) ?? '',
        usedMemoryMiB: numberOf(str(p, 'used_memory')),
        gpuIndex: index,
      })
    }
  })
  return {
    driverVersion: textOf(str(root, 'driver_version')) ?? textOf(str(root, 'kmd_version')),
    cudaVersion: textOf(str(root, 'cuda_version')) ?? textOf(str(root, 'cuda_umd_version')),
    gpus,
    processes,
  }
}
