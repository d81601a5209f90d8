import { z } from 'zod'
import { ImageRef, NoParams } from './common'
import { DockerFailure } from './failure'

const num = z.number().nullable()

export const MigDevice = z.object({
  index: z.number().int(),
  gpuInstanceId: z.number().int().nullable(),
  computeInstanceId: z.number().int().nullable(),
  memoryTotalMiB: num,
  memoryUsedMiB: num,
})

export const GpuDevice = z.object({
  /** nvidia-smi's index (document order in the XML), the number `--gpus device=N` takes. */
  index: z.number().int(),
  name: z.string(),
  uuid: z.string().nullable(),
  busId: z.string().nullable(),
  memoryTotalMiB: num,
  memoryUsedMiB: num,
  utilizationPercent: num,
  temperatureC: num,
  powerW: num,
  migMode: z.enum(['enabled', 'disabled', 'unsupported']),
  migDevices: z.array(MigDevice),
})
export type GpuDevice = z.infer<typeof GpuDevice>

export const GpuProcess = z.object({
  pid: z.number().int(),
  name: z.string(),
  usedMemoryMiB: num,
  gpuIndex: z.number().int().nullable(),
  /** The container the process runs in, when its cgroup names one the engine knows. */
  container: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
})
export type GpuProcess = z.infer<typeof GpuProcess>

export const SmiStatus = z.object({
  state: z.enum(['ok', 'not-installed', 'failed', 'timeout', 'skipped']),
  /** Why it failed, classified from the exit code and message. */
  failure: z
    .enum(['driver-not-loaded', 'version-mismatch', 'nvml-missing', 'no-permission', 'gpu-lost', 'unparsable', 'other'])
    .nullable(),
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  path: z.string().nullable(),
})

export const CdiSpec = z.object({
  path: z.string(),
  kind: z.string(),
  devices: z.array(z.string()),
  /** The driver version its library paths were generated for (libcuda.so.<version>), if any. */
  driverVersion: z.string().nullable(),
  stale: z.boolean(),
})

export const ChecklistItem = z.object({
  id: z.enum(['os', 'driver', 'gpu', 'toolkit', 'engine', 'runtime', 'cdi', 'legacy', 'desktop']),
  status: z.enum(['ok', 'missing', 'warning', 'info']),
  /** Facts for the UI's sentence (versions, paths, names). */
  facts: z.record(z.string(), z.string()),
  /** Commands that fix it, per distribution family. */
  fix: z.record(z.string(), z.array(z.string())),
})
export type ChecklistItem = z.infer<typeof ChecklistItem>

export const GpuReport = z.object({
  checkedAt: z.number(),
  host: z.enum(['linux', 'wsl', 'windows', 'macos', 'other']),
  /** The one-line answer: ready for `docker run --gpus`, or what stands in the way. */
  verdict: z.enum(['ready', 'needs-toolkit', 'needs-engine', 'driver-problem', 'no-gpu', 'unsupported-os']),
  smi: SmiStatus,
  /**
   * NVIDIA display controllers on the PCI bus, driver or not: 0 says plainly that the machine has no NVIDIA GPU; null
   * where the bus cannot be read (macOS, Windows, WSL 2, a container).
   */
  nvidiaPciDevices: z.number().int().nullable(),
  driverVersion: z.string().nullable(),
  cudaVersion: z.string().nullable(),
  kernelModule: z.object({ version: z.string(), open: z.boolean() }).nullable(),
  gpus: z.array(GpuDevice),
  processes: z.array(GpuProcess),
  docker: z.object({
    reachable: z.boolean(),
    runtimes: z.array(z.string()),
    defaultRuntime: z.string().nullable(),
    cdiDevices: z.array(z.string()),
    dockerDesktop: z.boolean(),
  }),
  toolkit: z.record(z.string(), z.string()),
  legacy: z.object({ nvidiaDockerV1: z.boolean(), nvidiaDockerV2: z.boolean() }),
  cdiSpecs: z.array(CdiSpec),
  checklist: z.array(ChecklistItem),
})
export type GpuReport = z.infer<typeof GpuReport>

export const GpuTestResult = z.object({
  ok: z.boolean(),
  image: z.string(),
  exitCode: z.number().int().nullable(),
  output: z.string(),
  /** Why it failed (null when the container saw the GPU): no toolkit or runtime, the driver, a pull, the engine. */
  failure: DockerFailure.nullable(),
})
export type GpuTestResult = z.infer<typeof GpuTestResult>

export const gpuMethods = {
  /** The cached report, probing first if there is none (or it is older than a few seconds). */
  'gpu.report': { params: NoParams, result: GpuReport },
  'gpu.refresh': { params: NoParams, result: GpuReport },
  /** `docker run --rm --gpus all <image> nvidia-smi -L`, with why it failed when it did. */
  'gpu.testContainer': { params: z.object({ image: ImageRef }).strict(), result: GpuTestResult },
} as const

export const gpuEvents = {} as const
