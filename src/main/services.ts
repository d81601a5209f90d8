import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { homedir, release } from 'node:os'
import type { AppInfo, EngineStatus, EventPayload } from '@shared/contract'
import { EventBus } from './rpc/event-bus'
import { Dispatcher } from './rpc/dispatcher'
import { createHandlers } from './rpc/handlers'
import {
  dockerEnvFor,
  toModemOptions,
  userEndpoint,
  engineCandidates,
  resolveDockerEndpoint,
  type EngineCandidate,
} from './services/engine/docker-endpoint'
import { EngineConnection } from './services/engine/engine-connection'
import { EngineService } from './services/engine/engine-service'
import { EngineLiveness } from './services/engine/engine-liveness'
import { findOnPath } from './util/find-on-path'
import { ensurePrivateDir } from './util/private-dir'
import { spawn as spawnPty } from 'node-pty'
import { TerminalService } from './services/terminal/terminal-service'
import type { SpawnPty } from './services/terminal/terminal-session'
import { engineGpuAdapter } from './services/gpu/engine-gpu-adapter'
import { GpuService } from './services/gpu/gpu-service'
import { runBounded } from './services/gpu/run-bounded'
import { buildBook } from './services/tutorial/build-book'
import { bundledAttribution, bundledBookFiles } from './services/tutorial/book-files'
import { ProgressStore } from './services/tutorial/progress-store'
import { BookSearch } from './services/tutorial/search-index'
import { TutorialService } from './services/tutorial/tutorial-service'
import { join } from 'node:path'
import { EffectsTracker } from './services/resources/effects-tracker'
import { ResourcesService } from './services/resources/resources-service'
import { ImageOperations } from './services/resources/image-operations'
import { RegistryService } from './services/registry/registry-service'
import { ImageArchives } from './services/resources/image-archives'
import { proxyTarget, TerminalProxies } from './services/engine-proxy/terminal-proxies'

export interface BackendOptions {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  homeDir?: string
  version: string
  locale?: string
  /** Replaces node-pty (never in the app; a seam for nothing but exotic platforms). */
  spawnPty?: SpawnPty
  /** The app's data folder (progress, lab folders); Electron's userData, or ~/.config/whalebook for serve. */
  dataDir?: string
  /** How often the engine is pinged for the status bar. */
  livenessIntervalMs?: number
  log?: (message: string) => void
}

export interface Services {
  appInfo: Omit<AppInfo, 'transport'>
  engine: EngineService
  connection: EngineConnection
  liveness: EngineLiveness
  terminals: TerminalService
  gpu: GpuService
  tutorial: TutorialService
  resources: ResourcesService
  effects: EffectsTracker
  imageOps: ImageOperations
  registry: RegistryService
  archives: ImageArchives
  engineCandidates: () => EngineCandidate[]
  /** Switches engine; resolves once the new one has been probed. */
  useEngine: (url: string) => Promise<EngineStatus>
}

export interface Backend {
  bus: EventBus
  dispatcher: Dispatcher
  services: Services
  start(): void
  /** A client (window, WebSocket) went away: nothing it left unread holds a terminal back any more. */
  clientGone(clientId: string): void
  dispose(): Promise<void>
}

