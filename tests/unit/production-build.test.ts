import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

/** A production build, made here into a folder of its own (whatever `out/` holds, an end-to-end build perhaps). */
function productionBuild(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'wb-prod-'))
  const env = { ...process.env }
  delete env.WHALEBOOK_TEST_HOOKS
  const r = spawnSync('npx', ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'error'], {
    env,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
  return outDir
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
}

describe('the production bundle', () => {
  let files: string[] = []
  beforeAll(() => {
    files = filesUnder(productionBuild())
  }, 120_000)

  it('has none of the end-to-end tests’ probes and no source maps', () => {
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    for (const file of files.filter((f) => /\.(js|cjs|mjs|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8')
      expect(text.includes('__whalebook'), file).toBe(false)
    }
  })

  // scripts/xterm-dom-selection.ts: the bundle's xterm builds its rows once a draw, and once more only for a selection.
  it('has xterm with its DOM renderer changed at build time', () => {
    const bundled = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8'))
    const xterm = bundled.filter((text) => text.includes('handleSelectionChanged('))
    expect(xterm.length).toBeGreaterThan(0)
    // Minified: the local's name, and the shape of the early return, are the minifier's.
    expect(xterm.some((text) => /!this\._selectionShown&&!\w+/.test(text))).toBe(true)
    expect(xterm.some((text) => text.includes('this._selectionShown=!0,this.handleSelectionChanged('))).toBe(true)
  })

  // A selector with :has() may match any ancestor of a changed node, so Chromium re-checks them all, up to <html>, at
  // every node added anywhere, and a terminal under a flood adds rows at every frame. Every stylesheet the renderer
  // can load is here, those of views fetched when first shown too.
  it('has no :has() in any stylesheet', () => {
    const sheets = files.filter((f) => f.endsWith('.css')).map((f) => ({ f, text: readFileSync(f, 'utf8') }))
    expect(sheets.some(({ text }) => text.includes('.splitpanes__pane'))).toBe(true)
    expect(sheets.filter(({ text }) => text.includes(':has(')).map(({ f }) => f)).toEqual([])
  })
})
