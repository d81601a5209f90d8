/**
 * Runs the packed app's main process (out/main/index.js from an extracted app.asar) under Node, with the stand-in
 * `electron` module, and reports what it did as one JSON line: what the window loaded, the schemes it privileged,
 * how its protocol handler answered for every file of the packed renderer, an IPC call, and a shell spawned through
 * the packed node-pty. Started by tests/unit/packaging.test.ts:
 *
 *   node --import tsx --import ./tests/support/packed-main/loader.mjs tests/support/packed-main/run.ts EXTRACTED USERDATA
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import Module from 'node:module'
import { join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { errorMessage } from '../../../src/shared/errors'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/transport'
import { createElectronStandIn, standInForRequire, type ElectronStandIn } from '../electron-stand-in'

const [extracted, userData] = process.argv.slice(2)
if (!extracted || !userData) throw new Error('usage: run.ts EXTRACTED_APP USERDATA')

const electron: ElectronStandIn = createElectronStandIn(userData)
electron.app.isPackaged = true
;(globalThis as { __whalebookElectronStandIn?: ElectronStandIn }).__whalebookElectronStandIn = electron
// CommonJS require('electron') from the packed dependencies: a built-in in Electron, absent from the packed tree.
standInForRequire(() => electron)
const electronId = Module.createRequire(import.meta.url).resolve('electron')
const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string }
const resolveFilename = moduleInternals._resolveFilename
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'electron' ? electronId : resolveFilename.call(this, request, ...rest)
}

function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = probe()
      if (value !== undefined) return resolve(value)
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(tick, 25)
    }
    tick()
  })
}

await import(pathToFileURL(join(extracted, 'out', 'main', 'index.js')).href)
const win = await until('the window', () => electron.BrowserWindow.all[0])
const page = win.loaded.url ?? ''
const invoke = (method: string, params: Record<string, unknown> = {}): Promise<unknown> => {
  const handler = electron.ipcMain.handlers.get(IPC_INVOKE_CHANNEL) as (e: unknown, r: unknown) => Promise<unknown>
  return handler({ senderFrame: { url: page } }, { method, params })
}

const rendererDir = join(extracted, 'out', 'renderer')
/** What Chromium would get for a URL of the scheme: the handler's status, or 0 where no handler serves it. */
async function fetchStatus(url: string): Promise<{ status: number; type: string | null }> {
  try {
    const res = await electron.protocol.fetch(url)
    return { status: res.status, type: res.headers.get('content-type') }
  } catch {
    return { status: 0, type: null }
  }
}
const served: Array<{ file: string; status: number; type: string | null }> = []
for (const entry of readdirSync(rendererDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue
  const file = relative(rendererDir, join(entry.parentPath, entry.name)).split(sep).join('/')
  served.push({ file, ...(await fetchStatus(`whalebook://app/${file}`)) })
}
const escape = (await fetchStatus('whalebook://app/..%2f..%2fpackage.json')).status

// Every production dependency, imported from the packed tree (a probe module inside it resolves as the app does).
const { dependencies = {} } = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
}
const imported: Record<string, string> = {}
for (const name of Object.keys(dependencies)) {
  const probe = join(extracted, `.probe-${name.replace(/[^a-z0-9]/gi, '-')}.mjs`)
  writeFileSync(probe, `export const loaded = await import(${JSON.stringify(name)})\n`)
  try {
    await import(pathToFileURL(probe).href)
    imported[name] = 'ok'
  } catch (error) {
    imported[name] = errorMessage(error)
  }
}

const info = await invoke('app.info')
const created = (await invoke('terminal.create', { cols: 80, rows: 24 })) as { result?: { terminalId: string } }
const terminalId = created.result?.terminalId ?? ''
await invoke('terminal.run', { terminalId, command: 'echo packed-$((6*7))' })
const output = await until('the shell’s output', () => {
  const text = win.webContents.sent
    .filter((m) => m.channel === IPC_EVENT_CHANNEL)
    .map((m) => m.message as { event: string; payload: { terminalId?: string; data?: string } })
    .filter((m) => m.event === 'terminal.data' && m.payload.terminalId === terminalId)
    .map((m) => m.payload.data ?? '')
    .join('')
  return text.includes('packed-42') ? text : undefined
}).catch((error: unknown) => String(error))

process.stdout.write(
  `${JSON.stringify({
    loads: win.loads,
    privileged: electron.protocol.privileged,
    served,
    escape,
    imported,
    // CommonJS modules (native ones included) loaded from node_modules outside the packed tree: only the test's own.
    loadedOutside: Object.keys(Module.createRequire(import.meta.url).cache).filter(
      (path) => path.includes(`${sep}node_modules${sep}`) && !path.startsWith(extracted),
    ),
    info,
    shellOutput: output,
  })}\n`,
)
electron.app.emit('will-quit')
setTimeout(() => process.exit(0), 200)
