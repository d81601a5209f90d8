// `npm start`: the desktop app (electron-vite preview builds it and opens it in Electron). Without an Electron binary
// (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or its download blocked) it says what is missing and how to fix it,
// instead of Electron's stack trace.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : undefined
  } catch {
    return undefined
  }
}

if (!electronBinary()) {
  console.error(
    [
      'Whalebook cannot start: the Electron binary is not installed.',
      '',
      'npm installed the electron package without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD was set, or the download',
      'from GitHub was blocked). To fix it:',
      '  - fetch it again:   npm rebuild electron   (with ELECTRON_SKIP_BINARY_DOWNLOAD unset)',
      '  - behind a blocked GitHub, use a mirror:   ELECTRON_MIRROR=https://<your mirror>/electron/ npm rebuild electron',
      '  - or install the app from a release download (see README.md), which needs no Node.js at all;',
      '  - or, with no display, run the same app in a browser:   npm run serve',
    ].join('\n'),
  )
  process.exit(1)
}

const child = spawn(
  process.platform === 'win32' ? 'npx.cmd' : 'npx',
  ['electron-vite', 'preview', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
)
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
