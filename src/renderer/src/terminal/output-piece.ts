/**
 * A piece of a terminal's output as xterm is handed it: text (a replay, the app's own sequences, output over IPC) or
 * the UTF-8 bytes the serve bridge carries. xterm parses either, and keeps a character cut between two pieces of bytes
 * until the rest of it comes.
 */
export type OutputPiece = string | Uint8Array

const decoder = new TextDecoder()

/**
 * The characters (UTF-16 code units) of UTF-8 `bytes` cut from text at any byte: each character is counted where its
 * first byte is, a four-byte one (outside the BMP: a surrogate pair) as two. Over the pieces of one text, the counts add
 * up to its length.
 */
export function utf16Units(bytes: Uint8Array): number {
  let units = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0
    if (b < 0x80) units++
    else if (b >= 0xf0) units += 2
    else if (b >= 0xc0) units++
  }
  return units
}

/** `piece` as text (a character cut at either end of bytes becomes U+FFFD). */
export function pieceText(piece: OutputPiece): string {
  return typeof piece === 'string' ? piece : decoder.decode(piece)
}
