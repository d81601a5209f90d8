import type { Plugin } from 'vite'

/** xterm's DOM renderer's selection handler, as xterm 6.0.0 ships it minified: its three parameters, then the body. */
const HANDLER = /handleSelectionChanged\((\w+),(\w+),(\w+)\)\{if\(this\._selectionContainer\.replaceChildren\(\),/g
/** Its resize, which draws every row at once through the handler (the fit addon blanks them all just before). */
const RESIZE =
  /(handleResize\(\w+,\w+\)\{this\._refreshRowElements\(\w+,\w+\),this\._updateDimensions\(\),)(this\.handleSelectionChanged\()/g

function once(code: string, pattern: RegExp, what: string): void {
  const found = [...code.matchAll(pattern)].length
  if (found !== 1)
    throw new Error(
      `xterm's DOM renderer ${what} was found ${found} times, not once: check whether this xterm still draws every ` +
        'row at each scroll (xtermjs/xterm.js#4633), then update or remove scripts/xterm-dom-selection.ts',
    )
}

/**
 * xterm 6.0's DOM renderer draws every row of the screen again each time its selection service refreshes, and that
 * service refreshes at every scroll, whether anything is selected or not (xtermjs/xterm.js#4633): while output
 * scrolls, each frame builds every row twice, and the second build ignores synchronized output (DEC mode 2026), so a
 * flood held off the screen is drawn anyway. Here the handler returns at once when nothing was selected and nothing
 * is; a click's selection of no cells (its start is its end) draws nothing and counts as none. A resize still draws
 * every row at once through it, as before.
 *
 * Throws when either place is not found exactly once: a new xterm then needs this checked, and kept or removed.
 */
export function skipRedrawWithoutSelection(code: string): string {
  once(code, HANDLER, 'selection handler')
  once(code, RESIZE, 'resize')
  return code
    .replace(
      HANDLER,
      (_all, start: string, end: string, columns: string) =>
        `handleSelectionChanged(${start},${end},${columns}){` +
        `const selects=!!(${start}&&${end}&&(${start}[0]!==${end}[0]||${start}[1]!==${end}[1]));` +
        'if(!this._selectionShown&&!selects)return;this._selectionShown=selects;' +
        'if(this._selectionContainer.replaceChildren(),',
    )
    .replace(RESIZE, '$1this._selectionShown=!0,$2')
}

/** The module of @xterm/xterm that the renderer's bundle takes (package.json's "module"). */
export const XTERM_MODULE = /[\\/]node_modules[\\/]@xterm[\\/]xterm[\\/]lib[\\/]xterm\.mjs$/

/**
 * Applies skipRedrawWithoutSelection to xterm as the renderer is built (and served in development), and fails a build
 * in which xterm's module never passed through it. The source map of that one line is left as it was: the build
 * writes none.
 */
export function xtermDomSelection(): Plugin {
  let building = false
  let applied = false
  return {
    name: 'whalebook:xterm-dom-selection',
    configResolved(config) {
      building = config.command === 'build'
    },
    transform(code, id) {
      if (!XTERM_MODULE.test(id.split('?')[0] ?? id)) return null
      applied = true
      return { code: skipRedrawWithoutSelection(code), map: null }
    },
    buildEnd(error) {
      if (building && !error && !applied)
        this.error('xterm was bundled from a module other than lib/xterm.mjs: scripts/xterm-dom-selection.ts missed it')
    },
  }
}