/** The composition root shared by the Electron app and `serve`: every service, wired once. */
export function createBackend(options: BackendOptions): Backend {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const log = options.log ?? ((m: string) => console.error(m))
  const bus = new EventBus()

  const connection = new EngineConnection(
    resolveDockerEndpoint({ env, platform, homeDir: options.homeDir ?? homedir() }),
  )
  const engine = new EngineService({
    connection,
    dockerInstalled: () => Boolean(findOnPath('docker', env, platform) ?? findOnPath('dockerd', env, platform)),
  })
  const livenessMs = options.livenessIntervalMs ?? positiveInt(env.WHALEBOOK_LIVENESS_MS) ?? 2000
  const liveness = new EngineLiveness(engine, (status) => bus.emit('engine.statusChanged', status), livenessMs)

  const homeDir = options.homeDir ?? homedir()
  // Each terminal's docker CLI talks to the engine through a proxy of the app's own: its calls are then known.
  const proxies = new TerminalProxies((x) => effects.exchange(x))
  const terminals = new TerminalService({
    spawn: options.spawnPty ?? (spawnPty as SpawnPty),
    bus,
    env,
    platform,
    homeDir,
    dockerEnv: () => dockerEnvFor(engine.endpoint),
    engineUrl: () => engine.endpoint.url,
    openEngineProxy: (terminalId, running) =>
      proxies.open(terminalId, proxyTarget(toModemOptions(engine.endpoint)), running),
    terminalGone: (terminalId) => {
      proxies.close(terminalId)
      effects.terminalGone(terminalId)
    },
  })

  const onPath = (name: string): string | undefined => findOnPath(name, env, platform)
  const gpu = new GpuService({
    platform,
    kernelRelease: release(),
    run: runBounded,
    findOnPath: onPath,
    readFile: (path) => readFile(path, 'utf8'),
    listDir: (dir) => readdir(dir),
    ...engineGpuAdapter(connection, runBounded, onPath('docker')),
    smiTimeoutMs: positiveInt(env.WHALEBOOK_GPU_TIMEOUT_MS) ?? 5000,
    diagnosePull: (message) => registry.diagnose(message),
  })

  const dataDir = options.dataDir ?? env.WHALEBOOK_DATA_DIR ?? join(homeDir, '.config', 'whalebook')
  const dataDirProblem = ensurePrivateDir(dataDir)
  if (dataDirProblem) log(`[whalebook] ${dataDirProblem}`)
  const book = buildBook(bundledBookFiles())
  const tutorial = new TutorialService({
    book,
    search: new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en]),
    progress: new ProgressStore(join(dataDir, 'progress.json')),
    labsDir: join(dataDir, 'labs'),
    attribution: bundledAttribution(),
    onProgress: (p) => bus.emit('tutorial.progressChanged', p),
    stillThere: (items) => {
      const now = resources.current()
      const ids = new Set([
        ...now.containers.map((c) => c.id),
        ...now.images.map((i) => i.id),
        ...now.networks.map((n) => n.id),
        ...now.volumes.map((v) => v.name),
      ])
      return items.filter((item) => ids.has(item.id))
    },
    localImages: () => resources.current().images,
    removeResource: (item) =>
      item.kind === 'container'
        ? resources.containerAction(item.id, 'remove')
        : resources.remove(item.kind, item.id, item.kind === 'image'),
  })
  bus.subscribe((event, payload) => {
    if (event === 'terminal.commandFinished')
      tutorial.onCommandFinished(payload as EventPayload<'terminal.commandFinished'>)
    else if (event === 'resources.effects') tutorial.onEffects(payload as EventPayload<'resources.effects'>)
  })

  const effects = new EffectsTracker({
    emit: (fx) => bus.emit('resources.effects', fx),
    imageFacts: async (id, parent) => {
      const image = (await connection.docker.getImage(id).inspect()) as {
        Size?: number
        RootFS?: { Layers?: string[] }
        RepoTags?: string[]
        Parent?: string
      }
      const parentId = parent ?? (image.Parent || undefined)
      const parentImage = parentId
        ? ((await connection.docker
            .getImage(parentId)
            .inspect()
            .catch(() => undefined)) as { RootFS?: { Layers?: string[] } } | undefined)
        : undefined
      return {
        size: image.Size ?? null,
        layers: image.RootFS?.Layers?.length ?? null,
        parentLayers: parentImage?.RootFS?.Layers?.length ?? null,
        tags: image.RepoTags ?? [],
      }
    },
    containerPorts: async (id) => {
      const c = (await connection.docker.getContainer(id).inspect()) as {
        NetworkSettings?: { Ports?: Record<string, Array<{ HostPort?: string }> | null> }
      }
      return Object.entries(c.NetworkSettings?.Ports ?? {}).flatMap(([key, bindings]) => {
        const [port = '0', type = 'tcp'] = key.split('/')
        return [...new Set((bindings ?? []).map((b) => Number(b.HostPort)).filter((p) => p > 0))].map((publicPort) => ({
          privatePort: Number(port),
          publicPort,
          type,
        }))
      })
    },
    knownTags: (id) => resources.tagsOf(id),
    proxied: (terminalId) => proxies.has(terminalId),
  })
  const resources = new ResourcesService({
    connection,
    onChanged: (change) => bus.emit('resources.changed', change),
    onEvent: (e) => effects.engineEvent(e),
    onConnection: () => void liveness.tick(),
  })
  bus.subscribe((event, payload) => {
    if (event === 'terminal.commandStarted') effects.commandStarted(payload as EventPayload<'terminal.commandStarted'>)
    else if (event === 'terminal.commandFinished')
      effects.commandFinished(payload as EventPayload<'terminal.commandFinished'>)
  })

  const registry = new RegistryService({
    connection,
    platform,
    homeDir,
    env,
    readFile: (path) => readFileSync(path, 'utf8'),
  })
  const imageOps = new ImageOperations(
    connection,
    (p) => bus.emit('resources.progress', p),
    (message) => registry.diagnose(message),
  )
  const archives = new ImageArchives(connection, (p) => bus.emit('resources.progress', p))
  bus.subscribe((event, payload) => {
    if (event !== 'terminal.commandFinished') return
    void registry
      .explainFailedCommand(payload as EventPayload<'terminal.commandFinished'>)
      .then((failed) => failed && bus.emit('registry.pullFailed', failed))
  })

  connection.onChange(() => {
    resources.reconnect()
    void liveness.tick()
  })

  const services: Services = {
    appInfo: {
      name: 'Whalebook',
      version: options.version,
      platform,
      locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    },
    engine,
    connection,
    liveness,
    terminals,
    gpu,
    tutorial,
    resources,
    effects,
    imageOps,
    registry,
    archives,
    engineCandidates: () =>
      engineCandidates({ env, platform, homeDir, exists: existsSync, uid: process.getuid?.() ?? 1000 }),
    useEngine: async (url) => {
      connection.use(userEndpoint(url, env, homeDir))
      return liveness.tick()
    },
  }

  const dispatcher = new Dispatcher(createHandlers(services), {
    onInternalError: (method, error) =>
      log(`[whalebook] ${method} failed: ${error instanceof Error ? error.stack : String(error)}`),
  })

  return {
    bus,
    dispatcher,
    services,
    start: () => {
      liveness.start()
      resources.start()
    },
    clientGone: (clientId) => terminals.detachClient(clientId),
    dispose: async () => {
      liveness.stop()
      resources.stop()
      terminals.dispose()
      proxies.dispose()
    },
  }
}

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text)
  return text && Number.isInteger(n) && n > 0 ? n : undefined
}
