export type SmiFailure =
  'driver-not-loaded' | 'version-mismatch' | 'nvml-missing' | 'no-permission' | 'gpu-lost' | 'other'

/** Classifies a failed nvidia-smi by its documented return codes and known messages. */
export function classifySmiFailure(exitCode: number | null, output: string): SmiFailure {
  if (/Driver\/library version mismatch/i.test(output) || exitCode === 18) return 'version-mismatch'
  if (/couldn't communicate with the NVIDIA driver/i.test(output) || exitCode === 9) return 'driver-not-loaded'
  if (/NVML.*(not found|could not be loaded)|libnvidia-ml/i.test(output) || exitCode === 12) return 'nvml-missing'
  if (/Insufficient Permissions|no permission/i.test(output) || exitCode === 4) return 'no-permission'
  if (/fallen off the bus/i.test(output) || exitCode === 15) return 'gpu-lost'
  return 'other'
}

/** `/proc/driver/nvidia/version`: proprietary or open kernel module, and its version. */
export function parseProcDriverVersion(text: string): { version: string; open: boolean } | null {
  const m = /Kernel Module(?: for \S+)?\s+(\d+(?:\.\d+)+)/.exec(text)
  if (!m?.[1]) return null
  return { version: m[1], open: /Open Kernel Module/.test(text) }
}

/** The container id in a process's /proc/<pid>/cgroup (cgroup v1 or v2, systemd or cgroupfs driver). */
export function containerIdFromCgroup(text: string): string | null {
  const m = /(?:docker[-/]|\/docker\/|cri-containerd-|libpod-)([0-9a-f]{64})/.exec(text)
  return m?.[1] ?? null
}
