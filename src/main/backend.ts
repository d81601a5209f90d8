import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { homedir, release } from 'node:os'
import { join } from 'node:path'
import { spawn as spawnPty } from 'node-pty'
import { dockerFailure, explainEngineError } from '@shared/docker/failure'
import { EventBus } from './rpc/event-bus'
import { Dispatcher } from './rpc/dispatcher'
import { createHandlers } from './rpc/handlers'
import { dockerEnvFor, toModemOptions, resolveDockerEndpoint } from './services/engine/docker-endpoint'
import { EngineConnection } from './services/engine/engine-connection'
import { EngineService } from './services/engine/engine-service'
import { EngineLiveness } from './services/engine/engine-liveness'
import { proxyTarget, TerminalProxies } from './services/engine-proxy/terminal-proxies'
import { engineGpuAdapter } from './services/gpu/engine-gpu-adapter'
import { GpuService } from './services/gpu/gpu-service'
import { DisplayService } from './services/display/display-service'
import { runBounded } from './services/gpu/run-bounded'
import { RegistryService } from './services/registry/registry-service'
import { EngineObjects } from './services/resources/engine-objects'
import { ImageArchives } from './services/resources/image-archives'
import { ImageOperations } from './services/resources/image-operations'
import { ResourceMirror } from './services/resources/resource-mirror'
import { RunTracker } from './services/runs/run-tracker'
import type { Services } from './services/services'
import { TerminalService } from './services/terminal/terminal-service'
import type { SpawnPty } from './services/terminal/terminal-session'
import { bundledAttribution, bundledBook } from './services/tutorial/book-files'
import { ProgressStore } from './services/tutorial/progress-store'
import { BookSearch } from './services/tutorial/search-index'
import { LabLog } from './services/tutorial/lab-log'
import { StepVerifier } from './services/tutorial/step-verifier'
import { TutorialService } from './services/tutorial/tutorial-service'
import { UpdateService, type Updater } from './services/updater/update-service'
import { updateSettingsFile } from './services/updater/update-settings'
import { findOnPath } from './util/find-on-path'
import { ensurePrivateDir } from './util/private-dir'

export interface BackendOptions {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  /** The kernel's release (`os.release()`): a WSL 2 kernel names Microsoft. */
  kernelRelease?: string
  homeDir?: string
  version: string
  locale?: string
  /** The app's data folder (progress, lab folders); Electron's userData, or ~/.config/whalebook for serve. */
  dataDir?: string
  log?: (message: string) => void
  /** The app's updater (Electron only, packaged, with an update feed); see UpdateService for the modes. */
  updater?: { updater: Updater; mode: 'install' | 'notify' }
}

export interface Backend {
  bus: EventBus
  dispatcher: Dispatcher
  services: Services
  start(): void
  /**
   * A client (window, WebSocket) went away or reloaded: nothing it left unread holds a terminal back any more, and the
   * image archives it began are released.
   */
  clientGone(clientId: string): void
  dispose(): Promise<void>
}

