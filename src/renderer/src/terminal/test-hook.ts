import type { Terminal } from '@xterm/xterm'
import type { CommandGutter } from './command-gutter'
import type { TerminalProbe } from './probe-types'

declare global {
  interface Window {
    __whalebookTerminals?: TerminalProbe
    /** Set by a test before the page loads: called as a terminal's replay begins, before xterm has parsed any of it. */
    __whalebookOnReplay?: (terminalId: string) => void
  }
}

const terminals = new Map<string, Terminal>()
const gutters = new Map<string, CommandGutter>()
const drawn = new Map<string, { draws: number; rows: number }>()

/**
 * End-to-end tests read what xterm actually holds (cell widths included) through this probe:
 * the canvas/WebGL renderers leave nothing in the DOM to inspect.
 */
export function registerTerminalForTests(terminalId: string, term: Terminal, gutter: CommandGutter): void {
  terminals.set(terminalId, term)
  gutters.set(terminalId, gutter)
  const counts = { draws: 0, rows: 0 }
  drawn.set(terminalId, counts)
  term.onRender(({ start, end }) => {
    counts.draws++
    counts.rows += end - start + 1
  })
  window.__whalebookTerminals ??= {
    lines: (id) => {
      const t = terminals.get(id)
      if (!t) return []
      const b = t.buffer.active
      const out: string[] = []
      for (let y = 0; y < b.length; y++) out.push(b.getLine(y)?.translateToString(true) ?? '')
      return out
    },
    widths: (id, row) => {
      const line = terminals.get(id)?.buffer.active.getLine(row)
      if (!line) return []
      const out: number[] = []
      for (let x = 0; x < line.length; x++) out.push(line.getCell(x)?.getWidth() ?? 0)
      return out
    },
    gutter: (id) => {
      const host = document.querySelector(`[data-terminal-id="${id}"]`)
      return [...(host?.querySelectorAll<HTMLElement>('.wb-gutter-mark') ?? [])].map((el) => ({
        exitCode: el.dataset.exitCode ?? '',
      }))
    },
    commands: (id) =>
      (gutters.get(id)?.commands ?? []).map((c) => ({
        line: c.marker.line,
        exitCode: c.exitCode === undefined ? 'running' : String(c.exitCode ?? ''),
      })),
    grid: (id) => {
      const t = terminals.get(id)
      return { cols: t?.cols ?? 0, rows: t?.rows ?? 0, viewportY: t?.buffer.active.viewportY ?? 0 }
    },
    drawn: (id) => ({ ...(drawn.get(id) ?? { draws: 0, rows: 0 }) }),
    background: (id) => terminals.get(id)?.options.theme?.background ?? '',
    flushed: (id) =>
      new Promise<void>((resolve) => {
        const t = terminals.get(id)
        if (t) t.write('', resolve)
        else resolve()
      }),
    type: (id, data) => terminals.get(id)?.input(data, true),
    echoed: (id, text) =>
      new Promise<void>((resolve) => {
        const t = terminals.get(id)
        if (!t) return resolve()
        const beforeCursor = (): string => {
          const b = t.buffer.active
          return b.getLine(b.baseY + b.cursorY)?.translateToString(false, 0, b.cursorX) ?? ''
        }
        if (beforeCursor().endsWith(text)) return resolve()
        const sub = t.onWriteParsed(() => {
          if (!beforeCursor().endsWith(text)) return
          sub.dispose()
          resolve()
        })
      }),
  }
}

/** A terminal began parsing a replay of its screen: a test can act at this moment, whatever the machine's speed. */
export function announceReplay(terminalId: string): void {
  window.__whalebookOnReplay?.(terminalId)
}
