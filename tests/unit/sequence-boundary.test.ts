import { describe, expect, it } from 'vitest'
import { SequenceBoundary } from '../../src/renderer/src/terminal/sequence-boundary'

/** Whether the output stands between sequences after each of `pieces`, fed in order. */
function after(...pieces: string[]): boolean[] {
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
})
