import type { ContainerStats } from '@shared/contract'

/** The subset of a one-shot /containers/{id}/stats answer that `docker stats` reads. */
export interface RawStats {
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] }
    system_cpu_usage?: number
    online_cpus?: number
  }
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number }
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null }
  pids_stats?: { current?: number }
}

/**
 * Exactly as docker/cli computes `docker stats` (stats_helpers.go): CPU% is the container's CPU
 * delta over the system's, times the online CPUs; memory excludes the page cache (cgroup v1
 * `total_inactive_file`, v2 `inactive_file`). Zero or missing deltas give 0, never NaN.
 */
export function computeStats(id: string, s: RawStats): ContainerStats {
  const cpuDelta = (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0)
  const systemDelta = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0)
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0

  const stats = s.memory_stats?.stats ?? {}
  const cache = stats.total_inactive_file ?? stats.inactive_file ?? 0
  const rawUsage = s.memory_stats?.usage ?? 0
  const memoryUsage = cache < rawUsage ? rawUsage - cache : rawUsage
  const memoryLimit = s.memory_stats?.limit ?? 0
  const memoryPercent = memoryLimit > 0 ? (memoryUsage / memoryLimit) * 100 : 0

  let netRx = 0
  let netTx = 0
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0
    netTx += n.tx_bytes ?? 0
  }
  let blockRead = 0
  let blockWrite = 0
  for (const entry of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (entry.op ?? '').toLowerCase()
    if (op === 'read') blockRead += entry.value ?? 0
    else if (op === 'write') blockWrite += entry.value ?? 0
  }
  const finite = (n: number): number => (Number.isFinite(n) ? n : 0)
  return {
    id,
    cpuPercent: finite(cpuPercent),
    memoryUsage,
    memoryLimit,
    memoryPercent: finite(memoryPercent),
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: s.pids_stats?.current ?? 0,
  }
}
