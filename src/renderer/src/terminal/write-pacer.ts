import { FlowControl } from '@shared/flow-control'
import type { FloodFrames } from './flood-frames'
import { cutBetweenCharacters, utf16Units, XTERM_PARSE_BYTES, type OutputPiece } from './output-piece'

/** The part of xterm the pacer needs (`@xterm/xterm` and `@xterm/headless` both have it). */
export interface Writable {
  write(data: OutputPiece, callback?: () => void): void
}

/** Output not yet handed to xterm, and the characters it counts for (the stream's unit, which acknowledgements use). */
interface Queued {
  data: OutputPiece
  chars: number
}

/** How long a typed key keeps other terminals' output waiting for its echo, at most. */
export const INPUT_FIRST_MS = 100

/**
 * One per page, shared by its terminals: once a key is typed in one, the others hand nothing more to xterm until that
 * terminal's next output (its echo) has been parsed, or INPUT_FIRST_MS has passed. The renderer's one thread is then
 * free for the echo the moment it arrives, instead of being in the middle of parsing another tab's flood.
 */
export class InputFirst {
  private typist: object | undefined
  private until = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly waiting = new Set<() => void>()

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly holdMs = INPUT_FIRST_MS,
  ) {}

  /** A key was typed in `by`'s terminal. */
  typed(by: object): void {
    this.typist = by
    this.until = this.now() + this.holdMs
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.release(), this.holdMs)
  }

  /** `by`'s output was parsed: if it is the terminal typed in, its echo is in, and the others go on. */
  parsed(by: object): void {
    if (by === this.typist) this.release()
  }

  /** True while `by` must leave the thread to the terminal typed in. */
  mustWait(by: object): boolean {
    return this.typist !== undefined && this.typist !== by && this.now() < this.until
  }

  /** Runs `next` once nothing need wait any more. */
  whenFree(next: () => void): void {
    this.waiting.add(next)
  }

  private release(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.typist = undefined
    const waiting = [...this.waiting]
    this.waiting.clear()
    for (const next of waiting) next()
  }
}

/** The page's one: every terminal view shares it. */
export const pageInputFirst = new InputFirst()

export interface PacerOptions {
  /** The characters (or bytes) a hidden tab hands xterm per animation frame. */
  sliceChars?: number
  /** Runs `next` at the next animation frame. */
  nextFrame?: (next: () => void) => void
  inputFirst?: InputFirst
  /** Keeps a flood in the shown tab from being drawn at every frame; it is shown every piece handed to xterm. */
  frames?: Pick<FloodFrames, 'beforeWrite' | 'dispose'>
}

/**
 * The next animation frame, or a moment later where none comes (a minimised window draws no frames, yet its hidden
 * tabs' output must still be read, or their shells would stay paused by flow control).
 */
function nextAnimationFrame(next: () => void): void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    clearTimeout(timer)
    next()
  }
  const timer = setTimeout(once, 100)
  requestAnimationFrame(once)
}

/**
 * Feeds a terminal's output to xterm. While its tab is shown, straight through (xterm parses in slices of its own,
 * yielding to frames and input between them); while it is hidden, one slice per animation frame, a few milliseconds of
 * xterm's parsing, so that a hidden flood can never crowd out the tab the user is typing in (bench:terminal measured
 * it). Each slice is acknowledged when parsed, so a hidden flood is slowed
 * by flow control, not buffered here without bound; showing the tab hands everything queued to xterm at once, in
 * order. A key typed in another terminal pauses this one until that terminal's echo is in (InputFirst).
 */
export class WritePacer {
  private queue: Queued[] = []
  private background = false
  private sliceInFlight = false
  private frameRequested = false
  private disposed = false
  private readonly sliceChars: number
  private readonly nextFrame: (next: () => void) => void
  private readonly inputFirst: InputFirst
  private readonly frames: PacerOptions['frames']

  constructor(
    private readonly term: Writable,
    private readonly parsed: (chars: number) => void,
    options: PacerOptions = {},
  ) {
    this.sliceChars = options.sliceChars ?? FlowControl.HiddenSliceChars
    this.nextFrame = options.nextFrame ?? nextAnimationFrame
    this.inputFirst = options.inputFirst ?? pageInputFirst
    this.frames = options.frames
  }

