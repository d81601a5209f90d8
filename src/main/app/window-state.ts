import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../util/atomic-file'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState extends Rect {
  maximized: boolean
  /** The zoom the learner left the window at (Ctrl +/−): the whole interface, the terminal included. */
  zoom: number
}

export const DEFAULT_WINDOW: WindowState = { x: -1, y: -1, width: 1280, height: 820, maximized: false, zoom: 1 }
/** Chromium's own zoom range, narrowed to what keeps the app usable. */
const ZOOM = { min: 0.5, max: 3 }

function zoomOf(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(ZOOM.max, Math.max(ZOOM.min, v)) : 1
}
const MIN = { width: 720, height: 480 }

function isRect(v: unknown): v is Rect {
  const r = v as Partial<Rect> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n))
  )
}

/**
 * The saved bounds, if they still fit on one of the current displays (a monitor may have
 * been unplugged since); else a centred default. A missing or corrupt file is never fatal.
 */
export function loadWindowState(file: string, displays: Rect[]): WindowState {
  let saved: unknown
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return DEFAULT_WINDOW
  }
  if (!isRect(saved)) return DEFAULT_WINDOW
  const width = Math.max(MIN.width, Math.round(saved.width))
  const height = Math.max(MIN.height, Math.round(saved.height))
  const visible = displays.some(
    (d) =>
      saved.x + 100 <= d.x + d.width &&
      saved.x + width - 100 >= d.x &&
      saved.y >= d.y &&
      saved.y + 40 <= d.y + d.height,
  )
  const zoom = zoomOf((saved as Partial<WindowState>).zoom)
  if (!visible) return { ...DEFAULT_WINDOW, width, height, zoom }
  return {
    x: Math.round(saved.x),
    y: Math.round(saved.y),
    width,
    height,
    maximized: (saved as Partial<WindowState>).maximized === true,
    zoom,
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomic(file, JSON.stringify(state))
}
