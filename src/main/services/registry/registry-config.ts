import { join } from 'node:path'
import type { RegistryConfig } from '@shared/contract'

/** The parts of the engine's `/info` and `/version` that say how it pulls. */
export interface EngineRegistryFacts {
  info: {
    OperatingSystem?: string
    SecurityOptions?: string[]
    RegistryConfig?: {
      Mirrors?: string[] | null
      InsecureRegistryCIDRs?: string[] | null
      IndexConfigs?: Record<string, { Name?: string; Secure?: boolean; Mirrors?: string[] | null }> | null
    } | null
  }
  version: { Components?: Array<{ Name?: string }> | null }
}

/** What kind of engine this is, as far as where its registry settings live is concerned. */
export function engineKindOf(facts: EngineRegistryFacts): RegistryConfig['engineKind'] {
  if ((facts.version.Components ?? []).some((c) => /podman/i.test(c.Name ?? ''))) return 'podman'
  if (/docker desktop/i.test(facts.info.OperatingSystem ?? '')) return 'desktop'
  if ((facts.info.SecurityOptions ?? []).some((o) => /name=rootless/.test(o))) return 'rootless'
  return 'docker'
}

/** Where this engine's registry settings live: the file the learner (not the app) edits, or Docker Desktop's UI. */
export function settingsLocation(
  kind: RegistryConfig['engineKind'],
  where: { platform: NodeJS.Platform; homeDir: string; env: NodeJS.ProcessEnv; remoteHost?: string | null },
): RegistryConfig['settings'] {
  const host = where.remoteHost ?? null
  switch (kind) {
    case 'desktop':
      return { kind: 'desktop-settings', path: null, host }
    case 'podman':
      return {
        kind: 'podman-registries-conf',
        path: host
          ? '~/.config/containers/registries.conf'
          : join(where.homeDir, '.config', 'containers', 'registries.conf'),
        host,
      }
    case 'rootless':
      return {
        kind: 'daemon-json',
        path: host
          ? '~/.config/docker/daemon.json'
          : join(where.env.XDG_CONFIG_HOME || join(where.homeDir, '.config'), 'docker', 'daemon.json'),
        host,
      }
    case 'docker':
      return {
        kind: 'daemon-json',
        // A remote engine's host is a Linux machine as far as this app knows: its file is in the usual place there.
        path:
          where.platform === 'win32' && !host
            ? 'C:\\ProgramData\\docker\\config\\daemon.json'
            : '/etc/docker/daemon.json',
        host,
      }
  }
}

export function registryConfigFrom(
  facts: EngineRegistryFacts,
  where: { platform: NodeJS.Platform; homeDir: string; env: NodeJS.ProcessEnv; remoteHost?: string | null },
): RegistryConfig {
  const rc = facts.info.RegistryConfig ?? {}
  const insecure = new Set(rc.InsecureRegistryCIDRs ?? [])
  for (const [name, index] of Object.entries(rc.IndexConfigs ?? {})) if (index.Secure === false) insecure.add(name)
  const engineKind = engineKindOf(facts)
  return {
    mirrors: [...(rc.Mirrors ?? [])],
    insecureRegistries: [...insecure],
    engineKind,
    settings: settingsLocation(engineKind, where),
  }
}
