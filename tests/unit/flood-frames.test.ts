import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import xterm from '@xterm/headless'
import { bufferText } from '../support/xterm-text'
import {
  FLOOD_CHARS,
  FLOOD_FRAME_MS,
  FloodFrames,
  PROGRAM_SYNC_QUIET_MS,
  SYNC_BEGIN,
  SYNC_END,
} from '../../src/renderer/src/terminal/flood-frames'
import type { OutputPiece } from '../../src/renderer/src/terminal/output-piece'
import { InputFirst, WritePacer } from '../../src/renderer/src/terminal/write-pacer'

type Term = InstanceType<typeof xterm.Terminal>

/**
 * A real (headless) xterm whose writes are recorded, with a clock, timers and animation frames the test drives: what
 * the mode does to drawing is xterm's own (DEC 2026), and here its state is read from xterm after each parse.
 */
function rig(): {
  term: Term
  frames: FloodFrames
  writes: OutputPiece[]
  clock: { now: number }
  fireTimers: () => void
  fireFrames: () => void
  parsed: () => Promise<void>
  held: () => boolean
} {
  const term = new xterm.Terminal({ cols: 80, rows: 10, scrollback: 1000, allowProposedApi: true })
  const writes: OutputPiece[] = []
  const clock = { now: 0 }
  let timers: Array<() => void> = []
  let frames: Array<() => void> = []
  const flood = new FloodFrames(
    {
      write: (data, cb) => {
        writes.push(data)
        term.write(data, cb)
      },
    },
    {
      now: () => clock.now,
      setTimer: (run) => timers.push(run),
      clearTimer: () => (timers = []),
      nextFrame: (next) => frames.push(next),
    },
  )
  return {
    term,
    frames: flood,
    writes,
    clock,
    fireTimers: () => {
      const due = timers
      timers = []
      for (const t of due) t()
    },
    fireFrames: () => {
      const due = frames
      frames = []
      for (const f of due) f()
    },
    parsed: () => new Promise<void>((r) => term.write('', r)),
    held: () => term.modes.synchronizedOutputMode,
  }
}

/** Hands `data` to xterm as the pacer does: FloodFrames first, then the write itself. */
function feed(r: ReturnType<typeof rig>, data: OutputPiece): void {
  r.frames.beforeWrite(data)
  r.writes.push(data)
  r.term.write(data)
}

