import { pieceText, type OutputPiece } from './output-piece'
import { SequenceBoundary } from './sequence-boundary'

/**
 * DEC private mode 2026, synchronized output: while it is set, xterm keeps its changes off the screen and draws them
 * all at once when it is reset (or after a second, xterm's own safety against a program that never resets it).
 */
export const SYNC_BEGIN = '\x1b[?2026h'
export const SYNC_END = '\x1b[?2026l'

/**
 * A program's own use of the mode, alone or among other modes, after a 7-bit or an 8-bit CSI. The repeats are bounded
 * (xterm reads at most 32 parameters): unbounded, a crafted run of `2026;` made each test quadratic.
 */
// eslint-disable-next-line no-control-regex -- the introducers are control characters
const PROGRAM_SYNC = /(?:\x1b\[|\x9b)\?(?:\d{0,5};){0,31}2026(?:;\d{0,5}){0,31}[hl]/
/** How far a private-mode sequence can reach after its `?` and still be one PROGRAM_SYNC matches, in bytes. */
const PROGRAM_SYNC_REACH = 32 * 6 + 4 + 32 * 6 + 1

/** Whether `data` holds a program's own use of the mode (the plain search first: it is several times cheaper). */
function usesSyncMode(data: OutputPiece): boolean {
  if (typeof data === 'string') return data.includes('2026') && PROGRAM_SYNC.test(data)
  // In bytes, each private-mode introducer (`ESC [ ?`, or the C1 CSI, C2 9B, and `?`) is read as text with what can
  // follow it: far rarer in output than the number, which every date this year holds.
  for (let at = data.indexOf(0x3f, 2); at >= 0; at = data.indexOf(0x3f, at + 1)) {
    const before = data[at - 1]
    const lead = data[at - 2]
    if (!((before === 0x5b && lead === 0x1b) || (before === 0x9b && lead === 0xc2))) continue
    if (PROGRAM_SYNC.test(pieceText(data.subarray(at - 2, at + 1 + PROGRAM_SYNC_REACH)))) return true
  }
  return false
}

/** How long xterm keeps a flood off the screen, at most: it draws it about 20 times a second instead of 60. */
export const FLOOD_FRAME_MS = 50
/** Output this large within one FLOOD_FRAME_MS is a flood (about 320 KB/s: far more than anyone reads as it comes). */
export const FLOOD_CHARS = 16_384
/** After a program's own synchronized update, how long the terminal leaves the mode to it alone. */
export const PROGRAM_SYNC_QUIET_MS = 2_000

export interface FloodFramesOptions {
  frameMs?: number
  floodChars?: number
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
  /** Runs `next` at the next animation frame. */
  nextFrame?: (next: () => void) => void
}

/**
 * Draws a flood of output at most every FLOOD_FRAME_MS. During a flood the renderer's one thread both parses and
 * draws, and every frame drawn (xterm's rows rebuilt, then the page's style, layout and paint) is time not spent
 * parsing; nobody reads 300 KB a second as it scrolls past. So, once output comes faster than FLOOD_CHARS per
 * FLOOD_FRAME_MS, SYNC_BEGIN goes before the next piece and, FLOOD_FRAME_MS later, SYNC_END after what xterm has been
 * handed by then. Both go only where the output stands between escape sequences (SequenceBoundary): put inside one,
 * they would end it, and print the rest of it as text. Where the end is due inside a sequence, it waits for the next
 * boundary. No new hold begins until a frame has come after xterm parsed the end: xterm checks the mode again when it
 * draws, and a hold begun before that frame would keep the screen as it was. Typing, prompts and ordinary command
 * output never come that fast; a single burst of FLOOD_CHARS or more is shown up to FLOOD_FRAME_MS later.
 *
 * A program may use the mode itself (full-screen programs do, to draw each of their screens whole). So that none of
 * its updates is ended early by the app, once its sequence is seen in the output no hold begins for
 * PROGRAM_SYNC_QUIET_MS, and a hold its sequence overtook is never ended here (the program's own reset, or xterm's
 * safety, ends it). Only sequences within one piece are seen: one cut between two pieces is missed, and at worst the
 * app's end shows one of the program's screens early.
 */
export class FloodFrames {
  private readonly frameMs: number
  private readonly floodChars: number
  private readonly now: () => number
  private readonly setTimer: (run: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void
  private readonly nextFrame: (next: () => void) => void
  private readonly boundary = new SequenceBoundary()
  private windowStart = -Infinity
  private windowChars = 0
  private holding = false
  /** The hold's time is up, but the output stood inside an escape sequence: it ends at the next boundary. */
  private endDue = false
  /** From the SYNC_END handed to xterm to the first frame after it was parsed. */
  private releasing = false
  private disposed = false
  private programTookOver = false
  private programSyncUntil = -Infinity
  private timer: unknown

  constructor(
    private readonly term: { write(data: string, parsed?: () => void): void },
    options: FloodFramesOptions = {},
  ) {
    this.frameMs = options.frameMs ?? FLOOD_FRAME_MS
    this.floodChars = options.floodChars ?? FLOOD_CHARS
    this.now = options.now ?? (() => performance.now())
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
    this.nextFrame = options.nextFrame ?? ((next) => void requestAnimationFrame(() => next()))
  }

  /** True while xterm is told to keep the flood off the screen. */
  get held(): boolean {
    return this.holding
  }

  /**
   * Each piece of output, just before it is handed to xterm, in order: every piece, or the boundaries are not known.
   * `mayHold`: false for a hidden tab's (it draws nothing) and for a replay.
   */
  beforeWrite(data: OutputPiece, mayHold = true): void {
    if (this.endDue) {
      if (this.programTookOver) this.stopHolding()
      else if (this.boundary.atGround) this.end()
    }
    const now = this.now()
    // Where the output stood before this piece: the app's SYNC_BEGIN would go there.
    const groundBefore = this.boundary.atGround
    // A piece with no sequence character in it (most of a flood) holds no use of the mode: it is not searched.
    if (this.boundary.feed(data) && usesSyncMode(data)) {
      this.programSyncUntil = now + PROGRAM_SYNC_QUIET_MS
      if (this.holding) this.programTookOver = true
    }
    if (now - this.windowStart >= this.frameMs) {
      this.windowStart = now
      this.windowChars = 0
    }
    this.windowChars += data.length
    if (groundBefore && this.mayBegin(mayHold, now)) this.begin()
  }

  dispose(): void {
    this.disposed = true
    if (this.timer !== undefined) this.clearTimer(this.timer)
    this.timer = undefined
    this.stopHolding()
  }

  private mayBegin(mayHold: boolean, now: number): boolean {
    if (!mayHold || this.holding || this.releasing || this.disposed) return false
    return this.windowChars >= this.floodChars && now >= this.programSyncUntil
  }

  private begin(): void {
    this.holding = true
    this.programTookOver = false
    this.term.write(SYNC_BEGIN)
    this.timer = this.setTimer(() => this.timeUp(), this.frameMs)
  }

  private timeUp(): void {
    this.timer = undefined
    if (!this.holding) return
    if (this.programTookOver) this.stopHolding()
    else if (this.boundary.atGround) this.end()
    else this.endDue = true
  }

  private end(): void {
    this.stopHolding()
    this.releasing = true
    this.term.write(SYNC_END, () => this.nextFrame(() => (this.releasing = false)))
  }

  private stopHolding(): void {
    this.holding = false
    this.endDue = false
  }
}
