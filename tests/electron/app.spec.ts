import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  _electron as electron,
  chromium,
  expect,
  test,
  type Browser,
  type ElectronApplication,
  type Page,
} from '@playwright/test'

/**
 * The real Electron app: what only Electron can show (the preload's window.api, IPC calls and events, the application
 * menu, state kept across a restart). On the forge's CI it runs against the packaged app (WHALEBOOK_APP_EXECUTABLE):
 * the end-to-end build, with the inspect fuse Playwright's _electron needs, and the release build itself
 * (WHALEBOOK_APP_FUSES=release: no inspect fuse, so the page is reached over Chromium's DevTools protocol and the tests
 * that read the main process are skipped). Elsewhere it runs against out/ with the electron package's binary; where
 * neither exists (these machines cannot download Electron) it reports itself skipped, with the reason.
 */
function electronBinary(): { path?: string; packaged: boolean; reason?: string } {
  const packaged = process.env.WHALEBOOK_APP_EXECUTABLE
  if (packaged) {
    return existsSync(packaged)
      ? { path: packaged, packaged: true }
      : { packaged: true, reason: `WHALEBOOK_APP_EXECUTABLE=${packaged} does not exist` }
  }
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string
    if (typeof path === 'string' && existsSync(path)) return { path, packaged: false }
    return {
      packaged: false,
      reason: `the electron package has no binary at ${String(path)} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)`,
    }
  } catch (error) {
    return {
      packaged: false,
      reason: `no Electron binary: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    }
  }
}

const binary = electronBinary()
/** The release build keeps Node's inspect arguments off: only the page can be driven, over the DevTools protocol. */
const release = process.env.WHALEBOOK_APP_FUSES === 'release'
if (!binary.path) console.log(`[electron suite] skipped: ${binary.reason ?? ''}`)
const NEEDS_MAIN =
  'the release build has no inspect fuse: this reads the main process (run against the end-to-end build)'

function launchArgs(userData: string): string[] {
  return [
    ...(binary.packaged ? [] : ['out/main/index.js']),
    `--user-data-dir=${userData}`,
    // Chromium's sandbox cannot run as root (CI containers); everywhere else it stays on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ]
}

function launchEnv(): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    DOCKER_HOST: process.env.TEST_DOCKER_HOST || 'unix:///nonexistent/docker.sock',
    LANG: 'en_US.UTF-8',
  }
}

async function launch(userData: string): Promise<ElectronApplication> {
  return electron.launch({
    ...(binary.path ? { executablePath: binary.path } : {}),
    args: launchArgs(userData),
    env: launchEnv(),
  })
}

/** The app's first window, whichever way the build lets a test reach it; `close` ends the app. */
async function openApp(userData: string): Promise<{ page: Page; close: () => Promise<void> }> {
  if (!release) {
    const app = await launch(userData)
    return { page: await app.firstWindow(), close: () => app.close() }
  }
  const child: ChildProcess = spawn(binary.path ?? '', [...launchArgs(userData), '--remote-debugging-port=0'], {
    env: launchEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint within 30 s:\n${text}`)), 30_000)
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`the app exited (${String(code)}) before listening:\n${text}`)))
  })
  const browser: Browser = await chromium.connectOverCDP(endpoint)
  const context = browser.contexts()[0]
  if (!context) throw new Error('the app has no browser context')
  let page: Page | undefined
  for (const deadline = Date.now() + 30_000; !page && Date.now() < deadline;) {
    page = context.pages().find((p) => p.url().startsWith('whalebook://'))
    if (!page) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  if (!page)
    throw new Error(
      `no whalebook:// page; the app shows ${context
        .pages()
        .map((p) => p.url())
        .join(', ')}`,
    )
  return {
    page,
    close: async () => {
      await browser.close().catch(() => undefined)
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill()
        await exited
      }
    },
  }
}

