/**
 * Shell-integration marks (OSC 633, as VS Code defines them), parsed out of the PTY stream.
 *   A prompt start · B prompt end · C command executed · D;<exit> finished · E;<command line> · P;Cwd=<dir>
 * Our scripts append the session's nonce as the last argument of every mark; only marks with it count,
 * so a program that prints a forged mark (or random bytes that happen to look like one) cannot fake a command.
 */
export type MarkType = 'A' | 'B' | 'C' | 'D' | 'E' | 'P'

export interface Mark {
  type: MarkType
  args: string[]
}

export type Segment = { data: string } | { mark: Mark }

const OSC_PREFIX = '\x1b]633;'
const BEL = '\x07'
const ST = '\x1b\\'
/** A mark longer than this is not ours (command lines are capped well below it): pass it through as data. */
const MAX_MARK_CHARS = 65_536

/** `\\` → `\`, `\xNN` → the character: the escaping our scripts (and VS Code's) apply to arguments. */
export function unescapeMarkArg(value: string): string {
  return value.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, _all: string, hex: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : '\\',
  )
}

function parseBody(body: string, nonce: string): Mark | undefined {
  const parts = body.split(';')
  const type = parts[0]
  if (parts.length < 2 || parts[parts.length - 1] !== nonce) return undefined
  if (type !== 'A' && type !== 'B' && type !== 'C' && type !== 'D' && type !== 'E' && type !== 'P') return undefined
  return { type, args: parts.slice(1, -1).map(unescapeMarkArg) }
}

/**
 * A streaming parser: marks may be split across reads, so an unfinished one is held back until
 * the next chunk. Every OSC 633 sequence is removed from the data, valid or not.
 */
export class MarkParser {
  private held = ''

  constructor(private readonly nonce: string) {}

  push(chunk: string): Segment[] {
    let text = this.held + chunk
    this.held = ''
    const out: Segment[] = []
    let plain = ''
    for (;;) {
      const start = text.indexOf(OSC_PREFIX)
      if (start === -1) {
        // Hold back a trailing partial prefix ("\x1b", "\x1b]6", …) in case the next read completes it.
        const keep = partialPrefixLength(text)
        plain += text.slice(0, text.length - keep)
        this.held = text.slice(text.length - keep)
        break
      }
      plain += text.slice(0, start)
      const rest = text.slice(start + OSC_PREFIX.length)
      const bel = rest.indexOf(BEL)
      const st = rest.indexOf(ST)
      const end = bel === -1 ? st : st === -1 ? bel : Math.min(bel, st)
      if (end === -1) {
        if (rest.length > MAX_MARK_CHARS) {
          // Not a mark of ours: let it through rather than buffer without bound.
          plain += text.slice(start, start + OSC_PREFIX.length)
          text = rest
          continue
        }
        this.held = text.slice(start)
        break
      }
      const mark = parseBody(rest.slice(0, end), this.nonce)
      if (mark) {
        if (plain) out.push({ data: plain })
        plain = ''
        out.push({ mark })
      }
      text = rest.slice(end + (end === bel ? BEL.length : ST.length))
    }
    if (plain) out.push({ data: plain })
    return out
  }
}

function partialPrefixLength(text: string): number {
  const max = Math.min(OSC_PREFIX.length - 1, text.length)
  for (let n = max; n > 0; n--) {
    if (OSC_PREFIX.startsWith(text.slice(text.length - n))) return n
  }
  return 0
}
