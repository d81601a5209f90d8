/**
 * Text from outside (a client's close reason, a requested path) as it may go into a log line: quoted, and every
 * control, format or line-separating character escaped, the C1 ones too (0x9b begins a terminal sequence as ESC [
 * does), so that it can neither start a line of its own nor drive the terminal that shows the log.
 */
export function logText(text: string): string {
  return JSON.stringify(text).replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  )
}
