import { BrowserWindow, screen, shell } from 'electron'
import { isSafeExternalUrl } from './navigation-policy'
import { loadWindowState, saveWindowState, type WindowState } from './window-state'

export interface MainWindowOptions {
  preloadPath: string
  /** The page: the renderer on its custom scheme, or the dev server in development (never for a packaged build). */
  pageUrl: string
  /** The app's own page (the only place the window may navigate to); see isTrustedRendererUrl. */
  isOwnPage: (url: string) => boolean
  stateFile: string
  /** A packaged build: no DevTools. */
  packaged: boolean
}

/** The one app window, locked down: isolated, sandboxed, no Node, no navigation, no popups. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(
    options.stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    ...(state.x >= 0 && state.y >= 0 ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Whalebook',
    backgroundColor: '#1e1e1e',
    // Written out here, where a reviewer (and Electronegativity) sees the whole sandbox at the call that uses it.
    webPreferences: {
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK: reviewed, it exposes only window.api (invoke, on)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.packaged,
    },
  })
  if (state.maximized) win.maximize()
  // Zoom is per page load in Chromium: set it again once the page is in.
  win.webContents.on('did-finish-load', () => win.webContents.setZoomFactor(state.zoom))
  win.once('ready-to-show', () => win.show())

  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: http(s) only, tested
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (options.isOwnPage(url)) return
    event.preventDefault()
    if (isSafeExternalUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: http(s) only, tested
  })
  if (options.packaged) {
    // Belt and braces: devTools is off above, and nothing may open them in a build learners run.
    win.webContents.on('devtools-opened', () => win.webContents.closeDevTools())
  }
  win.webContents.on('will-redirect', (event) => event.preventDefault())

  let saveTimer: NodeJS.Timeout | undefined
  const persist = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return
    const b = win.getNormalBounds()
    const next: WindowState = { ...b, maximized: win.isMaximized(), zoom: win.webContents.getZoomFactor() }
    try {
      saveWindowState(options.stateFile, next)
    } catch {
      // Losing the window position is harmless; failing to close the window is not.
    }
  }
  const schedule = (): void => {
    clearTimeout(saveTimer)
    saveTimer = setTimeout(persist, 500)
  }
  win.on('resize', schedule)
  // Ctrl+wheel and the View menu's zoom both end up here or at close.
  win.webContents.on('zoom-changed', schedule)
  win.on('move', schedule)
  win.on('close', () => {
    clearTimeout(saveTimer)
    persist()
  })

  void win.loadURL(options.pageUrl)
  return win
}