describe('FloodFrames', () => {
  it('leaves typing and ordinary output alone: xterm draws it at once', async () => {
    const r = rig()
    for (let i = 0; i < 20; i++) {
      r.clock.now += 20
      feed(r, `line ${i}\r\n`)
    }
    await r.parsed()
    expect(r.writes).not.toContain(SYNC_BEGIN)
    expect(r.held()).toBe(false)
    expect(bufferText(r.term).split('\n').at(-1)).toBe('line 19')
  })

  it('holds a flood off the screen for one FLOOD_FRAME_MS, then lets xterm draw it, losing nothing', async () => {
    const r = rig()
    const chunk = 'x'.repeat(FLOOD_CHARS)
    feed(r, chunk)
    feed(r, 'tail-one\r\n')
    await r.parsed()
    expect(r.writes[0]).toBe(SYNC_BEGIN)
    expect(r.held()).toBe(true)
    expect(r.frames.held).toBe(true)

    r.clock.now += FLOOD_FRAME_MS
    r.fireTimers()
    await r.parsed()
    expect(r.writes.at(-1)).toBe(SYNC_END)
    expect(r.held()).toBe(false)
    expect(bufferText(r.term)).toContain('tail-one')
    expect(bufferText(r.term).replace(/\n/g, '')).toContain('x'.repeat(FLOOD_CHARS))
  })

  it('begins no new hold until a frame has come after xterm parsed the end of the last one', async () => {
    const r = rig()
    const chunk = 'y'.repeat(FLOOD_CHARS)
    feed(r, chunk)
    r.clock.now += FLOOD_FRAME_MS
    r.fireTimers()
    // More flood before xterm has even parsed the SYNC_END: it must get its frame first.
    r.clock.now += FLOOD_FRAME_MS
    feed(r, chunk)
    await r.parsed()
    expect(r.writes.filter((w) => w === SYNC_BEGIN)).toHaveLength(1)
    expect(r.held()).toBe(false)

    r.fireFrames()
    r.clock.now += FLOOD_FRAME_MS
    feed(r, chunk)
    await r.parsed()
    expect(r.writes.filter((w) => w === SYNC_BEGIN)).toHaveLength(2)
    expect(r.held()).toBe(true)
  })

  it('leaves the mode to a program that uses it, and never ends an update of its own', async () => {
    const r = rig()
    // A full-screen program draws a screen in one synchronized update, as fast as a flood.
    const screen = `\x1b[?2026h\x1b[H${'z'.repeat(FLOOD_CHARS)}`
    feed(r, screen)
    await r.parsed()
    expect(r.writes).not.toContain(SYNC_BEGIN)
    expect(r.held()).toBe(true)
    r.fireTimers()
    feed(r, '\x1b[?2026l')
    await r.parsed()
    expect(r.held()).toBe(false)

    // After PROGRAM_SYNC_QUIET_MS without the program's sequences, a flood is held again.
    r.clock.now += PROGRAM_SYNC_QUIET_MS + 1
    feed(r, 'w'.repeat(FLOOD_CHARS))
    await r.parsed()
    expect(r.writes).toContain(SYNC_BEGIN)
    expect(r.held()).toBe(true)

    // The program begins its own update inside our hold: the hold's end is the program's now.
    r.clock.now += 10
    const from = r.writes.length
    feed(r, '\x1b[?2026h\x1b[Hprogram-screen')
    r.clock.now += FLOOD_FRAME_MS
    r.fireTimers()
    await r.parsed()
    expect(r.writes.slice(from)).toEqual(['\x1b[?2026h\x1b[Hprogram-screen'])
    expect(r.held()).toBe(true)
    feed(r, '\x1b[?2026l')
    await r.parsed()
    expect(r.held()).toBe(false)
    expect(bufferText(r.term)).toContain('program-screen')
  })

  it.each(['text', 'bytes'] as const)('sees the mode among other modes and after an 8-bit CSI, in %s', (form) => {
    const as = (text: string): OutputPiece => (form === 'text' ? text : new TextEncoder().encode(text))
    for (const seq of ['\x1b[?1049;2026h', '\x9b?2026h', '\x1b[?2026;25l', '日志 \x1b[?25l\x1b[?2026h']) {
      const r = rig()
      feed(r, as(seq + 'v'.repeat(FLOOD_CHARS)))
      expect(r.writes).not.toContain(SYNC_BEGIN)
    }
    // Other modes, the number in a date, a colour: no program's use of the mode, and a flood is held.
    for (const other of ['\x1b[?1049h', '\x1b[32m2026-12-01\x1b[0m ?2026h', '\x1b[2026h']) {
      const witness = rig()
      feed(witness, as(other + 'v'.repeat(FLOOD_CHARS)))
      expect(witness.writes).toContain(SYNC_BEGIN)
    }
  })

  it('once disposed, writes nothing more', async () => {
    const r = rig()
    feed(r, 'q'.repeat(FLOOD_CHARS))
    r.frames.dispose()
    r.fireTimers()
    feed(r, 'q'.repeat(FLOOD_CHARS))
    await r.parsed()
    expect(r.writes.filter((w) => w === SYNC_BEGIN || w === SYNC_END)).toEqual([SYNC_BEGIN])
  })

  it('is handed each piece of a shown tab’s output by the pacer, before xterm gets it', async () => {
    const term = new xterm.Terminal({ cols: 80, rows: 10, allowProposedApi: true })
    const seen: OutputPiece[] = []
    const order: string[] = []
    const pacer = new WritePacer(
      { write: (data, cb) => (order.push(`write:${data.length}`), term.write(data, cb)) },
      () => {},
      {
        inputFirst: new InputFirst(),
        frames: { beforeWrite: (d) => (seen.push(d), order.push(`frames:${d.length}`)), dispose: () => {} },
      },
    )
    pacer.write('abc')
    pacer.write('defg')
    expect(seen).toEqual(['abc', 'defg'])
    expect(order).toEqual(['frames:3', 'write:3', 'frames:4', 'write:4'])
  })
})

