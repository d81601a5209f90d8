import { FlowControl } from '@shared/flow-control'
import { readForwardedMark } from '@shared/osc633'
import { OutputTail } from './output-tail'

/** What a reattaching page gets: the output it has not seen, from stream position `start` to `end`. */
export interface Replay {
  /** Stream position of `data`'s first character (every terminal's output is one stream, counted from 0). */
  start: number
  /** Stream position just after `data`: the next `terminal.data` event starts here. */
  end: number
  data: string
  /** Ids of the commands whose start mark is in `data`: the gutter draws only commands main announced. */
  commandIds: string[]
}

/** How far past a cut a replay may look for a line start (further than this, it starts mid-line). */
const LINE_SEARCH_CHARS = 4096
// eslint-disable-next-line no-control-regex -- main's own start marks, which are control sequences
const START_MARK = /\x1b\]633;(C;[^\x07]*)\x07/g

/**
 * A terminal's recent output, as VS Code's PTY host keeps it: a ring of what was sent to the renderer, capped by
 * characters, so that a page that reattaches (a reload, a second window, a reconnected socket) gets its screen back:
 * the scrollback, the prompt, and the gutter's marks, which travel in the stream. Every character sent has a stream
 * position; a page that knows where it stopped asks only for what came after.
 */
export class ReplayBuffer {
  private readonly tail: OutputTail

  constructor(capacity: number = FlowControl.ReplayMaxChars) {
    this.tail = new OutputTail(capacity)
  }

  /** Stream position after everything appended so far. */
  get end(): number {
    return this.tail.end
  }

  /** Characters held now (never more than the capacity). */
  get size(): number {
    return this.tail.length
  }

  /** Ids of the commands main started, newest last: only these are read back from the stream as commands. */
  private readonly announced = new Set<string>()

  /** Main forwarded this command's start mark: the replay may name it. */
  announce(commandId: string): void {
    this.announced.add(commandId)
    // Old ones go first (a Set iterates in insertion order); far more than a replay can hold.
    for (const old of this.announced) {
      if (this.announced.size <= 4096) break
      this.announced.delete(old)
    }
  }

  /** Records output as it is sent; returns its stream position. */
  append(data: string): number {
    const at = this.tail.end
    this.tail.push(data)
    return at
  }

  /**
   * Everything after `since` when the ring still holds it (a reconnect that missed a little), else all it holds,
   * from a line start where it was cut (a reload, or a page that fell too far behind). The page tells which by
   * comparing `start` with where it stopped.
   */
  since(since?: number): Replay {
    const end = this.end
    if (since !== undefined && since >= this.tail.start && since <= end) return this.slice(since, end)
    let from = this.tail.start
    if (from > 0) {
      // The ring was cut: start after the first line break, so the screen never opens inside an escape sequence.
      const head = this.tail.text(from, Math.min(end, from + LINE_SEARCH_CHARS))
      const nl = head.indexOf('\n')
      if (nl !== -1) from += nl + 1
      else if (isLowSurrogate(head.charCodeAt(0))) from += 1
    }
    return this.slice(from, end)
  }

  private slice(start: number, end: number): Replay {
    const data = this.tail.text(start, end)
    const commandIds: string[] = []
    for (const m of data.matchAll(START_MARK)) {
      const mark = readForwardedMark(m[1] ?? '')
      // A start mark in the data that main never sent (had one slipped past the mark parser) names no command.
      if (mark?.type === 'C' && this.announced.has(mark.commandId)) commandIds.push(mark.commandId)
    }
    return { start, end, data, commandIds }
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}
