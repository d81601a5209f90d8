import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UpdateStatus, type TerminalInfo } from '@shared/contract'
import { IPC_INVOKE_CHANNEL } from '@shared/transport'
import {
  createElectronStandIn,
  standInForRequire,
  type ElectronStandIn,
  type StandInBrowserWindow,
} from '../support/electron-stand-in'

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
// electron-updater's own require('electron') calls get the same stand-in.
standInForRequire(() => electron)

async function startMain(options: {
  packaged: boolean
  devServer?: string
  userData?: string
  /** Set up the stand-in before main runs (switches, the dialog's answer). */
  before?: (standIn: ElectronStandIn) => void
  /** Main is expected to quit before opening a window. */
  quits?: boolean
}): Promise<StandInBrowserWindow> {
  electron = createElectronStandIn(options.userData ?? mkdtempSync(join(tmpdir(), 'wb-userdata-')))
  electron.app.isPackaged = options.packaged
  options.before?.(electron)
  holder.current = electron as unknown as Record<string, unknown>
  vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/whalebook-test.sock')
  vi.stubEnv('ELECTRON_RENDERER_URL', options.devServer ?? '')
  vi.resetModules()
  await import('../../src/main/index')
  if (options.quits) {
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(1))
    return undefined as unknown as StandInBrowserWindow
  }
  await vi.waitFor(() => expect(electron.BrowserWindow.all).toHaveLength(1))
  return electron.BrowserWindow.all[0] as StandInBrowserWindow
}

function invoke(url: string, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const handler = electron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL) as (e: unknown, r: unknown) => Promise<unknown>
  return handler({ senderFrame: { url } }, { method, params })
}

