import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IPC_INVOKE_CHANNEL } from '@shared/transport'
import { createElectronStandIn, type ElectronStandIn, type StandInBrowserWindow } from '../support/electron-stand-in'

/**
 * The Electron main process's wiring (src/main/index.ts and app/*), run under Node against a stand-in `electron`
 * module that records what main asks of it: the Electron binary cannot run on these machines.
 */
const holder = vi.hoisted(() => ({ current: undefined as unknown as Record<string, unknown> }))
// Getters, so that each fresh import of main (vi.resetModules) reaches the stand-in of its own test.
vi.mock('electron', () => {
  const module = {}
  for (const name of [
    'app',
    'BrowserWindow',
    'ipcMain',
    'session',
    'screen',
    'shell',
    'Menu',
    'protocol',
    'dialog',
    'net',
    'autoUpdater',
  ]) {
    Object.defineProperty(module, name, { enumerable: true, get: () => holder.current[name] })
  }
  return module
})

let electron: ElectronStandIn

async function startMain(options: {
  packaged: boolean
  devServer?: string
  userData?: string
}): Promise<StandInBrowserWindow> {
  electron = createElectronStandIn(options.userData ?? mkdtempSync(join(tmpdir(), 'wb-userdata-')))
  electron.app.isPackaged = options.packaged
  holder.current = electron as unknown as Record<string, unknown>
  vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/whalebook-test.sock')
  vi.stubEnv('ELECTRON_RENDERER_URL', options.devServer ?? '')
  vi.resetModules()
  await import('../../src/main/index')
  await vi.waitFor(() => expect(electron.BrowserWindow.all).toHaveLength(1))
  return electron.BrowserWindow.all[0] as StandInBrowserWindow
}

function invoke(url: string, method: string): Promise<unknown> {
  const handler = electron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL) as (e: unknown, r: unknown) => Promise<unknown>
  return handler({ senderFrame: { url } }, { method, params: {} })
}

afterEach(() => {
  electron?.app.emit('will-quit')
  vi.unstubAllEnvs()
})

const LOCKED_DOWN = {
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
}

