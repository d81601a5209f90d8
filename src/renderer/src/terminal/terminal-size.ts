/** The terminal's font, for xterm and for measuring the room it needs. */
export const TERMINAL_FONT = "'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace"

/** Columns a terminal needs for `docker ps` and friends not to wrap into unreadable rows. */
export const MIN_COLUMNS = 80

/**
 * Width (CSS pixels) around xterm's cells in the terminal pane: the pane's padding, the gutter lane, xterm's scrollbar
 * and a little slack for rounding of the cell width to device pixels.
 */
const CHROME_PX = 8 + 6 + 14 + 12

/** A monospace font's cell is about this share of its size (DejaVu Sans Mono's is 0.602), before it is measured. */
const CELL_PER_PX = 0.6

const measured = new Map<number, number>()
let context: CanvasRenderingContext2D | null | undefined

/** One cell's width in the terminal font at `fontSize`, measured once per size. */
export function cellWidth(fontSize: number): number {
  let cell = measured.get(fontSize)
  if (cell === undefined) {
    context ??= document.createElement('canvas').getContext('2d')
    cell = fontSize * CELL_PER_PX
    if (context) {
      context.font = `${fontSize}px ${TERMINAL_FONT}`
      cell = context.measureText('W'.repeat(20)).width / 20
    }
    measured.set(fontSize, cell)
  }
  return cell
}

/** A cell's width before the font is measured: close enough to lay the page out by. */
export function estimatedCellWidth(fontSize: number): number {
  return fontSize * CELL_PER_PX
}

/** The width the terminal pane needs to show `cols` columns of `cell` pixels each. */
export function paneWidthFor(cols: number, cell: number): number {
  return Math.ceil(cols * cell) + CHROME_PX
}
