import type { DockerFailure, GpuProcess, GpuReport, GpuTestResult } from '@shared/contract'
import { dockerFailure, explainFailure } from '@shared/docker/failure'
import { errorMessage } from '@shared/errors'
import { buildChecklist } from './checklist'
import { parseCdiSpec } from './cdi-spec'
import { isDockerDesktop, type DockerGpuFacts } from './docker-gpu-facts'
import { parseSmiXml, type SmiXmlReport } from './nvidia-smi-xml'
import type { RunBounded } from './run-bounded'
import { classifySmiFailure, containerIdFromCgroup, parseProcDriverVersion } from './smi-failure'

export interface GpuServiceDeps {
  platform: NodeJS.Platform
  /** The kernel release (os.release()): WSL 2 kernels say "microsoft". */
  kernelRelease: string
  run: RunBounded
  findOnPath: (name: string) => string | undefined
  readFile: (path: string) => Promise<string>
  listDir: (dir: string) => Promise<string[]>
  /** Where the PCI devices are listed (`/sys/bus/pci/devices`). */
  pciDir?: string
  /** The engine's GPU facts, or null when no engine answers. */
  dockerFacts: () => Promise<DockerGpuFacts | null>
  /** Container id → name, for mapping GPU processes to containers. */
  containerNames: () => Promise<Map<string, string>>
  /** `docker run --rm --gpus all <image> nvidia-smi -L`, through the engine. */
  runGpuContainer: (image: string) => Promise<{ exitCode: number | null; output: string }>
  /** Why the test failed, from its output or what the engine threw (a pull's failure with the mirrors considered). */
  explain?: (words: { output: string; thrown?: unknown }) => Promise<DockerFailure>
  smiTimeoutMs?: number
  cacheMs?: number
  now?: () => number
}

const TOOLKIT_BINARIES = [
  'nvidia-ctk',
  'nvidia-container-runtime-hook',
  'nvidia-cdi-hook',
  'nvidia-container-cli',
  'nvidia-container-runtime',
]
const CDI_DIRS = ['/etc/cdi', '/var/run/cdi']
/** NVIDIA's PCI vendor id, and the PCI class of display controllers (VGA 0x0300, 3D 0x0302). */
const NVIDIA_VENDOR = '0x10de'
const DISPLAY_CLASS = /^0x03/

/**
 * Answers "is this machine ready for GPU containers?": the driver and GPUs (nvidia-smi, bounded
 * by a timeout), the Container Toolkit, the engine's runtimes and CDI devices, legacy
 * nvidia-docker, and which containers use which GPU. Probes run as child processes, so main's
 * event loop never waits on a driver; the report is cached briefly.
 */
export class GpuService {
  private cached: GpuReport | undefined
  private inFlight: Promise<GpuReport> | undefined

  constructor(private readonly deps: GpuServiceDeps) {}

  async report(): Promise<GpuReport> {
    const now = (this.deps.now ?? Date.now)()
    if (this.cached && now - this.cached.checkedAt < (this.deps.cacheMs ?? 3000)) return this.cached
    return this.refresh()
  }

  refresh(): Promise<GpuReport> {
    this.inFlight ??= this.detect().finally(() => (this.inFlight = undefined))
    return this.inFlight
  }

  private host(): GpuReport['host'] {
    const { platform, kernelRelease } = this.deps
    if (platform === 'darwin') return 'macos'
    if (platform === 'win32') return 'windows'
    if (platform === 'linux') return /microsoft/i.test(kernelRelease) ? 'wsl' : 'linux'
    return 'other'
  }

  private async detect(): Promise<GpuReport> {
    const host = this.host()
    const checkedAt = (this.deps.now ?? Date.now)()
    const empty = { gpus: [], processes: [], driverVersion: null, cudaVersion: null }
    if (host === 'macos') {
      // No CUDA on macOS since 10.2, and Docker Desktop's GPU support is Windows-only: nothing to probe.
      const draft = {
        checkedAt,
        host,
        smi: { state: 'skipped' as const, failure: null, message: null, exitCode: null, path: null },
        nvidiaPciDevices: null,
        ...empty,
        kernelModule: null,
        docker: { reachable: false, runtimes: [], defaultRuntime: null, cdiDevices: [], dockerDesktop: false },
        toolkit: {},
        legacy: { nvidiaDockerV1: false, nvidiaDockerV2: false },
        cdiSpecs: [],
      }
      return (this.cached = { ...draft, ...buildChecklist(draft) })
    }

    const [smi, facts, kernelModule, legacy, nvidiaPciDevices] = await Promise.all([
      this.probeSmi(),
      this.deps.dockerFacts().catch(() => null),
      this.deps.readFile('/proc/driver/nvidia/version').then(parseProcDriverVersion, () => null),
      this.legacy(),
      this.nvidiaPciDevices(),
    ])
    const toolkit: Record<string, string> = {}
    for (const name of TOOLKIT_BINARIES) {
      const path = this.deps.findOnPath(name)
      if (path) toolkit[name] = path
    }
    const parsed = smi.parsed
    const driverVersion = parsed?.driverVersion ?? kernelModule?.version ?? null
    const draft = {
      checkedAt,
      host,
      smi: smi.status,
      nvidiaPciDevices,
      driverVersion,
      cudaVersion: parsed?.cudaVersion ?? null,
      kernelModule,
      gpus: parsed?.gpus ?? [],
      processes: parsed ? await this.processes(parsed) : [],
      docker: {
        reachable: facts !== null,
        runtimes: facts?.runtimes ?? [],
        defaultRuntime: facts?.defaultRuntime ?? null,
        cdiDevices: facts?.cdiDevices ?? [],
        dockerDesktop: facts ? isDockerDesktop(facts) : false,
      },
      toolkit,
      legacy,
      cdiSpecs: await this.cdiSpecs(facts?.cdiSpecDirs.length ? facts.cdiSpecDirs : CDI_DIRS, driverVersion),
    }
    return (this.cached = { ...draft, ...buildChecklist(draft) })
  }

