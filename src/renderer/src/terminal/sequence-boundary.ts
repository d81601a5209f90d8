import { pieceText, type OutputPiece } from './output-piece'

/**
 * What can change whether the output stands inside an escape sequence: BEL (ends an OSC), CAN and SUB (abort any
 * sequence), ESC, and the C1 introducers and string terminator (CSI, OSC, DCS, SOS, PM, APC, ST).
 */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const SEQUENCE_CHARS = /[\x07\x18\x1a\x1b\x90\x98\x9b-\x9f]/
const isSequenceChar = (c: number): boolean =>
  c === 0x07 || c === 0x18 || c === 0x1a || c === 0x1b || c === 0x90 || c === 0x98 || (c >= 0x9b && c <= 0x9f)

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff

/** A CSI from its introducer to its final byte (C0 controls within it are executed, and do not end it). */
// eslint-disable-next-line no-control-regex -- a control sequence is what is matched
const CSI_COMPLETE = /^(?:\x1b\[|\x9b)[\x00-\x06\x08-\x17\x19\x1c-\x3f]*[\x40-\x7e]/
/** Any other escape sequence: ESC, intermediates, a final byte. */
// eslint-disable-next-line no-control-regex -- an escape sequence is what is matched
const ESC_COMPLETE = /^\x1b[\x20-\x2f]*[\x30-\x7e]/

/** Longest unfinished sequence kept to be completed by the next piece; longer, and it counts as never ending. */
const OPEN_MAX = 256

type State = { at: 'ground' } | { at: 'open'; text: string } | { at: 'string'; osc: boolean }

/** UTF-8's lead byte of U+0080–U+00BF: after it, 0x90, 0x98 and 0x9B–0x9F are C1 introducers and ST. */
const C1_LEAD = 0xc2

const GROUND: State = { at: 'ground' }

/**
 * Whether a terminal's output, cut into pieces at any character, stands between escape sequences at the end of the
 * pieces seen so far: where xterm's parser is in its ground state, and a sequence of the app's own may go without
 * cutting one of the program's in two (an ESC inside a CSI or an OSC ends it, and the rest is printed as text).
 *
 * Each piece is read from its end: the state after it is decided by its last escape sequence, so a piece of plain
 * text costs one native search, and one full of colour a few characters. Where a piece cannot be read for certain
 * (a C1 character inside a string, a sequence longer than OPEN_MAX), it does not count as standing in the ground
 * state: the app's sequence then waits for a later boundary, never cuts one.
 */
export class SequenceBoundary {
  private state: State = GROUND
  /** The last piece of bytes ended with C1_LEAD: xterm holds it until the next piece of bytes completes it. */
  private leadCarried = false
  /**
   * The last piece of text ended with the first half of a surrogate pair. xterm holds it until its next text, and
   * takes that text's first character for the second half: a sequence of the app's in between would split the pair
   * into two unprintable halves. (A character cut in bytes is safe: xterm decodes bytes and text apart.)
   */
  private pairCut = false

  get atGround(): boolean {
    return this.state.at === 'ground' && !this.pairCut
  }

  /** The next piece of output, as xterm is handed it; true when it held a sequence character (a bell is one). */
  feed(piece: OutputPiece): boolean {
    if (typeof piece !== 'string') return this.feedBytes(piece)
    if (piece.length) this.pairCut = isHighSurrogate(piece.charCodeAt(piece.length - 1))
    const any = SEQUENCE_CHARS.test(piece)
    this.state = any ? this.after(piece) : this.continued(this.state, piece)
    return any
  }

  /**
   * A piece of UTF-8. Its state is decided by what follows its last sequence character other than a bell (from its
   * start where it has none), so only that is read as text, and a piece with no sequence character in it is not read
   * at all unless a sequence is open. Every sequence character but the C1 ones is one byte that no other character's
   * UTF-8 holds; a C1 one is two bytes, C1_LEAD and the code, and may be cut between two pieces.
   */
  private feedBytes(bytes: Uint8Array): boolean {
    const carried = this.leadCarried
    if (bytes.length) this.leadCarried = bytes[bytes.length - 1] === C1_LEAD
    let last = bytes.length - 1
    let bell = false
    for (; last >= 0; last--) {
      const b = bytes[last] ?? 0
      if (b < 0x20) {
        if (b === 0x07) bell = true
        else if (b === 0x18 || b === 0x1a || b === 0x1b) break
      } else if (b >= 0x90 && b <= 0x9f && isSequenceChar(b) && (last > 0 ? bytes[last - 1] === C1_LEAD : carried)) {
        // The C1 character starts at its lead, which may have come with the piece before.
        if (last > 0) last--
        break
      }
    }
    if (last >= 0) {
      const tail = bytes.subarray(last)
      const first = tail[0] ?? 0
      // A C1 character whose lead came with the piece before: its code alone would decode as U+FFFD.
      const carriedC1 = first >= 0x80 && first !== C1_LEAD
      this.state = this.after(carriedC1 ? String.fromCharCode(first) + pieceText(tail.subarray(1)) : pieceText(tail))
      return true
    }
    if (bell) {
      this.state = this.after(pieceText(bytes))
      return true
    }
    if (this.state.at === 'open') this.state = this.continued(this.state, pieceText(bytes.subarray(0, OPEN_MAX * 4)))
    return false
  }

  /** After `piece` of output with no sequence character in it, from `state`. */
  private continued(state: State, piece: string): State {
    if (state.at !== 'open') return state
    return this.read(state.text + piece.slice(0, OPEN_MAX))
  }

  /**
   * The state after `piece`: read back to its last sequence character other than a bell, the state there, then what
   * the first bell after it does (the bells after that one change nothing more). A loop, not a recursion: a piece may
   * hold tens of thousands of bells.
   */
  private after(piece: string): State {
    let last = piece.length - 1
    let bell = -1
    for (; last >= 0; last--) {
      const code = piece.charCodeAt(last)
      if (code === 0x07) bell = last
      else if (isSequenceChar(code)) break
    }
    const end = bell < 0 ? piece.length : bell
    const before = last < 0 ? this.continued(this.state, piece.slice(0, end)) : this.at(piece, last, end)
    if (bell < 0) return before
    // A bell ends an OSC, is data in any other string, and is executed in a CSI, which goes on.
    if (before.at === 'string') return before.osc ? GROUND : before
    if (before.at === 'open') return this.read(before.text + piece.slice(bell, bell + OPEN_MAX).replaceAll('\x07', ''))
    return GROUND
  }

  /** The state after `piece.slice(0, end)`, whose last sequence character is at `last`. */
  private at(piece: string, last: number, end: number): State {
    const code = piece.charCodeAt(last)
    // CAN and SUB abort any sequence; ST ends any string (and is ignored outside one).
    if (code === 0x18 || code === 0x1a || code === 0x9c) return GROUND
    return this.read(piece.slice(last, Math.min(end, last + OPEN_MAX)))
  }

  /** The state after `text`, which starts with an introducer and holds no other sequence character. */
  private read(text: string): State {
    const code = text.charCodeAt(0)
    if (code === 0x9d) return { at: 'string', osc: true }
    if (code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f) return { at: 'string', osc: false }
    if (code === 0x9b) return CSI_COMPLETE.test(text) ? GROUND : this.open(text)
    if (text.length < 2) return this.open(text)
    switch (text.charAt(1)) {
      case '[':
        return CSI_COMPLETE.test(text) ? GROUND : this.open(text)
      case ']':
        return { at: 'string', osc: true }
      case 'P':
      case 'X':
      case '^':
      case '_':
        return { at: 'string', osc: false }
      default:
        return ESC_COMPLETE.test(text) ? GROUND : this.open(text)
    }
  }

  /** An unfinished sequence, or, past OPEN_MAX, one that counts as never ending (until the next introducer). */
  private open(text: string): State {
    return text.length >= OPEN_MAX ? { at: 'string', osc: false } : { at: 'open', text }
  }
}
