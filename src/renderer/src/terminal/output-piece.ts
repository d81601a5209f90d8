/**
 * A piece of a terminal's output as xterm is handed it: text (a replay, the app's own sequences, output over IPC) or
 * the UTF-8 bytes the serve bridge carries. xterm parses either, and keeps a character cut between two pieces of bytes
 * until the rest of it comes.
 */
export type OutputPiece = string | Uint8Array

const decoder = new TextDecoder()

/**
 * The most bytes xterm parses in one go: it cuts a longer write into pieces of this many bytes, wherever they fall.
 * xterm 6.0's UTF-8 decoder loses a character cut after a held byte of 0x80 (`—` is E2 80 94, `、` E3 80 81), so
 * bytes are only ever handed to it whole, in pieces no longer than this, cut between characters.
 */
export const XTERM_PARSE_BYTES = 131_072

/**
 * Where to cut UTF-8 `bytes` near `at` without cutting a character: the start of the character byte `at` is in, or,
 * where that is the first, the start of the one after it (a cut always takes at least one character).
 */
export function cutBetweenCharacters(bytes: Uint8Array, at: number): number {
  if (at >= bytes.length) return bytes.length
  const isContinuation = (i: number): boolean => ((bytes[i] ?? 0) & 0xc0) === 0x80
  let cut = at
  // A character is at most four bytes: past three continuation bytes, this is no character to keep whole.
  while (cut > 0 && at - cut < 3 && isContinuation(cut)) cut--
  if (cut > 0) return cut
  cut = 1
  while (cut < bytes.length && cut < 4 && isContinuation(cut)) cut++
  return cut
}

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
