/**
 * Terminal output as plain text, for reading a failed command's messages: escape sequences (CSI, OSC, DCS, other ESC
 * sequences, CAN and SUB, C1 controls) removed, carriage-return overwrites resolved to the last write of each line.
 */
const SEQUENCES =
  // eslint-disable-next-line no-control-regex -- the control characters are what is being removed
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]|[\x18\x1a\x80-\x9f]/g

export function plainText(output: string): string {
  return output
    .replace(SEQUENCES, '')
    .split('\n')
    .map((line) => {
      const parts = line.replace(/\r$/, '').split('\r')
      return parts[parts.length - 1] ?? ''
    })
    .join('\n')
}