describe('Electron main process (stand-in electron module)', () => {
  it('creates the window with exactly the locked-down preferences, DevTools only in development', async () => {
    const dev = await startMain({ packaged: false })
    const preload = expect.stringMatching(/preload[/\\]index\.cjs$/)
    // The whole object: any added or loosened key (webSecurity, allowRunningInsecureContent, …) fails this.
    expect(dev.options.webPreferences).toEqual({ ...LOCKED_DOWN, preload, devTools: true })
    electron.app.emit('will-quit')

    const packaged = await startMain({ packaged: true })
    expect(packaged.options.webPreferences).toEqual({ ...LOCKED_DOWN, preload, devTools: false })
    packaged.webContents.emit('devtools-opened')
    expect(packaged.webContents.devToolsClosed).toBe(1)
  })

  it('loads the renderer from its custom scheme, privileged before ready and served after, never from file://', async () => {
    const win = await startMain({ packaged: true })
    expect(win.loads).toEqual([{ url: 'whalebook://app/index.html' }])
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'whalebook',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
        beforeReady: true,
      },
    ])
    // What Chromium asks the handler for, the handler answers from the renderer's folder with its type and CSP.
    const page = await electron.protocol.fetch('whalebook://app/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await page.text()).toContain('<div id="app">')
    expect((await electron.protocol.fetch('whalebook://app/..%2f..%2fpackage.json')).status).toBe(400)
    expect((await electron.protocol.fetch('whalebook://elsewhere/index.html')).status).toBe(403)
    // IPC trusts that page, and no file:// page (the old way of loading it).
    expect(await invoke('whalebook://app/index.html#/chapter/1.1', 'app.info')).toMatchObject({
      result: { name: 'Whalebook', transport: 'ipc' },
    })
    expect(await invoke('file:///opt/Whalebook/resources/app.asar/out/renderer/index.html', 'app.info')).toMatchObject({
      error: { code: 'UNAUTHORIZED' },
    })
  })

  it('honours ELECTRON_RENDERER_URL only in development, for loading and for trusting IPC', async () => {
    const devServer = 'http://localhost:5173/'
    const packaged = await startMain({ packaged: true, devServer })
    expect(packaged.loaded).toEqual({ url: 'whalebook://app/index.html' })
    expect(await invoke(devServer, 'app.info')).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    expect(await invoke('whalebook://app/index.html', 'app.info')).toMatchObject({
      result: { name: 'Whalebook', transport: 'ipc' },
    })
    electron.app.emit('will-quit')

    const dev = await startMain({ packaged: false, devServer })
    expect(dev.loaded.url).toBe(devServer)
    expect(await invoke(devServer, 'app.info')).toMatchObject({ result: { name: 'Whalebook' } })
  })

  it('refuses IPC from any other frame with a typed error', async () => {
    await startMain({ packaged: true })
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', '']) {
      expect(await invoke(url, 'app.info')).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    }
  })

  it('denies every permission request and check but notifications, device permissions and device pickers', async () => {
    await startMain({ packaged: true })
    const s = electron.session.defaultSession
    const answers: unknown[] = []
    s.permissionRequestHandler?.(...([{}, 'media', (ok: boolean) => answers.push(ok)] as never[]))
    s.permissionRequestHandler?.(...([{}, 'notifications', (ok: boolean) => answers.push(ok)] as never[]))
    s.permissionRequestHandler?.(...([{}, 'geolocation', (ok: boolean) => answers.push(ok)] as never[]))
    expect(answers).toEqual([false, true, false])
    for (const p of ['media', 'clipboard-read', 'hid', 'serial', 'usb', 'geolocation']) {
      expect(s.permissionCheckHandler?.(...([{}, p, 'file://'] as never[]))).toBe(false)
    }
    expect(s.permissionCheckHandler?.(...([{}, 'notifications', 'file://'] as never[]))).toBe(true)
    expect(s.devicePermissionHandler?.(...([{ deviceType: 'usb' }] as never[]))).toBe(false)
    const picked: unknown[] = []
    const event = {
      defaultPrevented: false,
      preventDefault(): void {
        this.defaultPrevented = true
      },
    }
    s.emit('select-hid-device', event, { deviceList: [{ deviceId: 'x' }] }, (id?: string) => picked.push(id))
    s.emit('select-usb-device', event, { deviceList: [{ deviceId: 'y' }] }, (id?: string) => picked.push(id))
    s.emit('select-serial-port', event, [{ portId: 'z' }], {}, (id: string) => picked.push(id))
    expect(event.defaultPrevented).toBe(true)
    expect(picked).toEqual([undefined, undefined, ''])
  })

  it('blocks navigation but within the app’s own page, and new windows; only http(s) links go to the OS browser', async () => {
    const win = await startMain({ packaged: true })
    const navigate = (url: string): boolean => {
      const nav = {
        defaultPrevented: false,
        preventDefault(): void {
          this.defaultPrevented = true
        },
      }
      win.webContents.emit('will-navigate', nav, url)
      return !nav.defaultPrevented
    }
    expect(navigate('whalebook://app/index.html#/chapter/2.1')).toBe(true)
    for (const url of [
      'https://docs.docker.com/',
      'file:///etc/passwd',
      'whalebook://app/assets/evil.html',
      'whalebook://other/index.html',
    ]) {
      expect(navigate(url), url).toBe(false)
    }
    expect(win.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' })
    expect(electron.shell.opened).toEqual(['https://docs.docker.com/', 'https://github.com/'])
  })

  it('a second instance focuses the first window', async () => {
    const win = await startMain({ packaged: true })
    let focused = 0
    win.on('stand-in:focus', () => focused++)
    electron.app.emit('second-instance')
    expect(focused).toBe(1)
  })
})

