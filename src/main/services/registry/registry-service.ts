import type {
  EventPayload,
  FinishedCommandRecord,
  MirrorPlan,
  MirrorProbe,
  PullProblem,
  RegistryConfig,
} from '@shared/contract'
import { ApiError } from '@shared/errors'
import { mirrorBase } from '@shared/mirror-address'
import { mirrorPlan } from './daemon-json'
import { fetchStatus, hubPath, probeMirror } from './mirror-probe'
import { diagnosePull, pullFailureLine } from './pull-diagnosis'
import { registryConfigFrom, type EngineRegistryFacts } from './registry-config'

export interface RegistryServiceDeps {
  /** The engine now (read at each use: the learner may switch engines). */
  connection: {
    docker: { info(): Promise<unknown>; version(): Promise<unknown> }
  }
  platform: NodeJS.Platform
  homeDir: string
  env: NodeJS.ProcessEnv
  /** Reads a settings file; ENOENT means "not there yet". */
  readFile: (path: string) => string
  now?: () => Date
  probeTimeoutMs?: number
}

/**
 * Registries and mirrors, for learners behind a blocked or slow Docker Hub: what the engine is configured with, whether
 * a mirror answers, what adding one would change (the learner applies it in the terminal; the app never gains root),
 * and why a pull failed.
 */
export class RegistryService {
  private mirrorsCache: string[] = []

  constructor(private readonly deps: RegistryServiceDeps) {}

  async config(): Promise<RegistryConfig> {
    let facts: EngineRegistryFacts
    try {
      const [info, version] = await Promise.all([
        this.deps.connection.docker.info(),
        this.deps.connection.docker.version(),
      ])
      facts = { info: info as EngineRegistryFacts['info'], version: version as EngineRegistryFacts['version'] }
    } catch (error) {
      throw new ApiError(
        'ENGINE_UNAVAILABLE',
        `The engine did not say how it pulls: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    const config = registryConfigFrom(facts, this.deps)
    this.mirrorsCache = config.mirrors
    return config
  }

  testMirror(url: string): Promise<MirrorProbe> {
    return probeMirror(url, this.deps.probeTimeoutMs ?? 5000)
  }

  async mirrorPlan(url: string): Promise<MirrorPlan> {
    const config = await this.config()
    const path = config.settings.path
    let before: string | null = null
    let readProblem: string | undefined
    if (path && config.settings.kind === 'daemon-json') {
      try {
        before = this.deps.readFile(path)
      } catch (error) {
        const e = error as NodeJS.ErrnoException
        if (e.code !== 'ENOENT') readProblem = `${e.code ?? ''} ${e.message}`.trim()
      }
    }
    const stamp = (this.deps.now?.() ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
    return mirrorPlan({
      path: config.settings.kind === 'daemon-json' ? path : null,
      kind: config.engineKind,
      before,
      ...(readProblem !== undefined ? { readProblem } : {}),
      mirror: url,
      stamp,
    })
  }

  /** Whether the mirror holds the image's manifest now: after a pull through it, a pull-through cache does. */
  async mirrorHas(url: string, image: string): Promise<{ present: boolean; status: number | null }> {
    const { name, reference } = hubPath(image)
    const answer = await fetchStatus(`${mirrorBase(url)}/v2/${name}/manifests/${reference}`, {
      method: 'HEAD',
      timeoutMs: this.deps.probeTimeoutMs ?? 5000,
      headers: {
        Accept: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
        ].join(', '),
      },
    })
    if ('error' in answer) return { present: false, status: null }
    return { present: answer.status === 200, status: answer.status }
  }

  /** Why a pull failed, with the mirrors the engine was last seen to use. */
  async diagnose(message: string): Promise<PullProblem> {
    try {
      await this.config()
    } catch {
      // The engine is gone: diagnose with the mirrors last seen.
    }
    return diagnosePull(message, this.mirrorsCache)
  }

  /** A command in a terminal that failed to pull an image, and why, from its own output; undefined for any other. */
  async explainFailedCommand(record: FinishedCommandRecord): Promise<EventPayload<'registry.pullFailed'> | undefined> {
    const line = record.exitCode !== 0 && record.outputTail ? pullFailureLine(record.outputTail) : undefined
    if (!line) return undefined
    return {
      terminalId: record.terminalId,
      commandId: record.commandId,
      ...(record.runId ? { runId: record.runId } : {}),
      problem: await this.diagnose(line),
    }
  }
}
