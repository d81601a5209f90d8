import type { DockerFailure, ImageSize, MirrorPlan, MirrorProbe, RegistryConfig } from '@shared/contract'
import { dockerCommands, flagValues, hasFlag } from '@shared/docker/command'
import {
  dockerFailure,
  explainFailure,
  withLocalImage,
  type FailureKind,
  type FailureSource,
} from '@shared/docker/failure'
import { REGISTRY_FAILURE_KINDS } from '@shared/docker/failure-kinds'
import { localImageMatch, parseImageRef, registryPath, sameImageRef } from '@shared/docker/image-ref'
import { ApiError, errorMessage } from '@shared/errors'
import { mirrorBase } from '@shared/mirror-address'
import { mirrorPlan } from './daemon-json'
import { pullSources, registryDownloadSize } from './image-size'
import { checkMirror, fetchStatus, MANIFEST_ACCEPT, probeMirror } from './mirror-probe'
import { remoteEngineHost } from '../engine/docker-endpoint'
import { registryConfigFrom, type EngineRegistryFacts } from './registry-config'

/** Failures a registry mirror may be behind: after one, each configured mirror is asked what it does. */
/** Failures of a download: a processor mismatch or an image format the engine refuses are the image's own. */
const REGISTRY_KINDS = new Set<FailureKind>(
  REGISTRY_FAILURE_KINDS.filter((kind) => kind !== 'v1-schema' && kind !== 'platform'),
)
const MIRROR_KINDS = new Set<FailureKind>(
  REGISTRY_FAILURE_KINDS.filter((kind) => kind !== 'v1-schema' && kind !== 'platform'),
)

/** The image a command line pulls (`docker pull`, or `run`/`create` of an image not here yet). */
function imageOfCommand(commandLine: string | undefined): string | undefined {
  return dockerCommands(commandLine ?? '').find((c) => ['pull', 'run', 'create'].includes(c.verb))?.args[0]
}

/**
 * The image a failure is about, as the learner typed it (`ubunt`, where the engine says `ubunt:latest`), so that what
 * is offered is typed the same way: the line's one pull, run or create of that same image; else the failure's own.
 */
function typedImage(
  asked: string | undefined,
  given: string | undefined,
  commandLine: string | undefined,
): string | undefined {
  if (given) return given
  const named = dockerCommands(commandLine ?? '').filter((c) => ['pull', 'run', 'create', 'build'].includes(c.verb))
  const only = named.length === 1 && named[0]?.verb !== 'build' ? named[0]?.args[0] : undefined
  if (!asked) return only
  return only && sameImageRef(only, asked) ? only : asked
}

/** A pull for another platform, or one forced to ask the registry: a copy here is not what was asked for. */
function asksAnotherCopy(commandLine: string | undefined): boolean {
  return dockerCommands(commandLine ?? '').some(
    (c) => hasFlag(c, '--platform') || flagValues(c, '--pull').includes('always'),
  )
}

export interface RegistryServiceDeps {
  /** The engine now (read at each use: the learner may switch engines). */
  connection: {
    docker: {
      info(): Promise<unknown>
      version(): Promise<unknown>
      listImages(): Promise<Array<{ RepoTags?: string[] | null }>>
    }
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
  /**
   * Where the manifests of registries not on this machine are read from, for sizes: each registry itself unless a
   * site reaches them through one of its own (and the tests, which keep the app as offline as their engine).
   */
  remoteRegistry?: string
}

/**
 * Registries and mirrors, for learners behind a blocked or slow Docker Hub: what the engine is configured with, whether
 * a mirror answers, what adding one would change (the learner applies it in the terminal; the app never gains root),
 * and why a pull failed.
 */
export class RegistryService {
  private mirrorsCache: string[] = []
  private readonly sizes = new Map<string, { until: number; size: Promise<ImageSize> }>()

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