/** The composition root shared by the Electron app and `serve`: every service, wired once. */
export function createBackend(options: BackendOptions): Backend {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const kernelRelease = options.kernelRelease ?? release()
  const log = options.log ?? ((m: string) => console.error(m))
  const bus = new EventBus()

  const homeDir = options.homeDir ?? homedir()
  const connection = new EngineConnection(resolveDockerEndpoint({ env, platform, homeDir }))
  const engine = new EngineService({
    connection,
    dockerInstalled: () => Boolean(findOnPath('docker', env, platform) ?? findOnPath('dockerd', env, platform)),
    env,
    homeDir,
    platform,
    exists: existsSync,
  })
  const livenessMs = positiveInt(env.WHALEBOOK_LIVENESS_MS) ?? 2000
  const liveness = new EngineLiveness(engine, (status) => bus.emit('engine.statusChanged', status), livenessMs)

  const resources = new ResourceMirror({
    connection,
    onChanged: (change) => bus.emit('resources.changed', change),
    onEvent: (e) => {
      runs.engineEvent(e)
      verifier.onEngineEvent(e)
    },
    onConnection: () => void liveness.tick(),
  })
  const registry = new RegistryService({
    connection,
    platform,
    homeDir,
    env,
    readFile: (path) => readFileSync(path, 'utf8'),
    probeTimeoutMs: positiveInt(env.WHALEBOOK_MIRROR_TIMEOUT_MS) ?? 5000,
    remoteRegistry: env.WHALEBOOK_REMOTE_REGISTRY || undefined,
  })

  // Every command run is one record: the run asks for its verification and its failure's explanation itself, and its
  // record leaves through one port, to the clients, the lab log and the tutorial.
  const runs: RunTracker = new RunTracker({
    runChanged: (run) => {
      bus.emit('runs.updated', run)
      labLog.onRun(run)
      tutorial.onRun(run)
    },
    changed: (fx) => bus.emit('resources.effects', fx),
    facts: {
      imageFacts: (id, parent) => objects.imageFacts(id, parent),
      containerPorts: (id) => objects.containerPorts(id),
      containerVolumes: (id) => objects.containerVolumes(id),
      knownTags: (id) => resources.tagsOf(id),
    },
    steps: {
      verify: (run) => verifier.verify(run),
      explainFailure: async (output, commandLine) => {
        const failure = await registry.explain('command', output, commandLine)
        return failure && engine.account(failure)
      },
    },
    before: (at) => resources.before(at),
    proxied: (terminalId) => proxies.has(terminalId),
    currentChapter: () => tutorial.progress().last?.chapterId ?? null,
  })
  const objects = new EngineObjects({ connection, actions: runs, account: (f) => engine.account(f) })

  // Each terminal's docker CLI talks to the engine through a proxy of the app's own: its calls are then known.
  const proxies = new TerminalProxies((x) => runs.exchange(x), log)
  const terminals = new TerminalService({
    spawn: spawnPty as SpawnPty,
    out: {
      data: (terminalId, data, offset) => bus.emit('terminal.data', { terminalId, data, offset, chars: data.length }),
      updated: (info) => bus.emit('terminal.updated', info),
      commandStarted: (command) => runs.commandStarted(command),
      commandFinished: (command) => runs.commandFinished(command),
    },
    env,
    platform,
    homeDir,
    dockerEnv: () => dockerEnvFor(engine.endpoint),
    engineUrl: () => engine.endpoint.url,
    openEngineProxy: (terminalId) =>
      proxies.open(terminalId, proxyTarget(toModemOptions(engine.endpoint), engine.endpoint.url)),
    terminalGone: (terminalId) => {
      proxies.close(terminalId)
      runs.terminalGone(terminalId)
    },
  })

  const imageOps = new ImageOperations(
    connection,
    (p) => bus.emit('resources.progress', p),
    (kind, message, target) =>
      kind === 'pull' ? registry.explainPull(message, target) : registry.explain('command', message),
    runs,
  )
  const archives = new ImageArchives(connection, (p) => bus.emit('resources.progress', p), runs, {
    idleMs: positiveInt(env.WHALEBOOK_ARCHIVE_IDLE_MS) ?? 60_000,
  })

  const onPath = (name: string): string | undefined => findOnPath(name, env, platform)
  const gpu = new GpuService({
    platform,
    kernelRelease,
    run: runBounded,
    findOnPath: onPath,
    readFile: (path) => readFile(path, 'utf8'),
    listDir: (dir) => readdir(dir),
    ...engineGpuAdapter(connection, runBounded, onPath('docker'), runs),
    smiTimeoutMs: positiveInt(env.WHALEBOOK_GPU_TIMEOUT_MS) ?? 5000,
    ...(env.WHALEBOOK_PCI_DIR ? { pciDir: env.WHALEBOOK_PCI_DIR } : {}),
    explain: async ({ output, thrown }) =>
      // What the engine's client threw on the way (a refused socket) is the engine's failure; the rest, the test's.
      thrown && typeof (thrown as { code?: unknown }).code === 'string'
        ? engine.account(explainEngineError(thrown, { socketKind: engine.endpoint.kind, dockerInstalled: true }))
        : ((await registry.explain('gpu', output)) ?? dockerFailure('other', output)),
  })

  const dataDir = options.dataDir ?? env.WHALEBOOK_DATA_DIR ?? join(homeDir, '.config', 'whalebook')
  const dataDirProblem = ensurePrivateDir(dataDir)
  if (dataDirProblem) log(`[whalebook] ${dataDirProblem}`)

  const display = new DisplayService({
    facts: { platform, env, kernelRelease, exists: existsSync },
    cookieDir: () => {
      const dir = join(dataDir, 'display')
      const problem = ensurePrivateDir(dir)
      if (problem) throw new Error(problem)
      return dir
    },
    runXauth: (args, input) => runBounded(onPath('xauth') ?? 'xauth', args, 5000, { env, input }),
    gpuReady: async () => (await gpu.report()).verdict === 'ready',
    engineUrl: () => engine.endpoint.url,
  })
  const book = bundledBook()
  const tutorial = new TutorialService({
    book,
    search: new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en]),
    progress: new ProgressStore(join(dataDir, 'progress.json')),
    labsDir: join(dataDir, 'labs'),
    attribution: bundledAttribution(),
    onProgress: (p) => bus.emit('tutorial.progressChanged', p),
    current: () => resources.settled(),
    removeResource: (item, within) =>
      item.kind === 'container'
        ? objects.containerAction(item.target, 'remove', within)
        : objects.remove(item.kind, item.target, false, within),
    actions: runs,
  })

  const verifier = new StepVerifier({
    container: (ref) => objects.containerState(ref),
    exists: (kind, ref) => objects.exists(kind, ref),
    logTail: (ref) => objects.logs(ref, 10),
    rejudge: (runId) => void runs.rejudge(runId),
  })

  const labLog = new LabLog({
    file: join(dataDir, 'lab-log.json'),
    cleared: (chapterId) => bus.emit('lab.cleared', { chapterId }),
  })

  const updates = new UpdateService({
    ...(options.updater ? { updater: options.updater.updater } : {}),
    mode: options.updater?.mode ?? 'install',
    currentVersion: options.version,
    settings: updateSettingsFile(join(dataDir, 'updates.json')),
    commandRunning: () => terminals.list().some((t) => t.busy),
    emit: (status) => bus.emit('app.updateChanged', status),
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
    display,
    tutorial,
    labLog,
    resources,
    objects,
    runs,
    imageOps,
    registry,
    archives,
    updates,
    useEngine: async (url) => {
      engine.use(url)
      return liveness.tick()
    },
  }

  const dispatcher = new Dispatcher(createHandlers(services), {
    onInternalError: (method, error) =>
      log(`[whalebook] ${method} failed: ${error instanceof Error ? error.stack : String(error)}`),
  })

  let warmSearch: NodeJS.Timeout | undefined
  return {
    bus,
    dispatcher,
    services,
    start: () => {
      liveness.start()
      resources.start()
      updates.start()
      // Nothing at start that can wait: the search index is built once the first page has loaded (or by the first
      // search, whichever comes first).
      warmSearch = setTimeout(() => tutorial.prepareSearch(), SEARCH_WARMUP_MS)
      warmSearch.unref()
    },
    clientGone: (clientId) => {
      terminals.detachClient(clientId)
      archives.clientGone(clientId)
    },
    dispose: async () => {
      clearTimeout(warmSearch)
      liveness.stop()
      resources.stop()
      terminals.dispose()
      proxies.dispose()
      labLog.flush()
    },
  }
}

/** How long after start-up main builds the book's search index, if no search has asked for it before. */
const SEARCH_WARMUP_MS = 3000

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text)
  return text && Number.isInteger(n) && n > 0 ? n : undefined
}
