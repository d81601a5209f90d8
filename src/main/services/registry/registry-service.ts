import type { DockerFailure, MirrorPlan, MirrorProbe, RegistryConfig } from '@shared/contract'
import { dockerFailure, explainFailure, type FailureSource } from '@shared/docker/failure'
import { registryPath } from '@shared/docker/image-ref'
import { ApiError, errorMessage } from '@shared/errors'
import { mirrorBase } from '@shared/mirror-address'
import { mirrorPlan } from './daemon-json'
import { fetchStatus, probeMirror } from './mirror-probe'
import { remoteEngineHost } from '../engine/docker-endpoint'
import { registryConfigFrom, type EngineRegistryFacts } from './registry-config'

export interface RegistryServiceDeps {
  /** The engine now (read at each use: the learner may switch engines). */
  connection: {
    docker: { info(): Promise<unknown>; version(): Promise<unknown> }
    /** Where the engine is (`unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://me@host`). */
    endpoint?: { url: string }
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
      throw new ApiError('ENGINE_UNAVAILABLE', `The engine did not say how it pulls: ${errorMessage(error)}`)
    }
    const remoteHost = remoteEngineHost(this.deps.connection.endpoint?.url ?? '')
    const config = registryConfigFrom(facts, { ...this.deps, remoteHost })
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
    // A remote engine's file is on its own host: this machine's file at the same path is not its.
    if (path && config.settings.kind === 'daemon-json' && !config.settings.host) {
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
      remoteHost: config.settings.host,
    })
  }

  /** Whether the mirror holds the image's manifest now: after a pull through it, a pull-through cache does. */
  async mirrorHas(url: string, image: string): Promise<{ present: boolean; status: number | null }> {
    const { name, reference } = registryPath(image)
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

  /** Why something failed, read with the mirrors the engine was last seen to use (a failed pull names one). */
  async explain(source: FailureSource, message: string, commandLine?: string): Promise<DockerFailure | null> {
    try {
      await this.config()
    } catch {
      // The engine is gone: explain with the mirrors last seen.
    }
    return explainFailure(source, { message, mirrors: this.mirrorsCache, ...(commandLine ? { commandLine } : {}) })
  }

  /** Why a pull failed: always an explanation, `other` with the engine's words when nothing more is known. */
  async explainPull(message: string): Promise<DockerFailure> {
    return (await this.explain('pull', message)) ?? dockerFailure('other', message)
  }
}