test.describe('Electron app', () => {
  test.skip(!binary.path, `Skipped: ${binary.reason ?? ''}`)
  let userData: string
  test.beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'wb-electron-'))
  })

  test('opens its first window on the book, from whalebook://app, with a working terminal', async () => {
    const app = await openApp(userData)
    try {
      const page = app.page
      await expect(page).toHaveTitle('Whalebook')
      expect(page.url()).toBe('whalebook://app/index.html')
      // Without an engine the first run greets the learner; one click opens chapter 1.1 either way.
      const welcome = page.getByTestId('welcome')
      const chapter = page.getByTestId('chapter')
      await expect(welcome.or(chapter)).toBeVisible({ timeout: 30_000 })
      if (await welcome.isVisible()) await page.getByTestId('welcome-chapter').click()
      await expect(chapter).toBeVisible()
      await expect(chapter).toHaveAttribute('data-chapter-id', /^\d+\.\d+$/)
      await expect(chapter).toContainText('Docker')
      expect((await chapter.innerText()).length).toBeGreaterThan(200)

      // A command typed into the terminal (keys into xterm.js, as a learner types) runs in the real shell: its output
      // comes back through window.api.
      await page.locator('.xterm').first().waitFor({ timeout: 30_000 })
      const [command, expected] =
        process.platform === 'win32' ? ['echo "wb-$(6*7)"', 'wb-42'] : ['echo wb-$((6*7))', 'wb-42']
      const seen = page.evaluate(
        (want) =>
          new Promise<boolean>((resolve) => {
            let text = ''
            window.api?.on('terminal.data', (p) => {
              text += p.data
              if (text.includes(want)) resolve(true)
            })
          }),
        expected,
      )
      await page.locator('.xterm').first().click()
      await page.keyboard.type(command)
      await page.keyboard.press('Enter')
      expect(await seen).toBe(true)
    } finally {
      await app.close()
    }
  })

  test('shows the engine in the status bar; the page sees only window.api', async () => {
    const app = await openApp(userData)
    try {
      const page = app.page
      await expect(page).toHaveTitle('Whalebook')
      // With an engine (Linux CI), its version; without one (the macOS and Windows runners), the explanation.
      if (process.env.TEST_DOCKER_HOST) await expect(page.getByTestId('status-bar')).toContainText(/Docker \d/)
      else await expect(page.getByTestId('engine-unavailable')).toBeVisible()
      const exposed = await page.evaluate(() => ({
        api: Object.keys(window.api ?? {}).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        probes: typeof (window as unknown as { __whalebook?: unknown }).__whalebook,
      }))
      expect(exposed).toMatchObject({ api: ['invoke', 'on', 'transport'], require: 'undefined', process: 'undefined' })
      // A packaged (production) build has none of the end-to-end probes.
      if (binary.packaged) expect(exposed.probes).toBe('undefined')
    } finally {
      await app.close()
    }
  })

  test('IPC carries calls and events: a terminal created through window.api streams its output back', async () => {
    const app = await openApp(userData)
    try {
      const page = app.page
      const out = await page.evaluate(async () => {
        const api = window.api
        if (!api) throw new Error('no window.api')
        const info = await api.invoke('app.info', {})
        const bad = await api.invoke('no.such.method' as never, {} as never)
        let text = ''
        const gotIt = new Promise<void>((resolve) => {
          api.on('terminal.data', (p) => {
            text += p.data
            if (text.includes('ipc-echo-42')) resolve()
          })
        })
        const created = await api.invoke('terminal.create', { cols: 80, rows: 24 })
        if (!('result' in created)) throw new Error('terminal.create failed')
        await api.invoke('terminal.run', { terminalId: created.result.terminalId, command: 'echo ipc-echo-$((6*7))' })
        await gotIt
        return { info, bad }
      })
      expect(out.info).toMatchObject({ result: { name: 'Whalebook', transport: 'ipc' } })
      expect(out.bad).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
    } finally {
      await app.close()
    }
  })

  test('has the application menu: Edit, View, Window, Help', async () => {
    test.skip(release, NEEDS_MAIN)
    const app = await launch(userData)
    try {
      await app.firstWindow()
      const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [])
      for (const label of ['Edit', 'View', 'Window', 'Help']) expect(labels).toContain(label)
    } finally {
      await app.close()
    }
  })

  test('closing and reopening keeps the window’s size and the reader’s progress', async () => {
    test.skip(release, NEEDS_MAIN)
    let app = await launch(userData)
    try {
      const page = await app.firstWindow()
      await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()[0]?.setBounds({ width: 1111, height: 777 }),
      )
      await page.evaluate(() => window.api?.invoke('tutorial.markStep', { stepId: '1.1/1', done: true }))
    } finally {
      await app.close()
    }
    app = await launch(userData)
    try {
      const page = await app.firstWindow()
      const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getBounds())
      expect(bounds).toMatchObject({ width: 1111, height: 777 })
      const progress = await page.evaluate(() => window.api?.invoke('tutorial.progress', {}))
      expect(progress).toMatchObject({ result: { done: { '1.1/1': expect.anything() } } })
    } finally {
      await app.close()
    }
  })

  test('Ctrl+= zooms the whole interface, the terminal included, and the zoom is remembered', async () => {
    test.skip(release, NEEDS_MAIN)
    let app = await launch(userData)
    try {
      const page = await app.firstWindow()
      await page.locator('.xterm').first().waitFor()
      // Page zoom scales every CSS pixel, the terminal's canvas and text included: devicePixelRatio says by how much.
      const ratio = () => page.evaluate(() => window.devicePixelRatio)
      const before = await ratio()
      await page.getByTestId('chapter').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Control+=')
      await expect
        .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.getZoomFactor()))
        .toBeGreaterThan(1)
      await expect.poll(ratio).toBeGreaterThan(before)
    } finally {
      await app.close()
    }
    app = await launch(userData)
    try {
      await app.firstWindow()
      await expect
        .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.getZoomFactor()))
        .toBeGreaterThan(1)
    } finally {
      await app.close()
    }
  })
})
