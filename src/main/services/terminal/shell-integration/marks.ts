/**
 * Shell-integration marks (OSC 633, as VS Code defines them), parsed out of the PTY stream.
 *   A prompt start · B prompt end · C command executed · D;<exit> finished · E;<command line> · P;Cwd=<dir>
 * Our scripts append the session's nonce as the last argument of every mark; only marks with it count.
 *
 * Program output shares the stream with the marks, so everything here treats it as hostile:
 * - every OSC whose number is 633 is removed from the data, valid or not, however it is introduced (`ESC ]` or the
 *   8-bit C1 introducer U+009D) and however the number is written (`633`, `0633`): xterm reads all of those as 633;
 * - a pending mark is abandoned at ESC (other than its ST), CAN, SUB, any other C0 or C1 control, or past
 *   MAX_MARK_CHARS, as a terminal would: an unterminated fake (`printf '\e]633;D;0;'`) can neither swallow the shell's
 *   real mark that follows nor merge with it.
 */
import { OSC_633, parseMarkBody, type Mark } from '@shared/osc633'

export { unescapeMarkArg, type Mark, type MarkType } from '@shared/osc633'

export type Segment = { data: string } | { mark: Mark }

const ESC = 0x1b
const BEL = 0x07
const C1_OSC = 0x9d
const C1_ST = 0x9c
/** A mark longer than this is not ours (command lines are capped well below it). */
export const MAX_MARK_CHARS = 65_536
/** Digits of an OSC number we look at; xterm accepts leading zeros, so `0633` is 633 too. */
const MAX_NUMBER_DIGITS = 32

/** The shell's mark: `<type>;<args…>;<nonce>`; only one that ends with this session's nonce counts. */
function parseBody(body: string, nonce: string): Mark | undefined {
  const mark = parseMarkBody(body)
  if (!mark || mark.args.length < 1 || mark.args[mark.args.length - 1] !== nonce) return undefined
  return { type: mark.type, args: mark.args.slice(0, -1) }
}

type BodyScan =
  | { kind: 'end'; end: number; next: number }
  | { kind: 'abort'; at: number }
  | { kind: 'partial' }
  | { kind: 'overflow' }

/** Where the OSC body starting at `from` ends: its terminator (BEL, ESC \, or C1 ST), or why it never will. */
function scanBody(text: string, from: number): BodyScan {
  const limit = Math.min(text.length, from + MAX_MARK_CHARS + 1)
  for (let p = from; p < limit; p++) {
    const c = text.charCodeAt(p)
    if (c === BEL || c === C1_ST) return { kind: 'end', end: p, next: p + 1 }
    if (c === ESC) {
      if (p + 1 >= text.length) return { kind: 'partial' }
      if (text.charCodeAt(p + 1) === 0x5c) return { kind: 'end', end: p, next: p + 2 }
      return { kind: 'abort', at: p }
    }
    // CAN, SUB and every other C0 or C1 control abandon the sequence, as in a terminal's parser.
    if (c < 0x20 || (c >= 0x80 && c <= 0x9f)) return { kind: 'abort', at: p }
  }
  return text.length - from > MAX_MARK_CHARS ? { kind: 'overflow' } : { kind: 'partial' }
}

/** The next OSC introducer at or after `from`: its index and length, 'partial' for a lone ESC at the end, or none. */
function findIntroducer(text: string, from: number): { at: number; length: number } | 'partial' | undefined {
  for (let p = from; p < text.length; p++) {
    const c = text.charCodeAt(p)
    if (c === C1_OSC) return { at: p, length: 1 }
    if (c !== ESC) continue
    if (p + 1 >= text.length) return 'partial'
    if (text.charCodeAt(p + 1) === 0x5d) return { at: p, length: 2 }
  }
  return undefined
}

/**
 * A streaming parser: marks may be split across reads, so an unfinished one is held back until the next chunk.
 * Other OSC sequences (titles, hyperlinks) pass through untouched.
 */
export class MarkParser {
  private held = ''

  constructor(private readonly nonce: string) {}

  push(chunk: string): Segment[] {
    const text = this.held + chunk
    this.held = ''
    const out: Segment[] = []
    let plain = ''
    let i = 0
    while (i < text.length) {
      const intro = findIntroducer(text, i)
      if (intro === undefined) {
        plain += text.slice(i)
        break
      }
      if (intro === 'partial') {
        plain += text.slice(i, text.length - 1)
        this.held = text.slice(text.length - 1)
        break
      }
      plain += text.slice(i, intro.at)
      const digitsFrom = intro.at + intro.length
      let k = digitsFrom
      while (k < text.length && k - digitsFrom < MAX_NUMBER_DIGITS && isDigit(text.charCodeAt(k))) k++
      if (k === text.length && k - digitsFrom < MAX_NUMBER_DIGITS) {
        // Cannot tell yet whether this OSC is a 633.
        this.held = text.slice(intro.at)
        break
      }
      if (k === digitsFrom || Number(text.slice(digitsFrom, k)) !== OSC_633) {
        // Not ours: let it through and read on after its introducer.
        plain += text.slice(intro.at, digitsFrom)
        i = digitsFrom
        continue
      }
      const scan = scanBody(text, k)
      if (scan.kind === 'partial') {
        this.held = text.slice(intro.at)
        break
      }
      if (scan.kind === 'overflow') {
        // No mark of ours is this long: drop the introducer, and let the rest through as the text it is.
        i = k
        continue
      }
      if (scan.kind === 'abort') {
        // Abandoned: what it held so far goes, the control that cut it short is read afresh (it may start a real mark).
        i = scan.at
        continue
      }
      const body = text.slice(k, scan.end)
      const mark = body.startsWith(';') ? parseBody(body.slice(1), this.nonce) : undefined
      if (mark) {
        if (plain) out.push({ data: plain })
        plain = ''
        out.push({ mark })
      }
      i = scan.next
    }
    if (plain) out.push({ data: plain })
    return out
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}
