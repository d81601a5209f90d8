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
 *   real mark that follows nor merge with it;
 * - where a sequence that is not the shell's own mark is removed, a CAN is left in its place: what came before and
 *   after it (`\e]6` and `33;C;…`) cannot join into a new sequence, as the removed one's ESC would have cut the first.
 */
import { OSC_633, parseMarkBody, type Mark } from '@shared/osc633'

export { unescapeMarkArg, type Mark, type MarkType } from '@shared/osc633'

export type Segment = { data: string } | { mark: Mark }

const ESC = 0x1b
/** Cancel: a terminal abandons any sequence in progress at it, and shows nothing. */
const CAN = '\x18'
const ESC_CHAR = '\x1b'
const BEL = 0x07
const C1_OSC_CHAR = '\x9d'
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

/**
 * The next OSC introducer at or after `from`: its index and length, 'partial' for a lone ESC at the end, or none.
 * `c1` is the next C1 introducer at or after `from` (-1 for none). Every character of the terminal's output passes
 * here: the search is the engine's native `indexOf` (a vectorised scan), not a loop over characters, which cost more
 * than all the rest of main's pipeline on a flood of plain text.
 */
function findIntroducer(
  text: string,
  from: number,
  c1: number,
): { at: number; length: number } | 'partial' | undefined {
  const before = c1 === -1 ? text.length : c1
  for (let esc = text.indexOf(ESC_CHAR, from); esc !== -1 && esc < before; esc = text.indexOf(ESC_CHAR, esc + 1)) {
    if (esc + 1 >= text.length) return 'partial'
    if (text.charCodeAt(esc + 1) === 0x5d) return { at: esc, length: 2 }
  }
  return c1 === -1 ? undefined : { at: c1, length: 1 }
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
    // What is let through is the text less what is removed: it is sliced only around removals, so a chunk with no
    // mark in it is passed on as the very string that came in, never copied.
    let plain = ''
    let keptFrom = 0
    const remove = (from: number, to: number, cancel: boolean): void => {
      plain += text.slice(keptFrom, from)
      if (cancel) plain += CAN
      keptFrom = to
    }
    let i = 0
    // The next C1 introducer, looked for once and again only once passed: a text full of other OSCs (titles, links)
    // is not scanned to its end for each of them.
    let c1 = text.indexOf(C1_OSC_CHAR)
    while (i < text.length) {
      if (c1 !== -1 && c1 < i) c1 = text.indexOf(C1_OSC_CHAR, i)
      const intro = findIntroducer(text, i, c1)
      if (intro === undefined) break
      if (intro === 'partial') {
        this.held = text.slice(text.length - 1)
        break
      }
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
        remove(intro.at, k, true)
        i = k
        continue
      }
      if (scan.kind === 'abort') {
        // Abandoned: what it held so far goes, the control that cut it short is read afresh (it may start a real mark).
        remove(intro.at, scan.at, true)
        i = scan.at
        continue
      }
      const body = text.slice(k, scan.end)
      const mark = body.startsWith(';') ? parseBody(body.slice(1), this.nonce) : undefined
      remove(intro.at, scan.next, !mark)
      if (mark) {
        if (plain) out.push({ data: plain })
        plain = ''
        out.push({ mark })
      }
      i = scan.next
    }
    plain += text.slice(keptFrom, text.length - this.held.length)
    if (plain) out.push({ data: plain })
    return out
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}