  /** `data`, which counts for `chars` characters of the stream (the receiver knows them; counted here otherwise). */
  write(data: OutputPiece, chars = typeof data === 'string' ? data.length : utf16Units(data)): void {
    if (this.disposed || !data.length) return
    // In front, nothing is ever queued (showing the tab drained it), so output goes straight through, in order.
    if (!this.background) return this.writeNow(data, chars)
    this.queue.push({ data, chars })
    this.pump()
  }

  /** A key was typed in this terminal: its echo goes before every other terminal's output. */
  typed(): void {
    this.inputFirst.typed(this)
  }

  setBackground(background: boolean): void {
    this.background = background
    if (!background) this.drainAll()
  }

  /** Characters received but not yet handed to xterm. */
  get queued(): number {
    return this.queue.reduce((n, q) => n + q.chars, 0)
  }

  /**
   * Drops what is queued and not yet handed to xterm, and hands it `screen` at once: a screen rebuilt from a replay,
   * which the caller acknowledges in `parsed`.
   */
  replace(screen: string, parsed: () => void): void {
    this.queue = []
    this.frames?.beforeWrite(screen, false)
    this.term.write(screen, parsed)
  }

  dispose(): void {
    this.disposed = true
    this.queue = []
    this.frames?.dispose()
  }

  private writeNow(data: OutputPiece, chars: number): void {
    let rest = data
    let left = chars
    while (typeof rest !== 'string' && rest.length > XTERM_PARSE_BYTES) {
      const part = rest.subarray(0, cutBetweenCharacters(rest, XTERM_PARSE_BYTES))
      const n = Math.min(left, utf16Units(part))
      this.writeWhole(part, n)
      left -= n
      rest = rest.subarray(part.length)
    }
    this.writeWhole(rest, left)
  }

  /** `data`, whole characters no longer than xterm parses at once. */
  private writeWhole(data: OutputPiece, chars: number): void {
    this.frames?.beforeWrite(data)
    this.term.write(data, () => {
      this.parsed(chars)
      this.inputFirst.parsed(this)
    })
  }

  private drainAll(): void {
    const pending = this.queue
    this.queue = []
    for (const { data, chars } of pending) this.writeNow(data, chars)
  }

  /** Hands xterm the next slice, if none is being parsed and this frame has not had one. */
  private pump(): void {
    if (this.sliceInFlight || this.frameRequested || !this.background || this.disposed || !this.queue.length) return
    if (this.inputFirst.mustWait(this)) return this.inputFirst.whenFree(() => this.pump())
    const parts = this.takeSlice(this.sliceChars)
    this.sliceInFlight = true
    parts.forEach(({ data, chars }, i) => {
      this.frames?.beforeWrite(data, false)
      this.term.write(data, () => {
        this.parsed(chars)
        if (i < parts.length - 1) return
        this.inputFirst.parsed(this)
        this.sliceInFlight = false
        // The rest waits for the next frame: the renderer draws, reads input and serves the shown tab in between.
        this.frameRequested = true
        this.nextFrame(() => {
          this.frameRequested = false
          this.pump()
        })
      })
    })
  }

  /** The next `size` characters (or bytes) of the queue, in the pieces they came in; the last may be cut. */
  private takeSlice(size: number): Queued[] {
    const parts: Queued[] = []
    let taken = 0
    for (let head = this.queue[0]; head && taken < size; head = this.queue[0]) {
      const room = size - taken
      if (head.data.length <= room) {
        parts.push(head)
        taken += head.data.length
        this.queue.shift()
        continue
      }
      // Text may be cut anywhere (xterm's string decoder carries half a surrogate pair over to the next write);
      // bytes only between characters (XTERM_PARSE_BYTES says why).
      const { data } = head
      const cut = typeof data === 'string' ? room : cutBetweenCharacters(data, room)
      if (cut >= data.length) {
        parts.push(head)
        this.queue.shift()
        break
      }
      const part = typeof data === 'string' ? data.slice(0, cut) : data.subarray(0, cut)
      const chars = Math.min(head.chars, typeof part === 'string' ? part.length : utf16Units(part))
      parts.push({ data: part, chars })
      this.queue[0] = {
        data: typeof data === 'string' ? data.slice(cut) : data.subarray(cut),
        chars: head.chars - chars,
      }
      taken = size
    }
    return parts
  }
}
