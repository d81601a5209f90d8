import { EventEmitter } from 'node:events'
import { request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http'
import { createRequire } from 'node:module'

/**
 * A stand-in for the `electron` module, for testing the main process's wiring under Node: the Electron binary cannot
 * be downloaded on these machines. It records what main asks of Electron (windows and their preferences, handlers,
 * loads) and lets a test play Electron's part (emit app and session events, call the registered handlers).
 */

type Handler = (...args: never[]) => unknown

export class StandInWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  sent: Array<{ channel: string; message: unknown }> = []
  devToolsClosed = 0
  zoomFactor = 1
  setZoomFactor(factor: number): void {
    this.zoomFactor = factor
  }
  getZoomFactor(): number {
    return this.zoomFactor
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message })
  }
  closeDevTools(): void {
    this.devToolsClosed++
  }
}

export class StandInBrowserWindow extends EventEmitter {
  static all: StandInBrowserWindow[] = []
  static nextId = 1
  readonly id = StandInBrowserWindow.nextId++
  readonly webContents = new StandInWebContents()
  loaded: { url?: string; file?: string } = {}
  /** Every load, in order: the app must never load a file:// page. */
  loads: Array<{ url?: string; file?: string }> = []
  destroyed = false
  maximized = false

  constructor(readonly options: Record<string, unknown>) {
    super()
    StandInBrowserWindow.all.push(this)
  }
  static getAllWindows(): StandInBrowserWindow[] {
    return StandInBrowserWindow.all.filter((w) => !w.destroyed)
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    this.loads.push(this.loaded)
    return Promise.resolve()
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file }
    this.loads.push(this.loaded)
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return false
  }
  isMaximized(): boolean {
    return this.maximized
  }
  maximize(): void {
    this.maximized = true
  }
  restore(): void {}
  focus(): void {
    this.emit('stand-in:focus')
  }
  show(): void {}
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 10, y: 10, width: 1000, height: 700 }
  }
  close(): void {
    this.emit('close')
    this.destroyed = true
    this.emit('closed')
  }
}

export class StandInSession extends EventEmitter {
  permissionRequestHandler: Handler | undefined
  permissionCheckHandler: Handler | undefined
  devicePermissionHandler: Handler | undefined
  displayMediaRequestHandler: Handler | undefined
  setPermissionRequestHandler(h: Handler): void {
    this.permissionRequestHandler = h
  }
  setPermissionCheckHandler(h: Handler): void {
    this.permissionCheckHandler = h
  }
  setDevicePermissionHandler(h: Handler): void {
    this.devicePermissionHandler = h
  }
  setDisplayMediaRequestHandler(h: Handler): void {
    this.displayMediaRequestHandler = h
  }
}

export class StandInApp extends EventEmitter {
  isPackaged = false
  gotLock = true
  quitCalls = 0
  relaunchCalls = 0
  ready = false
  /** The process's command-line switches, as Chromium parsed them (`--no-sandbox` is `no-sandbox`). */
  switches = new Set<string>()
  readonly commandLine = { hasSwitch: (name: string): boolean => this.switches.has(name) }
  constructor(private readonly userData: string) {
    super()
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock
  }
  quit(): void {
    this.quitCalls++
  }
  relaunch(): void {
    this.relaunchCalls++
  }
  isReady(): boolean {
    return this.ready
  }
  whenReady(): Promise<void> {
    // Like Electron: code that runs before this resolves runs before `ready`.
    return Promise.resolve().then(() => {
      this.ready = true
    })
  }
  getName(): string {
    return 'Whalebook'
  }
  getAppPath(): string {
    return this.userData
  }
  getVersion(): string {
    return '0.0.0-stand-in'
  }
  getLocale(): string {
    return 'zh-CN'
  }
  getPath(): string {
    return this.userData
  }
}

