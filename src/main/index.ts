/**
 * The Electron main process: owns the backend (engine connection, PTYs) and one locked-down
 * window. Everything with logic lives in plain modules so it runs under Node in tests.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { menuTemplate } from './app/menu-template'
import { isSafeExternalUrl, isTrustedRendererUrl } from './app/navigation-policy'
import { lockDownSession } from './app/session-policy'
import { RENDERER_INDEX_URL } from './app/renderer-files'
import { registerRendererScheme, serveRenderer } from './app/renderer-protocol'
import { confirmUnsandboxedStart, diagnoseAppImageSandbox, readProcFile, sandboxChoiceFile } from './app/sandbox-notice'
import { platformUpdater } from './app/updater'
import { createMainWindow } from './app/window'
import { createBackend } from './backend'
import { attachIpcTransport } from './transports/electron-ipc'

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  const here = dirname(fileURLToPath(import.meta.url))
  const outDir = join(here, '..')
  // The dev server's URL is honoured only in development: a packaged app never loads (or trusts for IPC) what an
  // environment variable names.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  // The page's own origin (whalebook://app), privileged before `ready` as Electron requires.
  registerRendererScheme()
  const trusted = { app: RENDERER_INDEX_URL, ...(devServerUrl ? { devServer: devServerUrl } : {}) }
  const isOwnPage = (url: string | undefined): boolean => isTrustedRendererUrl(url, trusted)
  let mainWindow: BrowserWindow | undefined
  let detach: (() => void) | undefined

  const backend = createBackend({
    version: app.getVersion(),
    locale: app.getLocale(),
    dataDir: app.getPath('userData'),
    updater: platformUpdater({
      packaged: app.isPackaged,
      platform: process.platform,
      env: process.env,
      resourcesPath: process.resourcesPath,
    }),
  })

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.on('select-bluetooth-device', (e, _devices, callback) => {
      e.preventDefault()
      callback('')
    })
  })

  const open = (): void => {
    const win = createMainWindow({
      preloadPath: join(here, '../preload/index.cjs'),
      pageUrl: devServerUrl ?? RENDERER_INDEX_URL,
      isOwnPage,
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      packaged: app.isPackaged,
    })
    detach = attachIpcTransport(ipcMain, backend, win, isOwnPage)
    win.on('closed', () => {
      detach?.()
      mainWindow = undefined
    })
    mainWindow = win
  }

  void app.whenReady().then(async () => {
    const sandbox = diagnoseAppImageSandbox({
      platform: process.platform,
      env: process.env,
      noSandbox: app.commandLine.hasSwitch('no-sandbox'),
      readProc: readProcFile,
    })
    const choices = sandboxChoiceFile(join(app.getPath('userData'), 'sandbox-choice.json'))
    const stderr = (text: string): void => void process.stderr.write(text)
    if (sandbox && !(await confirmUnsandboxedStart(sandbox, app.getLocale(), dialog, choices, stderr))) {
      app.quit()
      return
    }
    serveRenderer(join(outDir, 'renderer'))
    lockDownSession(session.defaultSession)
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(process.platform, app.getLocale(), {
          showAbout: () => backend.bus.emit('app.navigate', { to: 'about' }),
          showWelcome: () => backend.bus.emit('app.navigate', { to: 'welcome' }),
          openLink: (url) => {
            if (isSafeExternalUrl(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: fixed https URLs
          },
        }),
      ),
    )
    backend.start()
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => void backend.dispose())
}