describe('Electron main process: menu, window state, quitting', () => {
  type Item = { label?: string; role?: string; submenu?: Item[]; click?: () => void }
  const find = (items: Item[], label: string): Item | undefined =>
    items.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.label === label)

  it('sets an application menu with Edit, View, Window and Help, in the app’s language, Help → About in the page', async () => {
    const win = await startMain({ packaged: true })
    const template = (electron.Menu.current?.template ?? []) as Item[]
    // The stand-in's locale is zh-CN.
    expect(template.map((i) => i.label ?? i.role)).toEqual(
      process.platform === 'darwin'
        ? ['appMenu', '编辑', '视图', '窗口', '帮助']
        : ['文件', '编辑', '视图', '窗口', '帮助'],
    )
    const roles = template.flatMap((i) => i.submenu ?? []).map((i) => i.role)
    for (const role of [
      'copy',
      'paste',
      'cut',
      'selectAll',
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'togglefullscreen',
      'minimize',
    ]) {
      expect(roles).toContain(role)
    }
    const about = find(template, '关于 Whalebook')
    const docs = find(template, '使用文档')
    const report = find(template, '报告问题…')
    expect(about && docs && report).toBeTruthy()
    about?.click?.()
    expect(win.webContents.sent).toContainEqual({
      channel: 'whalebook:event',
      message: { event: 'app.navigate', payload: { to: 'about' } },
    })
    docs?.click?.()
    report?.click?.()
    expect(electron.shell.opened).toEqual([
      'https://github.com/whalebook/whalebook/blob/main/docs/user-guide.md',
      'https://github.com/whalebook/whalebook/issues',
    ])
  })

  it('restores the window’s bounds only onto a display that is still connected', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'wb-userdata-'))
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ x: 100, y: 80, width: 1000, height: 700 }))
    const kept = await startMain({ packaged: true, userData })
    expect(kept.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 })
    electron.app.emit('will-quit')
    // The monitor it was on is gone: same size, centred by the OS (no x/y).
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ x: 3000, y: 80, width: 1000, height: 700 }))
    const moved = await startMain({ packaged: true, userData })
    expect(moved.options).toMatchObject({ width: 1000, height: 700 })
    expect(moved.options.x).toBeUndefined()
  })

  it('remembers the zoom (the whole interface, the terminal included) across restarts', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'wb-userdata-'))
    writeFileSync(
      join(userData, 'window-state.json'),
      JSON.stringify({ x: 100, y: 80, width: 1000, height: 700, zoom: 1.5 }),
    )
    const win = await startMain({ packaged: true, userData })
    win.webContents.emit('did-finish-load')
    expect(win.webContents.zoomFactor).toBe(1.5)
    // The learner zooms out (Ctrl −) and quits: the next start opens at that zoom.
    win.webContents.setZoomFactor(0.9)
    win.close()
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ zoom: 0.9 })
    electron.app.emit('will-quit')
    writeFileSync(
      join(userData, 'window-state.json'),
      JSON.stringify({ x: 100, y: 80, width: 1000, height: 700, zoom: 99 }),
    )
    const again = await startMain({ packaged: true, userData })
    again.webContents.emit('did-finish-load')
    expect(again.webContents.zoomFactor).toBe(3)
  })

  it('quits cleanly: the shells it started are ended with it', async () => {
    const win = await startMain({ packaged: true })
    const own = win.loaded.url ?? ''
    const handler = electron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL) as (e: unknown, r: unknown) => Promise<unknown>
    const created = (await handler(
      { senderFrame: { url: own } },
      { method: 'terminal.create', params: { cols: 80, rows: 24 } },
    )) as {
      result: { pid: number }
    }
    const pid = created.result.pid
    expect(() => process.kill(pid, 0)).not.toThrow()
    electron.app.emit('will-quit')
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 10_000 })
  })
})
