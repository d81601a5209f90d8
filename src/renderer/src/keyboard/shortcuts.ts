/**
 * The app's keyboard shortcuts: one table, read by the handler and by the shortcuts sheet. None fires while the
 * terminal has focus (it needs every key), and the single-key ones not while typing in a field.
 */
export type ShortcutId =
  | 'nextChapter'
  | 'prevChapter'
  | 'runStep'
  | 'focusTerminal'
  | 'panel'
  | 'search'
  | 'sheet'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomReset'

export interface Shortcut {
  id: ShortcutId
  /** As shown on the sheet (`Mod` is Ctrl, or ⌘ on macOS). */
  keys: string[]
  /** Handled by the app (false: the window's own, listed for completeness, such as zoom). */
  handled: boolean
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'nextChapter', keys: ['Alt', 'PageDown'], handled: true },
  { id: 'prevChapter', keys: ['Alt', 'PageUp'], handled: true },
  { id: 'runStep', keys: ['Mod', 'Enter'], handled: true },
  { id: 'focusTerminal', keys: ['Mod', '`'], handled: true },
  { id: 'panel', keys: ['Alt', '1 … 9'], handled: true },
  { id: 'search', keys: ['Mod', 'K'], handled: true },
  { id: 'sheet', keys: ['?'], handled: true },
  { id: 'zoomIn', keys: ['Mod', '+'], handled: false },
  { id: 'zoomOut', keys: ['Mod', '−'], handled: false },
  { id: 'zoomReset', keys: ['Mod', '0'], handled: false },
]

export interface KeyLike {
  key: string
  code?: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/** Which shortcut a key press is (with the panel's number for Alt+digit), or undefined. */
export function matchShortcut(
  e: KeyLike,
  where: { inTerminal: boolean; typing: boolean; mac: boolean },
): { id: ShortcutId; panel?: number } | undefined {
  if (where.inTerminal) return undefined
  const mod = where.mac ? e.metaKey : e.ctrlKey
  if (e.altKey && !mod && e.key === 'PageDown') return { id: 'nextChapter' }
  if (e.altKey && !mod && e.key === 'PageUp') return { id: 'prevChapter' }
  if (mod && !e.altKey && e.key === 'Enter') return { id: 'runStep' }
  if (mod && !e.altKey && (e.key === '`' || e.code === 'Backquote')) return { id: 'focusTerminal' }
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return { id: 'search' }
  const digit = /^Digit([1-9])$/.exec(e.code ?? '')?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined)
  if (e.altKey && !mod && digit) return { id: 'panel', panel: Number(digit) }
  if (!where.typing && !mod && !e.altKey && (e.key === '?' || e.key === 'F1')) return { id: 'sheet' }
  return undefined
}
