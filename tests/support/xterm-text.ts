import type xterm from '@xterm/headless'

/** What a headless xterm holds, row by row (trailing blanks trimmed), as one text. */
export function bufferText(term: InstanceType<typeof xterm.Terminal>): string {
  const b = term.buffer.active
  const out: string[] = []
  for (let y = 0; y < b.length; y++) out.push(b.getLine(y)?.translateToString(true) ?? '')
  return out.join('\n').trimEnd()
}
