import type { Plugin } from 'vite'

/** xterm's DOM renderer's selection handler, as xterm 6.0.0 ships it minified: its three parameters, then the body. */
const HANDLER = /handleSelectionChanged\((\w+),(\w+),(\w+)\)\{if\(this\._selectionContainer\.replaceChildren\(\),/g

/**
 * xterm 6.0's DOM renderer draws every row of the screen again each time its selection service refreshes, and that
 * service refreshes at every scroll, whether anything is selected or not: while output scrolls, each frame builds
 * every row twice, and the second build ignores synchronized output (DEC mode 2026), so a flood held off the screen
 * is drawn anyway. xterm's next release draws only the rows a selection covered or covers. Until the app moves to it,
 * the handler returns at once when nothing was selected and nothing is. A click leaves a selection of no cells (its
 * start is its end), which draws nothing and counts as none.
 *
 * Throws when the handler is not found exactly once: a new xterm then needs this fix checked, and kept or removed.
 */
export function skipRedrawWithoutSelection(code: string): string {
  const found = [...code.matchAll(HANDLER)].length
  if (found !== 1)
    throw new Error(
      `xterm's DOM renderer selection handler was found ${found} times, not once: check whether this xterm still ` +
        'draws every row at each scroll, then update or remove scripts/xterm-dom-selection.ts',
    )
  return code.replace(
    HANDLER,
    (_all, start: string, end: string, columns: string) =>
      `handleSelectionChanged(${start},${end},${columns}){` +
      `const selects=!!(${start}&&${end}&&(${start}[0]!==${end}[0]||${start}[1]!==${end}[1]));` +
      'if(!this._selectionShown&&!selects)return;this._selectionShown=selects;' +
      'if(this._selectionContainer.replaceChildren(),',
  )
}

/** The module of @xterm/xterm that the renderer's bundle takes (package.json's "module"). */
export const XTERM_MODULE = /[\\/]node_modules[\\/]@xterm[\\/]xterm[\\/]lib[\\/]xterm\.mjs$/

/** Applies skipRedrawWithoutSelection to xterm as the renderer is built (and served in development). */
export function xtermDomSelection(): Plugin {
  return {
    name: 'whalebook:xterm-dom-selection',
    transform(code, id) {
      if (!XTERM_MODULE.test(id.split('?')[0] ?? id)) return null
      return { code: skipRedrawWithoutSelection(code), map: null }
    },
  }
}
