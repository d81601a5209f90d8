/** The terminal's font, for xterm and for measuring the room it needs. */
export const TERMINAL_FONT = "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace"

/** Columns a terminal needs for `docker ps` and friends not to wrap into unreadable rows. */
export const MIN_COLUMNS = 80

/**
 * Width (CSS pixels) around xterm's cells in the terminal pane: the pane's padding, the gutter lane, xterm's scrollbar
 * and a little slack for rounding of the cell width to device pixels.
 */
const CHROME_PX = 8 + 6 + 14 + 12

/** The width the terminal pane needs to show `cols` columns in the terminal font at `fontSize`. */
export function paneWidthFor(cols: number, fontSize: number): number {
  const ctx = document.createElement('canvas').getContext('2d')
  let cell = fontSize * 0.6
  if (ctx) {
    ctx.font = `${fontSize}px ${TERMINAL_FONT}`
    cell = ctx.measureText('W'.repeat(20)).width / 20
  }
  return Math.ceil(cols * cell) + CHROME_PX
}
