import { EventEmitter } from 'node:events'

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
    return Promise.resolve()
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file }
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
  constructor(private readonly userData: string) {
    super()
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock
  }
  quit(): void {
    this.quitCalls++
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
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

export interface StandInMenu {
  template: Array<Record<string, unknown>>
}

export interface ElectronStandIn {
  app: StandInApp
  BrowserWindow: typeof StandInBrowserWindow
  ipcMain: StandInIpcMain
  session: { defaultSession: StandInSession }
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
  return {
    app: new StandInApp(userData),
    BrowserWindow: StandInBrowserWindow,
    ipcMain: new StandInIpcMain(),
    session: { defaultSession: new StandInSession() },
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
