import { describe, expect, it } from 'vitest'
import xterm from '@xterm/headless'
import { bufferText } from '../support/xterm-text'
import { cutBetweenCharacters, XTERM_PARSE_BYTES, type OutputPiece } from '../../src/renderer/src/terminal/output-piece'
import { InputFirst, WritePacer, type Writable } from '../../src/renderer/src/terminal/write-pacer'

/** A real (headless) xterm that also records the size of every write it is handed. */
function recordingTerminal(cols = 40): { term: InstanceType<typeof xterm.Terminal>; writes: number[]; io: Writable } {
  const term = new xterm.Terminal({ cols, rows: 10, scrollback: 10_000, allowProposedApi: true })
  const writes: number[] = []
  return {
    term,
    writes,
    io: {
      write: (data, cb) => {
        writes.push(data.length)
        term.write(data, cb)
      },
    },
  }
}

const flushed = (term: InstanceType<typeof xterm.Terminal>): Promise<void> => new Promise((r) => term.write('', r))

describe('WritePacer', () => {
  it('passes a shown tab’s output straight to xterm and acknowledges what it parsed', async () => {
    const { term, writes, io } = recordingTerminal()
    let parsed = 0
    const pacer = new WritePacer(io, (n) => (parsed += n), { sliceChars: 8, inputFirst: new InputFirst() })
    pacer.write('hello\r\n')
    pacer.write('world')
    expect(writes).toEqual([7, 5])
    await flushed(term)
    expect(parsed).toBe(12)
    expect(bufferText(term)).toBe('hello\nworld')
  })

  it('feeds a hidden tab one slice per animation frame, and loses nothing', async () => {
    const { term, writes, io } = recordingTerminal()
    const yields: Array<() => void> = []
    let parsed = 0
    const pacer = new WritePacer(io, (n) => (parsed += n), {
      sliceChars: 10,
      nextFrame: (next) => yields.push(next),
      inputFirst: new InputFirst(),
    })
    pacer.setBackground(true)
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}\r\n`)
    pacer.write(lines.slice(0, 20).join(''))
    pacer.write(lines.slice(20).join(''))
    expect(writes).toEqual([10])
    await flushed(term)
    expect(parsed).toBe(10)
    // Until the next frame, no second slice.
    expect(writes).toHaveLength(1)
    yields.shift()?.()
    expect(writes).toEqual([10, 10])
    await flushed(term)
    yields.shift()?.()
    await flushed(term)
    // Shown again: the rest goes to xterm at once, after what was already handed over.
    pacer.setBackground(false)
    await flushed(term)
    yields.shift()?.()
    expect(pacer.queued).toBe(0)
    const total = lines.join('').length
    expect(parsed).toBe(total)
    expect(writes.reduce((a, b) => a + b, 0)).toBe(total)
    expect(Math.max(...writes.slice(0, 3))).toBeLessThanOrEqual(10)
    expect(bufferText(term)).toBe(lines.map((l) => l.trimEnd()).join('\n'))
  })

  it('an emoji cut between two slices still arrives whole', async () => {
    const { term, writes, io } = recordingTerminal()
    const pacer = new WritePacer(io, () => {}, {
      sliceChars: 5,
      nextFrame: (next) => queueMicrotask(next),
      inputFirst: new InputFirst(),
    })
    pacer.setBackground(true)
    pacer.write('ab😀😀😀c')
    for (let i = 0; i < 10; i++) await flushed(term)
    expect(writes.reduce((a, b) => a + b, 0)).toBe('ab😀😀😀c'.length)
    expect(bufferText(term)).toBe('ab😀😀😀c')
    expect(bufferText(term)).not.toContain('\ufffd')
  })

  it('drops what is queued once disposed', async () => {
    const { term, writes, io } = recordingTerminal()
    const yields: Array<() => void> = []
    const pacer = new WritePacer(io, () => {}, {
      sliceChars: 4,
      nextFrame: (next) => yields.push(next),
      inputFirst: new InputFirst(),
    })
    pacer.setBackground(true)
    pacer.write('0123456789')
    await flushed(term)
    pacer.dispose()
    yields.shift()?.()
    pacer.write('more')
    expect(writes).toEqual([4])
  })

  it('replaces what is queued with a screen from a replay, handed to xterm at once and shown to FloodFrames', async () => {
    const { term, writes, io } = recordingTerminal()
    const seen: Array<[OutputPiece, boolean | undefined]> = []
    const pacer = new WritePacer(io, () => {}, {
      sliceChars: 4,
      nextFrame: () => {},
      inputFirst: new InputFirst(),
      frames: { beforeWrite: (d, mayHold) => seen.push([d, mayHold]), dispose: () => {} },
    })
    pacer.setBackground(true)
    pacer.write('stale output')
    let parsed = false
    pacer.replace('\x1bcthe screen', () => (parsed = true))
    await flushed(term)
    expect(parsed).toBe(true)
    expect(bufferText(term)).toBe('the screen')
    // One slice of the old output had gone to xterm already; the rest was dropped.
    expect(writes).toEqual([4, 12])
    expect(seen).toEqual([
      ['stal', false],
      ['\x1bcthe screen', false],
    ])
    pacer.setBackground(false)
    expect(writes).toEqual([4, 12])
  })

  it('a key typed in one terminal has its echo parsed before another terminal’s hidden flood goes on', async () => {
    const flood = recordingTerminal()
    const typist = recordingTerminal()
    const frames: Array<() => void> = []
    const frame = (): void => frames.shift()?.()
    const inputFirst = new InputFirst(() => 0, 100)
    const hidden = new WritePacer(flood.io, () => {}, {
      sliceChars: 10,
      nextFrame: (next) => frames.push(next),
      inputFirst,
    })
    const shown = new WritePacer(typist.io, () => {}, { inputFirst })
    hidden.setBackground(true)
    hidden.write('y\r\n'.repeat(20))
    await flushed(flood.term)
    expect(flood.writes).toEqual([10])
    // A key in the shown terminal: the flood waits, frame after frame, until its echo has been parsed.
    shown.typed()
    frame()
    frame()
    await flushed(flood.term)
    expect(flood.writes).toEqual([10])
    shown.write('k')
    await flushed(typist.term)
    expect(bufferText(typist.term)).toBe('k')
    // The echo is in: the flood takes its next slice at once, and the rest frame by frame.
    expect(flood.writes).toEqual([10, 10])
    for (let i = 0; i < 10; i++) {
      await flushed(flood.term)
      frame()
    }
    expect(flood.writes.reduce((a, b) => a + b, 0)).toBe(60)
    expect(bufferText(flood.term).split('\n')).toHaveLength(20)
  })

  it('an echo that never comes holds another terminal’s output back no longer than the input-first window', async () => {
    const flood = recordingTerminal()
    let clock = 0
    const inputFirst = new InputFirst(() => clock, 100)
    const frames: Array<() => void> = []
    const hidden = new WritePacer(flood.io, () => {}, {
      sliceChars: 10,
      nextFrame: (next) => frames.push(next),
      inputFirst,
    })
    const other = {}
    inputFirst.typed(other)
    hidden.setBackground(true)
    hidden.write('0123456789abcdefghij')
    expect(flood.writes).toEqual([])
    // Past the window, the next frame's slice goes (a terminal that never echoes cannot stall the rest).
    clock = 150
    expect(inputFirst.mustWait(hidden)).toBe(false)
    await new Promise((r) => setTimeout(r, 120))
    expect(flood.writes).toEqual([10])
  })

  it('cuts a hidden tab’s UTF-8 between characters, and acknowledges exactly the characters main counted', async () => {
    const { term, writes, io } = recordingTerminal()
    const frames: Array<() => void> = []
    const acks: number[] = []
    const pacer = new WritePacer(io, (n) => acks.push(n), {
      sliceChars: 7,
      nextFrame: (next) => frames.push(next),
      inputFirst: new InputFirst(),
    })
    pacer.setBackground(true)
    // — and 、 are the characters xterm 6.0 loses when cut after their 0x80 byte.
    const lines = Array.from({ length: 12 }, (_, i) => `容器😀—、 ${i}\r\n`)
    const pieces = [lines.slice(0, 5).join(''), lines.slice(5).join('')]
    // As the bridge hands them over: bytes, with the characters main counted.
    for (const text of pieces) pacer.write(new TextEncoder().encode(text), text.length)
    // The first slice: 容 and 器, 6 bytes; the 7th is the first of 😀's four, and bytes are cut only between characters.
    expect(writes).toEqual([6])
    expect(pacer.queued).toBe(pieces.join('').length - 2)
    for (let i = 0; i < 200 && (frames.length || pacer.queued); i++) {
      await flushed(term)
      frames.shift()?.()
    }
    await flushed(term)
    expect(writes.every((n) => n <= 7)).toBe(true)
    expect(acks.reduce((a, b) => a + b, 0)).toBe(pieces.join('').length)
    expect(bufferText(term)).toBe(lines.map((l) => l.trimEnd()).join('\n'))
  })

  it('hands xterm a shown tab’s bytes in whole characters, no more at once than xterm parses whole', async () => {
    const { term, writes, io } = recordingTerminal(80)
    let parsed = 0
    const pacer = new WritePacer(io, (n) => (parsed += n), { inputFirst: new InputFirst() })
    // 65 536 characters of three bytes each, as one batch of CJK punctuation comes: more than xterm parses at once.
    const text = '—、'.repeat(32_767) + '\r\n'
    const bytes = new TextEncoder().encode(text)
    expect(bytes.length).toBeGreaterThan(XTERM_PARSE_BYTES)
    pacer.write(bytes, text.length)
    await flushed(term)
    expect(writes.length).toBeGreaterThan(1)
    expect(writes.every((n) => n <= XTERM_PARSE_BYTES)).toBe(true)
    expect(parsed).toBe(text.length)
    // Every character arrived whole: the last rows are the text's end, with no U+FFFD and none missing.
    const shown = bufferText(term)
    expect(shown).not.toContain('\ufffd')
    expect(shown.replaceAll('\n', '').endsWith('—、'.repeat(500))).toBe(true)
  })

  it('cuts bytes only between characters', () => {
    const bytes = new TextEncoder().encode('a—😀b')
    // a | — (3) | 😀 (4) | b
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((at) => cutBetweenCharacters(bytes, at))).toEqual([
      1, 1, 1, 1, 4, 4, 4, 4, 8, 9,
    ])
    expect(cutBetweenCharacters(bytes, 99)).toBe(bytes.length)
  })
})
