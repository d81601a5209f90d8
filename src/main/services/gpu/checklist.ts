import type { ChecklistItem, GpuReport } from '@shared/contract'
import { GPU_FIXES } from '@shared/gpu-fixes'

type Draft = Omit<GpuReport, 'checklist' | 'verdict'>

/**
 * What is there and what is missing, in the order a learner fixes it: driver, toolkit, engine.
 * Each item carries the facts for its sentence and, when something is missing, the fix commands.
 */
export function buildChecklist(r: Draft): { checklist: ChecklistItem[]; verdict: GpuReport['verdict'] } {
  const items: ChecklistItem[] = []
  const add = (
    id: ChecklistItem['id'],
    status: ChecklistItem['status'],
    facts: Record<string, string> = {},
    fix = {},
  ): void => {
    items.push({ id, status, facts, fix })
  }

  if (r.host === 'macos') {
    add('os', 'missing', { host: 'macOS' })
    return { checklist: items, verdict: 'unsupported-os' }
  }
  if (r.host === 'windows') add('desktop', 'info', {}, GPU_FIXES.dockerDesktop)

  const smiOk = r.smi.state === 'ok'
  if (r.smi.state === 'not-installed') add('driver', 'missing', {}, GPU_FIXES.driver)
  else if (!smiOk)
    add(
      'driver',
      'missing',
      { failure: r.smi.failure ?? r.smi.state, message: r.smi.message ?? '' },
      GPU_FIXES.driverProblem,
    )
  else add('driver', 'ok', { driver: r.driverVersion ?? '?', cuda: r.cudaVersion ?? '?' })

  if (smiOk) {
    if (r.gpus.length === 0) add('gpu', 'missing')
    else add('gpu', 'ok', { count: String(r.gpus.length), names: [...new Set(r.gpus.map((g) => g.name))].join(', ') })
  }

  const hook = r.toolkit['nvidia-container-runtime-hook'] ?? r.toolkit['nvidia-cdi-hook']
  const toolkitPresent = Boolean(r.toolkit['nvidia-ctk'] || hook || r.toolkit['nvidia-container-cli'])
  if (r.host === 'windows' || r.docker.dockerDesktop) {
    // Docker Desktop brings its own GPU plumbing (WSL 2 GPU-PV); nothing to install on the host.
    add('toolkit', 'info', { provider: 'Docker Desktop' })
  } else if (toolkitPresent) {
    add('toolkit', 'ok', Object.fromEntries(Object.entries(r.toolkit)))
  } else {
    add('toolkit', 'missing', {}, GPU_FIXES.toolkit)
  }

  if (!r.docker.reachable) add('engine', 'missing')
  else {
    const nvidiaRuntime = r.docker.runtimes.includes('nvidia')
    const cdi = r.docker.cdiDevices.some((d) => d.startsWith('nvidia.com/gpu='))
    if (nvidiaRuntime || cdi) {
      add('runtime', r.docker.dockerDesktop && !smiOk ? 'warning' : 'ok', {
        runtimes: r.docker.runtimes.join(' '),
        default: r.docker.defaultRuntime ?? '',
        cdi: r.docker.cdiDevices.join(' '),
        desktop: String(r.docker.dockerDesktop),
      })
    } else {
      add('runtime', 'missing', { runtimes: r.docker.runtimes.join(' ') }, GPU_FIXES.runtime)
    }
  }

  for (const spec of r.cdiSpecs.filter((s) => s.stale)) {
    add(
      'cdi',
      'warning',
      { path: spec.path, specDriver: spec.driverVersion ?? '', driver: r.driverVersion ?? '' },
      GPU_FIXES.cdiRefresh,
    )
  }
  if (r.legacy.nvidiaDockerV1 || r.legacy.nvidiaDockerV2) {
    add(
      'legacy',
      'warning',
      { v1: String(r.legacy.nvidiaDockerV1), v2: String(r.legacy.nvidiaDockerV2) },
      GPU_FIXES.legacy,
    )
  }

  // No nvidia-smi is no GPU, unless the hardware has one: then its driver is what is missing.
  const verdict: GpuReport['verdict'] = !smiOk
    ? r.smi.state === 'not-installed' && !r.nvidiaPciDevices
      ? 'no-gpu'
      : 'driver-problem'
    : r.gpus.length === 0
      ? 'no-gpu'
      : !r.docker.reachable
        ? 'needs-engine'
        : items.some((i) => (i.id === 'toolkit' || i.id === 'runtime') && i.status === 'missing')
          ? 'needs-toolkit'
          : 'ready'
  return { checklist: items, verdict }
}
