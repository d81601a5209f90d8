import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { OutputPiece } from '../../src/renderer/src/terminal/output-piece'
import { SequenceBoundary } from '../../src/renderer/src/terminal/sequence-boundary'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** Whether the output stands between sequences after each of `pieces`, fed in order. */
function after(...pieces: OutputPiece[]): boolean[] {
  const b = new SequenceBoundary()
  return pieces.map((p) => {
    b.feed(p)
    return b.atGround
  })
}

describe('SequenceBoundary', () => {
  it('stands between sequences after plain text and after whole sequences', () => {
    const pieces = ['hello', '\x1b[31mred\x1b[0m', '\x1b]0;title\x07', '\x1b7', '\x1b(B', '\x9b1;2H', 'x']
    expect(after(...pieces)).toEqual(pieces.map(() => true))
  })

  it('is inside a CSI cut anywhere, until its final byte', () => {
    expect(after('a\x1b', '[3', '1', 'mtext')).toEqual([false, false, false, true])
    expect(after('\x1b[?20', '26h')).toEqual([false, true])
    // A C0 control inside a CSI is executed and the CSI goes on; a bell too.
    expect(after('\x1b[3\n', '1m')).toEqual([false, true])
    expect(after('\x1b[3\x07', '1m')).toEqual([false, true])
  })

  it('is inside a string until its terminator, however many pieces it spans', () => {
    const image = 'A'.repeat(70_000)
    expect(after('\x1b]1337;File=inline=1:', image, image, '\x07', 'after')).toEqual([false, false, false, true, true])
    expect(after('\x1b]0;my-ti', 'tle\x1b', '\\')).toEqual([false, false, true])
    expect(after('\x9d0;t', 'x\x9c')).toEqual([false, true])
  })

  it('knows that a bell ends an OSC but not a DCS, and is only a bell outside both', () => {
    expect(after('\x1bPq#0;2;0;0;0', '\x07', 'more', '\x1b\\')).toEqual([false, false, false, true])
    expect(after('ding\x07', 'x')).toEqual([true, true])
    expect(after('\x1b]0;t\x07\x07')).toEqual([true])
    expect(after('\x1bPdata\x07\x07')).toEqual([false])
  })

  it('reads a piece of many bells, in a string, a CSI or neither', () => {
    const bells = '\x07\n'.repeat(40_000)
    expect(after(bells)).toEqual([true])
    expect(after('\x1bPdata', bells)).toEqual([false, false])
    expect(after('\x1b]0;t', bells)).toEqual([false, true])
    expect(after('\x1b[3', '\x07\x07', '1m\x07')).toEqual([false, false, true])
  })

  it('stands between sequences once CAN or SUB aborts one', () => {
    expect(after('\x1b[3', '\x18')).toEqual([false, true])
    expect(after('\x1b]0;never ends', '\x1a', 'text')).toEqual([false, true, true])
  })

  it('counts a sequence too long to follow as never ending, until the next introducer', () => {
    const long = '\x1b[' + '1;'.repeat(200)
    expect(after(long, 'm', '\x1b[0m')).toEqual([false, false, true])
  })

  it('is not between sequences where text ends inside a surrogate pair, until the pair’s second half', () => {
    // xterm would take the first character of the app's sequence for the second half.
    expect(after('a\ud83d', '\ude00b')).toEqual([false, true])
    // In bytes a character may be cut anywhere: xterm decodes bytes and text apart.
    const smile = utf8('a😀b')
    expect(after(smile.subarray(0, 3), smile.subarray(3))).toEqual([true, true])
  })

  it('reads UTF-8 as it reads text, a C1 introducer cut from its lead byte included', () => {
    const csi = utf8('a\x9b31m')
    // 0x9B is a C1 introducer only after its lead byte (0xC2), even one that came with the piece before.
    expect(after(csi.subarray(0, 2), csi.subarray(2, 4), csi.subarray(4))).toEqual([true, false, true])
    // The same byte inside another character (U+4E1B: E4 B8 9B) is no introducer.
    expect(after(utf8('丛'), utf8('x'))).toEqual([true, true])
    expect(after(utf8('\x1b]0;标题'), utf8('\x07中'))).toEqual([false, true])
    expect(after(utf8('\x1bP中文'), utf8('\x07'), utf8('\x1b\\'))).toEqual([false, false, true])
  })

  it('answers the same for UTF-8 cut anywhere as for its text, at every cut', () => {
    const token = fc.oneof(
      fc.constantFrom('plain ', '中文', '😀', '\r\n', '\x07', '\x18', '\x1a', '\x1b7', '\x1b(B', '\x1b[31m'),
      fc.constantFrom('\x9b1;2H', '\x9d0;t\x9c', '\x90q\x9c', '\x1b]0;标题\x07', '\x1bP1q', '\x1b\\', '\x1b[3', 'm'),
    )
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 20 }), (tokens, cuts) => {
        const text = tokens.join('')
        const bytes = utf8(text)
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
        // Where each whole character of the text ends, in bytes.
        const ends: Array<{ byte: number; char: number }> = []
        let byte = 0
        let char = 0
        for (const c of text) {
          byte += utf8(c).length
          char += c.length
          ends.push({ byte, char })
        }
        const inBytes = new SequenceBoundary()
        const inText = new SequenceBoundary()
        let fedBytes = 0
        let fedChars = 0
        for (const cut of [...at, bytes.length]) {
          inBytes.feed(bytes.subarray(fedBytes, cut))
          fedBytes = cut
          // xterm has parsed the characters wholly within the bytes so far; a cut one waits for its rest.
          const whole = [...ends].reverse().find((e) => e.byte <= cut)?.char ?? 0
          inText.feed(text.slice(fedChars, whole))
          fedChars = whole
          expect(inBytes.atGround).toBe(inText.atGround)
        }
      }),
      { numRuns: 500 },
    )
  })
})
