import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BracketedPasteMode } from '../../src/main/services/terminal/bracketed-paste'
import { OutputBatcher } from '../../src/main/services/terminal/output-batcher'
import { OutputTail } from '../../src/main/services/terminal/output-tail'
import { Utf8Stream } from '../../src/main/services/terminal/utf8-stream'
import { cutAt } from '../support/cut'

describe('Utf8Stream', () => {
  it('property: decodes any text cut anywhere exactly as one decode of the whole would', () => {
    const text = fc.array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 8 }),
        fc.string({ maxLength: 30 }),
        fc.constantFrom('镜像', '容器 😀', 'é', '\x1b[31m', 'x'.repeat(40)),
      ),
      { maxLength: 12 },
    )
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (parts, points) => {
        const whole = parts.join('')
        const stream = new Utf8Stream()
        const decoded =
          cutAt(Buffer.from(whole, 'utf8'), points)
            .map((c) => stream.decode(c))
            .join('') + stream.end()
        expect(decoded).toBe(whole)
      }),
      { numRuns: 2000 },
    )
  })

  it('property: any bytes at all, valid UTF-8 or not, cut anywhere, decode as one streaming decoder reads them', () => {
    const bytes = fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 6 }),
        fc.constantFrom(Buffer.from('ascii '), Buffer.from('镜'), Buffer.from([0xe9, 0x95])),
      ),
      { maxLength: 12 },
    )
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), (parts, points) => {
        const whole = Buffer.concat(parts)
        const stream = new Utf8Stream()
        const decoded =
          cutAt(whole, points)
            .map((c) => stream.decode(c))
            .join('') + stream.end()
        expect(decoded).toBe(new TextDecoder().decode(whole))
      }),
      { numRuns: 3000 },
    )
  })

  it('an unfinished character followed by a read of plain ASCII is replaced where it stood, not after', () => {
    const stream = new Utf8Stream()
    // 'a' and the first two of 镜's three bytes, then a read of ASCII: the character can no longer be completed.
    expect(stream.decode(Buffer.from([0x61, 0xe9, 0x95])) + stream.decode(Buffer.from('b')) + stream.end()).toBe(
      'a\ufffdb',
    )
  })

  it('turns bytes that are not UTF-8 into U+FFFD, as the decoder it replaces did, and an unfinished end too', () => {
    const stream = new Utf8Stream()
    expect(stream.decode(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb')
    expect(stream.decode(Buffer.from([0xe9, 0x95]))).toBe('')
    expect(stream.end()).toBe('\ufffd')
    expect(stream.decode(Buffer.from('plain'))).toBe('plain')
  })
})

describe('OutputTail', () => {
  it('keeps the last characters of a stream, whatever the size of its pieces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 50 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 60 }),
        (pieces, max) => {
          const tail = new OutputTail(max)
          for (const p of pieces) tail.push(p)
          const stream = pieces.join('')
          expect(tail.text()).toBe(stream.slice(-max))
          // Positions count the whole stream; what is held is exactly the window.
          expect(tail.end).toBe(stream.length)
          expect(tail.start).toBe(Math.max(0, stream.length - max))
          expect(tail.text(tail.end - 1)).toBe(stream.slice(-1))
        },
      ),
      { numRuns: 1000 },
    )
    const tail = new OutputTail(4)
    tail.push('abcdef')
    tail.clear()
    tail.push('xy')
    expect(tail.text()).toBe('xy')
    expect([tail.start, tail.end]).toEqual([6, 8])
  })
})

describe('OutputBatcher', () => {
  afterEach(() => vi.useRealTimers())

  it('property: sends everything, in order, in messages never longer than maxChars, and nothing while held', () => {
    const step = fc.oneof(
      fc.record({ push: fc.string({ maxLength: 40 }) }),
      fc.record({ hold: fc.boolean() }),
      fc.constant({ flush: true as const }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (steps, max) => {
        const sent: string[] = []
        let held = false
        let sentWhileHeld = 0
        const b = new OutputBatcher(
          (d) => {
            if (held) sentWhileHeld++
            sent.push(d)
          },
          { maxChars: max, intervalMs: 60_000, held: () => held },
        )
        let pushed = ''
        for (const s of steps) {
          if ('push' in s) {
            b.push(s.push)
            pushed += s.push
          } else if ('hold' in s) held = s.hold
          else b.flush()
        }
        held = false
        b.dispose()
        expect(sentWhileHeld).toBe(0)
        expect(sent.join('')).toBe(pushed)
        expect(sent.every((m) => m.length > 0 && m.length <= max)).toBe(true)
        expect(b.pending).toBe(0)
      }),
      { numRuns: 1000 },
    )
  })

  it('under a flood of reads sends full messages only: a remainder waits for the next reads, then for the timer', () => {
    vi.useFakeTimers()
    const sent: string[] = []
    const b = new OutputBatcher((d) => sent.push(d), { maxChars: 64, intervalMs: 20 })
    // Reads of 15 characters: four make a 60-character message, and the fifth does not fit it.
    for (let i = 0; i < 100; i++) b.push(String.fromCharCode(65 + (i % 26)).repeat(15))
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.every((m) => m.length === 60)).toBe(true)
    expect(b.pending).toBe(1500 - 60 * sent.length)
    // The remainder goes on its own once no more output comes, one batch window later.
    vi.advanceTimersByTime(19)
    expect(b.pending).toBeGreaterThan(0)
    vi.advanceTimersByTime(1)
    expect(b.pending).toBe(0)
    expect(sent.join('').length).toBe(1500)
    expect(sent.slice(0, -1).every((m) => m.length === 60)).toBe(true)
  })

  it('joins small pieces up to a message, and passes a piece that fits as it came', () => {
    const sent: string[] = []
    const b = new OutputBatcher((d) => sent.push(d), { maxChars: 10, intervalMs: 60_000 })
    b.push('abc')
    b.push('def')
    b.flush()
    b.push('0123456789')
    b.push('0123456789abc')
    b.flush()
    expect(sent).toEqual(['abcdef', '0123456789', '0123456789', 'abc'])
  })
})

describe('BracketedPasteMode', () => {
  const ON = '\x1b[?2004h'
  const OFF = '\x1b[?2004l'

  it('property: read by read, cut anywhere, it ends in the mode the last whole sequence set', () => {
    const piece = fc.oneof(
      fc.constantFrom(ON, OFF, '\x1b[?2004', '\x1b[?20045h', '\x1b[', '$ ', 'x'.repeat(30), '容器'),
      fc.string({ maxLength: 10 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, points) => {
        const whole = parts.join('')
        const mode = new BracketedPasteMode()
        for (const read of cutAt(whole, points)) mode.see(read)
        const on = whole.lastIndexOf(ON)
        const off = whole.lastIndexOf(OFF)
        expect(mode.on).toBe(on > off)
      }),
    )
  })

  it('a sequence cut after its escape, or after its prefix, still counts; text that only looks like it does not', () => {
    const mode = new BracketedPasteMode()
    mode.see('prompt \x1b')
    mode.see('[?2004h$ ')
    expect(mode.on).toBe(true)
    mode.see('\x1b[?2004')
    mode.see('l')
    expect(mode.on).toBe(false)
    mode.see('\x1b[?20045h \x1b[?2004')
    mode.see('x')
    expect(mode.on).toBe(false)
  })
})
