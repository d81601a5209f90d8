import type { DockerFailure, EngineIdentity, EngineStatus } from '@shared/contract'
import { explainEngineError, withDockerHostMissing } from '@shared/docker/failure'
import { ApiError, errorMessage } from '@shared/errors'
import { engineCandidates, userEndpoint, type EngineCandidate, type ResolvedEndpoint } from './docker-endpoint'
import { engineProblemOf } from './engine-problem'

/** The slice of dockerode the service needs, so tests can point it at any real engine. */
export interface EngineClient {
  ping(): Promise<unknown>
  version(): Promise<{
    Version?: string
    ApiVersion?: string
    MinAPIVersion?: string
    Os?: string
    Arch?: string
    KernelVersion?: string
  }>
  info(): Promise<{
    Name?: string
    OperatingSystem?: string
    SecurityOptions?: string[]
    Containers?: number
    Images?: number
  }>
}

export interface EngineServiceDeps {
  /** Where the engine is and a client for it; read at each use, so a switch of engine takes effect at once. */
  connection: { endpoint: ResolvedEndpoint; docker: EngineClient; use?: (endpoint: ResolvedEndpoint) => void }
  /** Where the learner's Docker settings are: an engine picked by address gets DOCKER_HOST's TLS policy. */
  env?: NodeJS.ProcessEnv
  homeDir?: string
  platform?: NodeJS.Platform
  exists?: (path: string) => boolean
  /** Whether a docker CLI or daemon is installed at all: tells "not installed" from "not running". */
  dockerInstalled: () => boolean
  now?: () => number
}

/** The engine's identity and reachability, as the status bar shows them. */
export class EngineService {
  private last: EngineStatus | undefined
  private readonly now: () => number

  constructor(private readonly deps: EngineServiceDeps) {
    this.now = deps.now ?? Date.now
  }

  get endpoint(): ResolvedEndpoint {
    return this.deps.connection.endpoint
  }

  /** The engines worth offering: DOCKER_HOST, the contexts, the usual sockets, each said present or not. */
  candidates(): EngineCandidate[] {
    const { env = {}, platform = process.platform, homeDir = '', exists = () => false } = this.deps
    return engineCandidates({ env, platform, homeDir, exists, uid: process.getuid?.() ?? 1000 })
  }

  /** Switches to the engine at this address, with the same TLS policy as DOCKER_HOST (the terminals follow). */
  use(url: string): void {
    if (!this.deps.connection.use) throw new ApiError('BAD_REQUEST', 'This engine connection cannot be switched')
    this.deps.connection.use(userEndpoint(url, this.deps.env ?? {}, this.deps.homeDir ?? ''))
  }

  /** The last probe's result, probing first if there was none. */
  async status(): Promise<EngineStatus> {
    return this.last ?? this.probe()
  }

  async probe(): Promise<EngineStatus> {
    const full = this.deps.connection.endpoint
    const endpoint = { url: full.url, kind: full.kind, source: full.source, tls: full.tls }
    try {
      const identity = await this.fetchIdentity()
      this.last = { state: 'connected', endpoint, identity, checkedAt: this.now() }
    } catch (error) {
      const failure = this.explain(error, full)
      this.last = {
        state: 'unavailable',
        endpoint,
        problem: engineProblemOf(failure.kind),
        socketMissing: socketMissing(full, error),
        message: errorMessage(error),
        failure,
        checkedAt: this.now(),
      }
    }
    return this.last
  }

  /**
   * A failure as this engine's state accounts for it, for a command's or an action's record: while DOCKER_HOST names a
   * socket that is not there, an engine not running is fixed by DOCKER_HOST (withDockerHostMissing).
   */
  account(failure: DockerFailure): DockerFailure {
    const s = this.last
    if (s?.state !== 'unavailable' || !s.socketMissing || s.endpoint.source !== 'DOCKER_HOST') return failure
    return withDockerHostMissing(failure, s.endpoint.url)
  }

  /** What the engine's client threw, read by the one classifier, with DOCKER_HOST's account where it is to blame. */
  private explain(error: unknown, full: ResolvedEndpoint): DockerFailure {
    const failure = explainEngineError(error, { socketKind: full.kind, dockerInstalled: this.deps.dockerInstalled() })
    return full.source === 'DOCKER_HOST' && socketMissing(full, error)
      ? withDockerHostMissing(failure, full.url)
      : failure
  }

  async identity(): Promise<EngineIdentity> {
    // The engine asked, though another be chosen meanwhile.
    const full = this.deps.connection.endpoint
    try {
      return await this.fetchIdentity()
    } catch (error) {
      const failure = this.explain(error, full)
      const problem = engineProblemOf(failure.kind)
      const message = `Docker engine at ${full.url}: ${errorMessage(error)}`
      throw new ApiError(problem === 'permission-denied' ? 'ENGINE_PERMISSION_DENIED' : 'ENGINE_UNAVAILABLE', message, {
        problem,
        failure,
      })
    }
  }

  private async fetchIdentity(): Promise<EngineIdentity> {
    const client = this.deps.connection.docker
    await client.ping()
    const [version, info] = await Promise.all([client.version(), client.info()])
    return {
      name: info.Name ?? '',
      version: version.Version ?? 'unknown',
      apiVersion: version.ApiVersion ?? 'unknown',
      ...(version.MinAPIVersion ? { minApiVersion: version.MinAPIVersion } : {}),
      os: version.Os ?? 'unknown',
      arch: version.Arch ?? 'unknown',
      ...(version.KernelVersion ? { kernelVersion: version.KernelVersion } : {}),
      ...(info.OperatingSystem ? { operatingSystem: info.OperatingSystem } : {}),
      rootless: (info.SecurityOptions ?? []).some((o) => o.includes('name=rootless')),
      containers: info.Containers ?? 0,
      images: info.Images ?? 0,
    }
  }
}

/** Same state and same engine: nothing worth an event. */
export function sameStatus(a: EngineStatus | undefined, b: EngineStatus): boolean {
  if (!a || a.state !== b.state || a.endpoint.url !== b.endpoint.url) return false
  if (a.state === 'connected' && b.state === 'connected') {
    return a.identity.version === b.identity.version && a.identity.apiVersion === b.identity.apiVersion
  }
  if (a.state === 'unavailable' && b.state === 'unavailable')
    return a.problem === b.problem && a.socketMissing === b.socketMissing
  return false
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : ''
}

/** The engine's address is a local socket that does not exist (a path where nothing is). */
function socketMissing(endpoint: ResolvedEndpoint, error: unknown): boolean {
  return (endpoint.kind === 'unix' || endpoint.kind === 'npipe') && errorCode(error) === 'ENOENT'
}
