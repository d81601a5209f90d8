/** The parts of `docker info` that say whether `--gpus` can work. */
export interface DockerGpuFacts {
  runtimes: string[]
  defaultRuntime: string | null
  cdiSpecDirs: string[]
  cdiDevices: string[]
  operatingSystem: string | null
  kernelVersion: string | null
}

interface InfoJson {
  Runtimes?: Record<string, unknown>
  DefaultRuntime?: string
  CDISpecDirs?: string[]
  DiscoveredDevices?: Array<{ Source?: string; ID?: string }>
  OperatingSystem?: string
  KernelVersion?: string
}

/** From the Engine API's /info (what `docker info --format '{{json .}}'` prints). */
export function gpuFactsFromInfo(info: InfoJson): DockerGpuFacts {
  return {
    runtimes: Object.keys(info.Runtimes ?? {}).sort(),
    defaultRuntime: info.DefaultRuntime ?? null,
    cdiSpecDirs: info.CDISpecDirs ?? [],
    cdiDevices: (info.DiscoveredDevices ?? []).filter((d) => d.Source === 'cdi' && d.ID).map((d) => d.ID ?? ''),
    operatingSystem: info.OperatingSystem ?? null,
    kernelVersion: info.KernelVersion ?? null,
  }
}

/**
 * From `docker info`'s text, for engines the app reaches only through the CLI. The runtimes line
 * comes from a Go map, so its order means nothing: it is returned sorted, as a set.
 */
export function gpuFactsFromInfoText(text: string): DockerGpuFacts {
  const line = (label: string): string | null => {
    const m = new RegExp(`^\\s*${label}:[ \\t]*(.*)$`, 'm').exec(text)
    return m ? (m[1] ?? '').trim() : null
  }
  const listAfter = (label: string): string[] => {
    const lines = text.split(/\r?\n/)
    const i = lines.findIndex((l) => new RegExp(`^\\s*${label}:\\s*$`).test(l))
    if (i === -1) return []
    const indent = /^\s*/.exec(lines[i] ?? '')?.[0].length ?? 0
    const out: string[] = []
    for (const l of lines.slice(i + 1)) {
      if ((/^\s*/.exec(l)?.[0].length ?? 0) <= indent || !l.trim()) break
      out.push(l.trim())
    }
    return out
  }
  return {
    runtimes: (line('Runtimes') ?? '').split(/\s+/).filter(Boolean).sort(),
    defaultRuntime: line('Default Runtime'),
    cdiSpecDirs: listAfter('CDI spec directories'),
    cdiDevices: listAfter('Discovered Devices')
      .map((l) => /^cdi:\s*(\S+)/.exec(l)?.[1])
      .filter((d): d is string => !!d),
    operatingSystem: line('Operating System'),
    kernelVersion: line('Kernel Version'),
  }
}

export function isDockerDesktop(facts: DockerGpuFacts): boolean {
  return facts.operatingSystem === 'Docker Desktop' || /linuxkit/i.test(facts.kernelVersion ?? '')
}
