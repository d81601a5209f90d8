import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XTERM_MODULE, skipRedrawWithoutSelection } from '../../scripts/xterm-dom-selection'

const xtermDir = dirname(createRequire(import.meta.url).resolve('@xterm/xterm/package.json'))
const xtermModule = join(xtermDir, 'lib', 'xterm.mjs')

describe('skipRedrawWithoutSelection', () => {
  it('applies once to the xterm the renderer is built with', () => {
    const code = readFileSync(xtermModule, 'utf8')
    const fixed = skipRedrawWithoutSelection(code)
    expect(fixed.length).toBeGreaterThan(code.length)
    const guard = /const selects=[^;]+;if\(!this\._selectionShown&&!selects\)return;this\._selectionShown=selects;/g
    expect(fixed.match(guard)).toHaveLength(1)
    // The rest of xterm is as it was.
    expect(fixed.replace(guard, '')).toBe(code)
  })

  it('returns early only when nothing was selected and nothing is', () => {
    const source =
      'class R{constructor(){this.drawn=0}renderRows(){this.drawn++}' +
      'handleSelectionChanged(a,b,c){if(this._selectionContainer.replaceChildren(),this.renderRows(),!a||!b)return}}' +
      ';return R'
    const R = new Function(skipRedrawWithoutSelection(source))() as new () => {
      drawn: number
      _selectionContainer: { replaceChildren(): void }
      handleSelectionChanged(a?: number[], b?: number[], c?: boolean): void
    }
    const r = new R()
    r._selectionContainer = { replaceChildren: () => {} }
    r.handleSelectionChanged(undefined, undefined, false)
    expect(r.drawn).toBe(0)
    // A click: a selection of no cells, its start its end.
    r.handleSelectionChanged([3, 1], [3, 1], false)
    expect(r.drawn).toBe(0)
    r.handleSelectionChanged([0, 0], [4, 0], false)
    expect(r.drawn).toBe(1)
    // Cleared: drawn once more, to take the highlight away; after that, nothing again.
    r.handleSelectionChanged(undefined, undefined, false)
    expect(r.drawn).toBe(2)
    r.handleSelectionChanged(undefined, undefined, false)
    expect(r.drawn).toBe(2)
  })

  it('refuses an xterm it was not written for, loudly', () => {
    expect(() => skipRedrawWithoutSelection('handleSelectionChanged(e,i,r){this.renderRows()}')).toThrow(
      /found 0 times/,
    )
  })

  it('names the module the bundle takes from the package', () => {
    const pkg = JSON.parse(readFileSync(join(xtermDir, 'package.json'), 'utf8')) as { module: string }
    expect(XTERM_MODULE.test(join(xtermDir, pkg.module))).toBe(true)
    expect(XTERM_MODULE.test(join(xtermDir, 'lib', 'xterm.js'))).toBe(false)
  })
})
