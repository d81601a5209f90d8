import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'

/**
 * The real Electron app: what only Electron can show (the preload's window.api, IPC calls and events, the application
 * menu, state kept across a restart). On the forge's CI it runs against the packaged app (WHALEBOOK_APP_EXECUTABLE,
 * built with the inspect fuse on); elsewhere against out/ with the electron package's binary; where neither exists
 * (these machines cannot download Electron) it reports itself skipped, with the reason.
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
if (!binary.path) console.log(`[electron suite] skipped: ${binary.reason ?? ''}`)

async function launch(userData: string): Promise<ElectronApplication> {
  const args = [
    ...(binary.packaged ? [] : ['out/main/index.js']),
    `--user-data-dir=${userData}`,
    // Chromium's sandbox cannot run as root (CI containers); everywhere else it stays on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ]
  return electron.launch({
    ...(binary.path ? { executablePath: binary.path } : {}),
    args,
    env: {
      ...process.env,
      DOCKER_HOST: process.env.TEST_DOCKER_HOST || 'unix:///nonexistent/docker.sock',
      LANG: 'en_US.UTF-8',
    },
  })
}

test.describe('Electron app', () => {
  test.skip(!binary.path, `Skipped: ${binary.reason ?? ''}`)
  let userData: string
  test.beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'wb-electron-'))
  })

  test('opens a locked-down window with the engine in the status bar; the page sees only window.api', async () => {
    const app = await launch(userData)
    try {
      const page = await app.firstWindow()
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
    const app = await launch(userData)
    try {
      const page = await app.firstWindow()
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
