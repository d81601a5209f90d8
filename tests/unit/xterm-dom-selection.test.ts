import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { XTERM_MODULE, skipRedrawWithoutSelection } from '../../scripts/xterm-dom-selection'

const xtermDir = dirname(createRequire(import.meta.url).resolve('@xterm/xterm/package.json'))
const xtermModule = join(xtermDir, 'lib', 'xterm.mjs')

/** What the change adds to xterm, and nothing else. */
const ADDED = [
  /const selects=[^;]+;if\(!this\._selectionShown&&!selects\)return;this\._selectionShown=selects;/g,
  /this\._selectionShown=!0,(?=this\.handleSelectionChanged\()/g,
]

interface Renderer {
  drawn: number
  _selectionContainer: { replaceChildren(): void }
  handleSelectionChanged(start?: number[], end?: number[], columns?: boolean): void
  handleResize(cols: number, rows: number): void
}

/** A stand-in for xterm 6.0.0's DomRenderer, minified the same way, with the change applied. */
function renderer(): Renderer {
  const source =
    'class R{constructor(){this.drawn=0;this._selectionContainer={replaceChildren(){}};' +
    'this._selectionRenderModel={selectionStart:void 0,selectionEnd:void 0,columnSelectMode:!1}}' +
    '_refreshRowElements(e,i){}_updateDimensions(){}renderRows(){this.drawn++}' +
    'handleResize(e,i){this._refreshRowElements(e,i),this._updateDimensions(),this.handleSelectionChanged(' +
    'this._selectionRenderModel.selectionStart,this._selectionRenderModel.selectionEnd,' +
    'this._selectionRenderModel.columnSelectMode)}' +
    'handleSelectionChanged(a,b,c){if(this._selectionContainer.replaceChildren(),this.renderRows(),!a||!b)return}}' +
    ';return R'
  const R = new Function(skipRedrawWithoutSelection(source))() as new () => Renderer
  return new R()
}

describe('skipRedrawWithoutSelection', () => {
  it('applies once to the xterm the renderer is built with, and changes nothing else', () => {
    const code = readFileSync(xtermModule, 'utf8')
    const fixed = skipRedrawWithoutSelection(code)
    for (const added of ADDED) expect(fixed.match(added)).toHaveLength(1)
    expect(ADDED.reduce((text, added) => text.replace(added, ''), fixed)).toBe(code)
  })

  it('returns early only when nothing was selected and nothing is', () => {
    const r = renderer()
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

  it('still draws every row at a resize, selection or none', () => {
    const r = renderer()
    r.handleResize(80, 24)
    expect(r.drawn).toBe(1)
    r.handleResize(100, 30)
    expect(r.drawn).toBe(2)
    // And the resize leaves no selection recorded as shown.
    r.handleSelectionChanged(undefined, undefined, false)
    expect(r.drawn).toBe(2)
  })

  it('refuses an xterm it was not written for, loudly', () => {
    expect(() => skipRedrawWithoutSelection('handleSelectionChanged(e,i,r){this.renderRows()}')).toThrow(
      /selection handler was found 0 times/,
    )
    const noResize = 'handleSelectionChanged(e,i,r){if(this._selectionContainer.replaceChildren(),x)return}'
    expect(() => skipRedrawWithoutSelection(noResize)).toThrow(/resize was found 0 times/)
  })

  it('names the module the bundle takes from the package', () => {
    const pkg = JSON.parse(readFileSync(join(xtermDir, 'package.json'), 'utf8')) as { module: string }
    expect(XTERM_MODULE.test(join(xtermDir, pkg.module))).toBe(true)
    expect(XTERM_MODULE.test(join(xtermDir, 'lib', 'xterm.js'))).toBe(false)
  })
})
