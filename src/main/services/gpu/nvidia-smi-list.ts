export interface ListedGpu {
  index: number
  name: string
  uuid: string
  mig: Array<{ profile: string; device: number; uuid: string }>
}

/** Parses `nvidia-smi -L`: one line per GPU, with indented MIG children when MIG is on. */
export function parseSmiList(text: string): ListedGpu[] {
  const gpus: ListedGpu[] = []
  for (const line of text.split(/\r?\n/)) {
    const gpu = /^GPU (\d+): (.+?) \(UUID: (GPU-[^)]+)\)/.exec(line)
    if (gpu) {
      gpus.push({ index: Number(gpu[1]), name: gpu[2] ?? '', uuid: gpu[3] ?? '', mig: [] })
      continue
    }
    const mig = /^\s+MIG (\S+)\s+Device\s+(\d+): \(UUID: (MIG-[^)]+)\)/.exec(line)
    if (mig) gpus.at(-1)?.mig.push({ profile: mig[1] ?? '', device: Number(mig[2]), uuid: mig[3] ?? '' })
  }
  return gpus
}