  private async probeSmi(): Promise<{ status: GpuReport['smi']; parsed: SmiXmlReport | null }> {
    const path = this.deps.findOnPath('nvidia-smi') ?? (this.deps.platform === 'win32' ? this.windowsSmi() : undefined)
    const base = { failure: null, message: null, exitCode: null }
    if (!path) return { status: { state: 'not-installed', ...base, path: null }, parsed: null }
    const r = await this.deps.run(path, ['-q', '-x'], this.deps.smiTimeoutMs ?? 5000)
    if (r.notFound) return { status: { state: 'not-installed', ...base, path }, parsed: null }
    if (r.timedOut) {
      return {
        status: { state: 'timeout', ...base, message: 'nvidia-smi did not answer', path },
        parsed: null,
      }
    }
    const output = `${r.stdout}\n${r.stderr}`.trim()
    if (r.exitCode !== 0) {
      return {
        status: {
          state: 'failed',
          failure: classifySmiFailure(r.exitCode, output),
          message: output.split('\n')[0] ?? '',
          exitCode: r.exitCode,
          path,
        },
        parsed: null,
      }
    }
    try {
      return { status: { state: 'ok', ...base, exitCode: 0, path }, parsed: parseSmiXml(r.stdout) }
    } catch (error) {
      return {
        status: {
          state: 'failed',
          failure: 'unparsable',
          message: errorMessage(error),
          exitCode: 0,
          path,
        },
        parsed: null,
      }
    }
  }

  /**
   * NVIDIA GPUs the hardware has, with or without a driver: what tells "this machine has no NVIDIA GPU" from "its
   * driver is missing". Null where there is no PCI bus to read, and on WSL 2, whose GPU is not on the bus it shows.
   */
  private async nvidiaPciDevices(): Promise<number | null> {
    if (this.host() === 'wsl') return null
    const dir = this.deps.pciDir ?? '/sys/bus/pci/devices'
    const devices = await this.deps.listDir(dir).catch(() => [])
    if (devices.length === 0) return null
    const read = (device: string, file: string): Promise<string> =>
      this.deps.readFile(`${dir}/${device}/${file}`).then(
        (s) => s.trim().toLowerCase(),
        () => '',
      )
    const found = await Promise.all(
      devices.map(
        async (d) => (await read(d, 'vendor')) === NVIDIA_VENDOR && DISPLAY_CLASS.test(await read(d, 'class')),
      ),
    )
    return found.filter(Boolean).length
  }

  private windowsSmi(): string | undefined {
    return 'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe'
  }

  private async processes(parsed: SmiXmlReport): Promise<GpuProcess[]> {
    if (parsed.processes.length === 0) return []
    const names = await this.deps.containerNames().catch(() => new Map<string, string>())
    return Promise.all(
      parsed.processes.map(async (p) => {
        const cgroup = await this.deps.readFile(`/proc/${p.pid}/cgroup`).catch(() => '')
        const id = containerIdFromCgroup(cgroup)
        return {
          pid: p.pid,
          name: p.name,
          usedMemoryMiB: p.usedMemoryMiB,
          gpuIndex: p.gpuIndex,
          container: id ? { id, name: names.get(id) ?? null } : null,
        }
      }),
    )
  }

  private async legacy(): Promise<GpuReport['legacy']> {
    const plugin = this.deps.findOnPath('nvidia-docker-plugin')
    const wrapper = this.deps.findOnPath('nvidia-docker')
    let v2 = false
    let v1 = Boolean(plugin)
    if (wrapper) {
      // v2's wrapper is a shell script around `docker --runtime=nvidia`; v1's is a Go binary.
      const text = await this.deps.readFile(wrapper).catch(() => '')
      if (text.startsWith('#!')) v2 = true
      else v1 = true
    }
    return { nvidiaDockerV1: v1, nvidiaDockerV2: v2 }
  }

  private async cdiSpecs(dirs: string[], driverVersion: string | null): Promise<GpuReport['cdiSpecs']> {
    const specs: GpuReport['cdiSpecs'] = []
    for (const dir of dirs) {
      const files = await this.deps.listDir(dir).catch(() => [])
      for (const file of files.filter((f) => /\.(ya?ml|json)$/.test(f))) {
        const path = `${dir}/${file}`
        try {
          const spec = parseCdiSpec(await this.deps.readFile(path))
          const stale = Boolean(spec.driverVersion && driverVersion && spec.driverVersion !== driverVersion)
          specs.push({ path, ...spec, stale })
        } catch {
          // Not a CDI spec (or unreadable): not ours to judge.
        }
      }
    }
    return specs
  }

  async testContainer(image: string): Promise<GpuTestResult> {
    let output: string
    let exitCode: number | null = null
    let thrown: unknown
    try {
      ;({ exitCode, output } = await this.deps.runGpuContainer(image))
      if (exitCode === 0) return { ok: true, image, exitCode, output, failure: null }
    } catch (error) {
      thrown = error
      output = errorMessage(error)
    }
    const explain =
      this.deps.explain ??
      (async (w) => explainFailure('gpu', { message: w.output }) ?? dockerFailure('other', w.output))
    const failure = await explain({ output, thrown }).catch(() => dockerFailure('other', output))
    return { ok: false, image, exitCode, output, failure }
  }
}
