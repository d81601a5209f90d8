/**
 * The one definition of OSC 633 marks (VS Code's shell-integration sequence), for both ends:
 *   A prompt start · B prompt end · C command executed · D;<exit> finished · E;<command line> · P;Cwd=<dir>
 * Main reads the shell's marks out of the PTY stream (each ending with the session's nonce), strips every 633 from
 * the output, and forwards its own: `A`, `C;<commandId>`, `D;<commandId>;<exit>`. The renderer reads those with
 * `readForwardedMark`. Both go through `parseMarkBody`, so the format has one parser.
 */
export const OSC_633 = 633

export type MarkType = 'A' | 'B' | 'C' | 'D' | 'E' | 'P'

export interface Mark {
  type: MarkType
  args: string[]
}

const TYPES = new Set<string>(['A', 'B', 'C', 'D', 'E', 'P'])

/** `\\` → `\`, `\xNN` → the character: the escaping our scripts (and VS Code's) apply to arguments. */
export function unescapeMarkArg(value: string): string {
  return value.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, _all: string, hex: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : '\\',
  )
}

/** The body after `633;`: `<type>;<args…>`, the arguments unescaped; undefined for a type we do not know. */
export function parseMarkBody(body: string): Mark | undefined {
  const parts = body.split(';')
  const type = parts[0] ?? ''
  if (!TYPES.has(type)) return undefined
  return { type: type as MarkType, args: parts.slice(1).map(unescapeMarkArg) }
}

/** A mark main forwards to the renderer: where the prompt starts, where a command's output starts, how it ended. */
export type ForwardedMark =
  { type: 'A' } | { type: 'C'; commandId: string } | { type: 'D'; commandId: string; exitCode: number | null }

/** The sequence main writes into the output for the renderer (ids are main's own: no `;` or escapes in them). */
export function forwardMark(mark: ForwardedMark): string {
  const args =
    mark.type === 'A' ? [] : mark.type === 'C' ? [mark.commandId] : [mark.commandId, String(mark.exitCode ?? '')]
  return `\x1b]${OSC_633};${[mark.type, ...args].join(';')}\x07`
}

/** What the renderer's OSC 633 handler receives (the body after `633;`), read back; undefined if it is not one. */
export function readForwardedMark(body: string): ForwardedMark | undefined {
  const mark = parseMarkBody(body)
  if (!mark) return undefined
  const [commandId, exit] = mark.args
  if (mark.type === 'A') return { type: 'A' }
  if (mark.type === 'C' && commandId) return { type: 'C', commandId }
  if (mark.type === 'D' && commandId) {
    const exitCode = exit === undefined || exit === '' ? null : Number(exit)
    return { type: 'D', commandId, exitCode: Number.isInteger(exitCode) ? exitCode : null }
  }
  return undefined
}
