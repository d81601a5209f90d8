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
}

export const DEFAULT_WINDOW: WindowState = { x: -1, y: -1, width: 1280, height: 820, maximized: false }
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
  if (!visible) return { ...DEFAULT_WINDOW, width, height }
  return {
    x: Math.round(saved.x),
    y: Math.round(saved.y),
    width,
    height,
    maximized: (saved as Partial<WindowState>).maximized === true,
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomic(file, JSON.stringify(state))
}