  /**
   * About how much pulling `image` downloads, from the manifest of the first place the engine would pull it from that
   * answers (a mirror, then the registry); `bytes` null when none does (offline). A size is kept ten minutes, "unknown"
   * a few seconds (a mirror added, the network back), and only so many images are kept.
   */
  imageSize(image: string): Promise<ImageSize> {
    const now = Date.now()
    const kept = this.sizes.get(image)
    if (kept && now < kept.until) return kept.size
    this.sizes.delete(image)
    const size = (async (): Promise<ImageSize> => {
      try {
        await this.config()
      } catch {
        // The engine is gone: the mirrors last seen.
      }
      const timeoutMs = this.deps.probeTimeoutMs ?? 5000
      for (const base of pullSources(image, this.mirrorsCache, this.deps.remoteRegistry)) {
        const bytes = await registryDownloadSize(base, image, { timeoutMs }).catch(() => null)
        if (bytes !== null) return { bytes, from: base }
      }
      return { bytes: null, from: null }
    })()
    const entry = { until: now + 15_000, size }
    this.sizes.set(image, entry)
    void size.then((s) => {
      if (s.bytes !== null) entry.until = Date.now() + 10 * 60_000
    })
    // A Map iterates in insertion order: the oldest goes first.
    for (const old of this.sizes.keys()) {
      if (this.sizes.size <= 256) break
      this.sizes.delete(old)
    }
    return size
  }

  /** Whether the mirror holds the image's manifest now: after a pull through it, a pull-through cache does. */
  async mirrorHas(url: string, image: string): Promise<{ present: boolean; status: number | null }> {
    const { name, reference } = registryPath(image)
    const answer = await fetchStatus(`${mirrorBase(url)}/v2/${name}/manifests/${reference}`, {
      method: 'HEAD',
      timeoutMs: this.deps.probeTimeoutMs ?? 5000,
      headers: { Accept: MANIFEST_ACCEPT },
    })
    if ('error' in answer) return { present: false, status: null }
    return { present: answer.status === 200, status: answer.status }
  }

  /**
   * Why something failed, read with the mirrors the engine was last seen to use (a failed pull names one). After a
   * failure a mirror may be behind, each mirror is asked for `/v2/` and the image's manifest, and says how it failed.
   */
  async explain(
    source: FailureSource,
    message: string,
    commandLine?: string,
    image?: string,
  ): Promise<DockerFailure | null> {
    let engineAnswers = true
    try {
      await this.config()
    } catch {
      // The engine is gone: explain with the mirrors last seen, and without asking it for its images.
      engineAnswers = false
    }
    const mirrors = this.mirrorsCache
    const explained = explainFailure(source, { message, mirrors, ...(commandLine ? { commandLine } : {}) })
    if (!explained || !REGISTRY_KINDS.has(explained.kind)) return explained
    const asked = image ?? explained.values.image ?? imageOfCommand(commandLine)
    const typed = typedImage(explained.values.image, image, commandLine)
    const failure =
      engineAnswers && typed && !asksAnotherCopy(commandLine)
        ? withLocalImage(explained, typed, localImageMatch(typed, await this.localNames()))
        : explained
    if (!mirrors.length || !MIRROR_KINDS.has(failure.kind)) return failure
    // Mirrors serve Docker Hub's images only: another registry's failure is that registry's alone.
    if (asked && parseImageRef(asked).domain !== 'docker.io') return failure
    const timeoutMs = this.deps.probeTimeoutMs ?? 5000
    return { ...failure, mirrors: await Promise.all(mirrors.map((m) => checkMirror(m, asked ?? null, timeoutMs))) }
  }

  /** The engine's names for its images; none when it cannot say (the failure is explained without them). */
  private async localNames(): Promise<unknown[]> {
    try {
      const images = await this.deps.connection.docker.listImages()
      return images.flatMap((i) => (Array.isArray(i.RepoTags) ? i.RepoTags : []))
    } catch {
      return []
    }
  }

  /** Why a pull of `image` failed: always an explanation, `other` with the engine's words when nothing more is known. */
  async explainPull(message: string, image?: string): Promise<DockerFailure> {
    return (await this.explain('pull', message, undefined, image)) ?? dockerFailure('other', message)
  }
}
