import { isAscii } from 'node:buffer'

/**
 * Decodes a PTY's bytes as one UTF-8 stream: a character split across two reads is joined, never replaced. Most of a
 * terminal's output is ASCII (a flood of it above all), and a chunk of pure ASCII with nothing carried over needs no
 * decoder at all: it is copied into a one-byte string, several times faster than the streaming decoder.
 */
export class Utf8Stream {
  private readonly decoder = new TextDecoder('utf-8')
  /** The last chunk may have ended inside a character: the decoder holds its first bytes. */
  private carrying = false

  decode(chunk: Buffer): string {
    if (!this.carrying && isAscii(chunk)) return chunk.toString('latin1')
    // An ASCII byte can never be part of a character still to be completed; anything else may be.
    this.carrying = chunk.length > 0 && (chunk[chunk.length - 1] ?? 0) >= 0x80
    return this.decoder.decode(chunk, { stream: true })
  }

  /** What is left at the end of the stream (an unfinished character becomes U+FFFD). */
  end(): string {
    this.carrying = false
    return this.decoder.decode()
  }
}