export class StandInIpcMain {
  handlers = new Map<string, Handler>()
  handle(channel: string, handler: Handler): void {
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

/**
 * Electron's `protocol`: schemes privileged before `ready` (Electron ignores them after), handlers registered after.
 * `fetch` plays Chromium's part, asking the handler for a URL as the page would.
 */
export class StandInProtocol {
  privileged: Array<{ scheme: string; privileges: Record<string, boolean>; beforeReady: boolean }> = []
  handlers = new Map<string, (request: Request) => Response | Promise<Response>>()
  constructor(private readonly app: StandInApp) {}
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    for (const s of schemes) {
      this.privileged.push({ scheme: s.scheme, privileges: s.privileges ?? {}, beforeReady: !this.app.ready })
    }
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (!this.app.ready) throw new Error('protocol.handle can only be used after the app is ready')
    this.handlers.set(scheme, handler)
  }
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.replace(/:$/, ''))
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`)
    return handler(new Request(url, init))
  }
}

export interface StandInDialog {
  shown: Array<Record<string, unknown>>
  /** What the learner clicks and ticks in the next message box. */
  answer: { response: number; checkboxChecked: boolean }
  showMessageBox(options: Record<string, unknown>): Promise<{ response: number; checkboxChecked: boolean }>
}

export interface StandInMenu {
  template: Array<Record<string, unknown>>
}

export interface ElectronStandIn {
  app: StandInApp
  protocol: StandInProtocol
  dialog: StandInDialog
  /** What electron-updater reaches for: net.request, a session for its partition, the autoUpdater event source. */
  net: { request(options: RequestOptions & { session?: unknown; redirect?: string }): ClientRequest }
  autoUpdater: EventEmitter
  BrowserWindow: typeof StandInBrowserWindow
  ipcMain: StandInIpcMain
  session: { defaultSession: StandInSession; fromPartition(partition: string): StandInSession }
  screen: { getAllDisplays(): Array<{ workArea: { x: number; y: number; width: number; height: number } }> }
  shell: { opened: string[]; openExternal(url: string): Promise<void> }
  Menu: {
    current: StandInMenu | undefined
    buildFromTemplate(template: Array<Record<string, unknown>>): StandInMenu
    setApplicationMenu(menu: StandInMenu): void
  }
}

export function createElectronStandIn(userData: string): ElectronStandIn {
  StandInBrowserWindow.all = []
  const opened: string[] = []
  const app = new StandInApp(userData)
  const partitions = new Map<string, StandInSession>()
  const shown: Array<Record<string, unknown>> = []
  return {
    app,
    protocol: new StandInProtocol(app),
    dialog: {
      shown,
      answer: { response: 0, checkboxChecked: false },
      showMessageBox(options) {
        shown.push(options)
        return Promise.resolve(this.answer)
      },
    },
    // Electron's net.request takes Node's request options (plus a session) and emits Node-like responses: Node's own
    // client stands in for it, over real sockets.
    net: {
      request: ({ session: _session, redirect: _redirect, ...options }) => httpRequest(options),
    },
    autoUpdater: new EventEmitter(),
    BrowserWindow: StandInBrowserWindow,
    ipcMain: new StandInIpcMain(),
    session: {
      defaultSession: new StandInSession(),
      fromPartition: (partition) => {
        if (!partitions.has(partition)) partitions.set(partition, new StandInSession())
        return partitions.get(partition) as StandInSession
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: {
      current: undefined,
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu(menu) {
        this.current = menu
      },
    },
    shell: {
      opened,
      openExternal: (url: string) => {
        opened.push(url)
        return Promise.resolve()
      },
    },
  }
}

/**
 * Makes CommonJS `require('electron')` (what electron-updater calls, inside node_modules, where vi.mock does not reach)
 * answer with the current stand-in: a module-cache entry whose properties read from `current()` at each access.
 */
export function standInForRequire(current: () => ElectronStandIn): void {
  const require = createRequire(import.meta.url)
  const id = require.resolve('electron')
  const exports = new Proxy({} as Record<string, unknown>, {
    get: (_target, name) => (current() as unknown as Record<string | symbol, unknown>)[name],
  })
  require.cache[id] = { id, filename: id, loaded: true, exports } as unknown as NodeJS.Module
}