afterEach(() => {
  electron?.app.emit('will-quit')
  vi.unstubAllEnvs()
  delete (process as { resourcesPath?: string }).resourcesPath
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

  it('an AppImage started without the sandbox says why and what to do; Quit ends it before any window', async () => {
    vi.stubEnv('APPIMAGE', '/home/learner/Whalebook-x86_64.AppImage')
    await startMain({ packaged: true, quits: true, before: (e) => e.app.switches.add('no-sandbox') })
    expect(electron.dialog.shown).toHaveLength(1)
    expect(electron.dialog.shown[0]).toMatchObject({ type: 'warning', buttons: ['退出', '不使用沙箱继续启动'] })
    expect(String(electron.dialog.shown[0]?.detail)).toContain('.deb')
    expect(electron.BrowserWindow.all).toHaveLength(0)
    expect(electron.protocol.handlers.size).toBe(0)
    electron.app.emit('will-quit')

    // The learner chooses to go on: the app opens as usual.
    const win = await startMain({
      packaged: true,
      before: (e) => {
        e.app.switches.add('no-sandbox')
        e.dialog.answer = { response: 1, checkboxChecked: false }
      },
    })
    expect(win.loaded.url).toBe('whalebook://app/index.html')
    expect(electron.dialog.shown).toHaveLength(1)
    electron.app.emit('will-quit')

    // With the sandbox on (no --no-sandbox), nothing is asked.
    await startMain({ packaged: true })
    expect(electron.dialog.shown).toHaveLength(0)
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

describe('Electron main process: updates (electron-updater against a local update server)', () => {
  const PAGE = 'whalebook://app/index.html'
  interface Feed {
    url: string
    requests: string[]
    server: Server
  }
  const servers: Server[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
  })

  /** A release feed as the forge serves one: latest-linux.yml and the AppImage it names, on 127.0.0.1. */
  async function updateServer(files: Record<string, Buffer | string>): Promise<Feed> {
    const requests: string[] = []
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      requests.push(path)
      const body = files[path.slice(1)]
      if (body === undefined) return void res.writeHead(404).end()
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(body) }).end(body)
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server }
  }

  const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64')
  const latestYml = (file: string, data: Buffer, checksum = sha512(data)): string =>
    [
      'version: 9.9.9',
      'files:',
      `  - url: ${file}`,
      `    sha512: ${checksum}`,
      `    size: ${data.length}`,
      `path: ${file}`,
      `sha512: ${checksum}`,
      "releaseDate: '2026-01-01T00:00:00.000Z'",
      '',
    ].join('\n')

  /** The "new version": a program that, when the updater starts it, leaves a mark. */
  function newAppImage(dir: string): { data: Buffer; ran: string } {
    const ran = join(dir, 'new-version-ran')
    return { data: Buffer.from(`#!/bin/sh\necho "9.9.9" > '${ran}'\n`), ran }
  }

  async function startPackagedApp(options: {
    feed: Feed
    appImage?: string
    packageType?: 'deb'
    userData?: string
  }): Promise<StandInBrowserWindow> {
    const resources = mkdtempSync(join(tmpdir(), 'wb-resources-'))
    // What electron-builder writes into resources/ from the publish configuration (a generic feed here).
    writeFileSync(
      join(resources, 'app-update.yml'),
      `provider: generic\nurl: ${options.feed.url}\nupdaterCacheDirName: whalebook-updater\n`,
    )
    if (options.packageType) writeFileSync(join(resources, 'package-type'), options.packageType)
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true })
    vi.stubEnv('APPIMAGE', options.appImage)
    vi.stubEnv('XDG_CACHE_HOME', mkdtempSync(join(tmpdir(), 'wb-cache-')))
    return startMain({ packaged: true, ...(options.userData ? { userData: options.userData } : {}) })
  }

  function updates(win: StandInBrowserWindow): UpdateStatus[] {
    return win.webContents.sent
      .map((m) => m.message as { event?: string; payload?: unknown })
      .filter((m) => m.event === 'app.updateChanged')
      .map((m) => UpdateStatus.parse(m.payload))
  }

  /** An installed AppImage (the old version) and a feed that offers 9.9.9, serving `served` as its AppImage. */
  async function appImageRelease(
    served?: (next: Buffer) => Buffer,
  ): Promise<{ dir: string; installed: string; next: { data: Buffer; ran: string }; feed: Feed }> {
    const dir = mkdtempSync(join(tmpdir(), 'wb-update-'))
    const installed = join(dir, 'Whalebook-x86_64.AppImage')
    writeFileSync(installed, 'the old version')
    const next = newAppImage(dir)
    const feed = await updateServer({
      'latest-linux.yml': latestYml('Whalebook-x86_64.AppImage', next.data),
      'Whalebook-x86_64.AppImage': served ? served(next.data) : next.data,
    })
    return { dir, installed, next, feed }
  }

  async function terminals(): Promise<TerminalInfo[]> {
    return ((await invoke(PAGE, 'terminal.list')) as { result: TerminalInfo[] }).result
  }

  it('checks at start, downloads and verifies in the background, and restarts to update only when no command runs', async () => {
    const { dir, installed, next, feed } = await appImageRelease()
    const win = await startPackagedApp({ feed, appImage: installed })

    await vi.waitFor(() => expect(updates(win).at(-1)?.state).toBe('ready'), { timeout: 20_000 })
    // (The check itself starts before the window exists; the page reads app.updateStatus when it loads.)
    const states = updates(win).map((u) => u.state)
    expect(states).toEqual(expect.arrayContaining(['downloading', 'ready']))
    expect(updates(win).at(-1)).toMatchObject({
      version: '9.9.9',
      currentVersion: '0.0.0-stand-in',
      checkAtStart: true,
    })
    expect(feed.requests).toEqual(expect.arrayContaining(['/latest-linux.yml', '/Whalebook-x86_64.AppImage']))
    expect(await invoke(PAGE, 'app.updateStatus')).toMatchObject({ result: { state: 'ready', version: '9.9.9' } })

    // A command runs in a terminal: "restart to update" is refused, nothing is installed, the app does not quit.
    const created = (await invoke(PAGE, 'terminal.create', { cols: 80, rows: 24, cwd: dir })) as {
      result: { terminalId: string }
    }
    const terminalId = created.result.terminalId
    await invoke(PAGE, 'terminal.run', { terminalId, command: 'while [ ! -e go ]; do sleep 0.05; done' })
    await vi.waitFor(async () => expect((await terminals()).some((t) => t.busy)).toBe(true), { timeout: 20_000 })
    expect(await invoke(PAGE, 'app.installUpdate')).toMatchObject({ error: { code: 'TERMINAL_BUSY' } })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(readFileSync(installed, 'utf8')).toBe('the old version')
    expect(existsSync(next.ran)).toBe(false)
    expect(electron.app.quitCalls).toBe(0)

    // The command ends: the update replaces the AppImage, the new version starts, this one quits.
    writeFileSync(join(dir, 'go'), '')
    await vi.waitFor(async () => expect((await terminals()).some((t) => t.busy)).toBe(false), { timeout: 20_000 })
    expect(await invoke(PAGE, 'app.installUpdate')).toEqual({ result: { ok: true } })
    await vi.waitFor(() => expect(existsSync(next.ran)).toBe(true), { timeout: 10_000 })
    expect(readFileSync(installed)).toEqual(next.data)
    await vi.waitFor(() => expect(electron.app.quitCalls).toBe(1))
  }, 60_000)

  it('refuses a download whose sha512 does not match the release metadata: an error, nothing to install', async () => {
    const { installed, feed } = await appImageRelease((data) => Buffer.concat([data, Buffer.from('echo tampered\n')]))
    const win = await startPackagedApp({ feed, appImage: installed })
    await vi.waitFor(() => expect(updates(win).at(-1)?.state).toBe('error'), { timeout: 20_000 })
    expect(updates(win).at(-1)?.message).toMatch(/sha512/)
    expect(updates(win).map((u) => u.state)).not.toContain('ready')
    // The bytes were fetched (the witness) and refused: no installer kept, nothing installed.
    expect(feed.requests).toContain('/Whalebook-x86_64.AppImage')
    const cache = join(process.env.XDG_CACHE_HOME ?? '', 'whalebook-updater')
    const kept = existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String) : []
    expect(kept.filter((f) => f.endsWith('.AppImage'))).toEqual([])
    expect(await invoke(PAGE, 'app.installUpdate')).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(readFileSync(installed, 'utf8')).toBe('the old version')
    expect(electron.app.quitCalls).toBe(0)
  }, 60_000)

  it('does not check at start when the learner turned it off; a check on request still works', async () => {
    const { installed, feed } = await appImageRelease()
    const userData = mkdtempSync(join(tmpdir(), 'wb-userdata-'))
    writeFileSync(join(userData, 'updates.json'), JSON.stringify({ checkAtStart: false }))
    const win = await startPackagedApp({ feed, appImage: installed, userData })
    expect(await invoke(PAGE, 'app.updateStatus')).toMatchObject({ result: { state: 'idle', checkAtStart: false } })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(feed.requests).toEqual([])
    // The witness: the same app, asked, does reach the feed.
    await invoke(PAGE, 'app.checkForUpdates')
    expect(feed.requests).toContain('/latest-linux.yml')
    await vi.waitFor(() => expect(updates(win).at(-1)?.state).toBe('ready'), { timeout: 20_000 })
    // The setting is the learner's to change, and it is kept.
    expect(await invoke(PAGE, 'app.setCheckAtStart', { enabled: true })).toMatchObject({
      result: { checkAtStart: true },
    })
    expect(JSON.parse(readFileSync(join(userData, 'updates.json'), 'utf8'))).toEqual({ checkAtStart: true })
  }, 60_000)

  it('only says a new version is out for a .deb install (the package manager owns its files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-update-'))
    const next = newAppImage(dir)
    const feed = await updateServer({
      'latest-linux.yml': latestYml('whalebook_9.9.9_amd64.deb', next.data),
      'whalebook_9.9.9_amd64.deb': next.data,
    })
    const win = await startPackagedApp({ feed, packageType: 'deb' })
    await vi.waitFor(() => expect(updates(win).at(-1)?.state).toBe('available'), { timeout: 20_000 })
    expect(updates(win).at(-1)).toMatchObject({
      version: '9.9.9',
      releaseUrl: 'https://github.com/whalebook/whalebook/releases/latest',
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(feed.requests).toEqual(['/latest-linux.yml'])
    expect(await invoke(PAGE, 'app.installUpdate')).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  }, 60_000)

  it('has no updater in a development build or a packaged build without a feed', async () => {
    await startMain({ packaged: false })
    expect(await invoke(PAGE, 'app.updateStatus')).toMatchObject({ result: { state: 'unsupported' } })
    electron.app.emit('will-quit')
    await startMain({ packaged: true })
    expect(await invoke(PAGE, 'app.checkForUpdates')).toMatchObject({ result: { state: 'unsupported' } })
  })
})