/** What a terminal shows and has been told: every row's text and colours, and the titles it was given. */
function screenOf(term: Term, titles: string[]): string {
  const b = term.buffer.active
  const cell = b.getNullCell()
  const rows: string[] = []
  for (let y = 0; y < b.length; y++) {
    const line = b.getLine(y)
    if (!line) continue
    let row = ''
    for (let x = 0; x < line.length; x++) {
      line.getCell(x, cell)
      row += `${cell.getChars() || ' '}${cell.getFgColor()}${cell.isBold() ? 'b' : ''}|`
    }
    rows.push(row)
  }
  return `${rows.join('\n')}\n${titles.join('\n')}`
}

describe('FloodFrames, on any output cut anywhere', () => {
  const token = fc.oneof(
    fc.stringMatching(/^[a-z ]{1,40}$/),
    fc.constant('\r\n'),
    fc.integer({ min: 30, max: 37 }).map((n) => `\x1b[${n}m`),
    fc.constantFrom('\x1b[1m', '\x1b[0m', '\x1b[2K', '\x1b[3;5H', '\x9b32m'),
    fc.stringMatching(/^[a-z]{0,30}$/).map((t) => `\x1b]0;${t}\x07`),
    fc.stringMatching(/^[a-z]{0,30}$/).map((t) => `\x1b]2;${t}\x1b\\`),
    fc.stringMatching(/^[a-z0-9+/]{0,200}$/).map((t) => `\x1bP1;2q${t}\x07${t}\x1b\\`),
    fc.constant('\x1b7'),
    // Wide characters, one outside the BMP, and C1 controls: in UTF-8, bytes a cut may fall between.
    fc.constantFrom('中文输出', '容器😀', '\x9d0;c1-title\x9c', '\x9b1m', '\x1b[?2026h', '\x1b[?2026l'),
  )

  /** `output` cut at `cuts` (taken modulo its length), as text or as its UTF-8 bytes. */
  function cut(output: string, cuts: number[], form: 'text' | 'bytes'): OutputPiece[] {
    const whole = form === 'text' ? output : new TextEncoder().encode(output)
    const at = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b)
    return [0, ...at, whole.length]
      .map((end, i, ends) => whole.slice(i === 0 ? 0 : (ends[i - 1] ?? 0), end))
      .filter((piece) => piece.length > 0)
  }

  it.each(['text', 'bytes'] as const)(
    'leaves xterm with exactly what the output alone gives it, as %s',
    async (form) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(token, { minLength: 1, maxLength: 80 }),
          fc.array(fc.nat(), { maxLength: 40 }),
          fc.array(fc.constantFrom('timer', 'frame', 'time', 'none'), { maxLength: 40 }),
          async (tokens, cuts, events) => {
            const pieces = cut(tokens.join(''), cuts, form)

            const made = (): { term: Term; titles: string[] } => {
              const term = new xterm.Terminal({ cols: 30, rows: 6, scrollback: 50, allowProposedApi: true })
              const titles: string[] = []
              term.onTitleChange((t) => titles.push(t))
              return { term, titles }
            }
            const alone = made()
            const framed = made()
            const clock = { now: 0 }
            let timers: Array<() => void> = []
            const frames: Array<() => void> = []
            const flood = new FloodFrames(framed.term, {
              floodChars: 8,
              frameMs: 5,
              now: () => clock.now,
              setTimer: (run) => timers.push(run),
              clearTimer: () => (timers = []),
              nextFrame: (next) => frames.push(next),
            })
            pieces.forEach((piece, i) => {
              const event = events[i % Math.max(events.length, 1)]
              if (event === 'timer') for (const t of timers.splice(0)) t()
              if (event === 'frame') for (const f of frames.splice(0)) f()
              if (event === 'time') clock.now += 5
              flood.beforeWrite(piece)
              framed.term.write(piece)
              alone.term.write(piece)
            })
            for (const t of timers.splice(0)) t()
            // Only the text and the titles: the mode itself is what the app changes, on purpose.
            const shown = (t: { term: Term; titles: string[] }): Promise<string> =>
              new Promise((resolve) => t.term.write('', () => resolve(screenOf(t.term, t.titles))))
            const [a, b] = await Promise.all([shown(alone), shown(framed)])
            expect(b).toBe(a)
          },
        ),
        { numRuns: 500 },
      )
    },
  )
})
