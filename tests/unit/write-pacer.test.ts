import { describe, expect, it } from 'vitest'
import xterm from '@xterm/headless'
import { WritePacer, type Writable } from '../../src/renderer/src/terminal/write-pacer'

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

function text(term: InstanceType<typeof xterm.Terminal>): string {
  const b = term.buffer.active
  const out: string[] = []
  for (let y = 0; y < b.length; y++) out.push(b.getLine(y)?.translateToString(true) ?? '')
  return out.join('\n').trimEnd()
}

describe('WritePacer', () => {
  it('passes a shown tab’s output straight to xterm and acknowledges what it parsed', async () => {
    const { term, writes, io } = recordingTerminal()
    let parsed = 0
    const pacer = new WritePacer(io, (n) => (parsed += n), 8)
    pacer.write('hello\r\n')
    pacer.write('world')
    expect(writes).toEqual([7, 5])
    await flushed(term)
    expect(parsed).toBe(12)
    expect(text(term)).toBe('hello\nworld')
  })

  it('feeds a hidden tab one slice at a time, yielding between slices, and loses nothing', async () => {
    const { term, writes, io } = recordingTerminal()
    const yields: Array<() => void> = []
    let parsed = 0
    const pacer = new WritePacer(
      io,
      (n) => (parsed += n),
      10,
      (next) => yields.push(next),
    )
    pacer.setBackground(true)
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}\r\n`)
    pacer.write(lines.slice(0, 20).join(''))
    pacer.write(lines.slice(20).join(''))
    expect(writes).toEqual([10])
    await flushed(term)
    expect(parsed).toBe(10)
    // Until the renderer has had its turn, no second slice.
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
    expect(text(term)).toBe(lines.map((l) => l.trimEnd()).join('\n'))
  })

  it('an emoji cut between two slices still arrives whole', async () => {
    const { term, writes, io } = recordingTerminal()
    const pacer = new WritePacer(
      io,
      () => {},
      5,
      (next) => queueMicrotask(next),
    )
    pacer.setBackground(true)
    pacer.write('ab😀😀😀c')
    for (let i = 0; i < 10; i++) await flushed(term)
    expect(writes.reduce((a, b) => a + b, 0)).toBe('ab😀😀😀c'.length)
    expect(text(term)).toBe('ab😀😀😀c')
    expect(text(term)).not.toContain('\ufffd')
  })

  it('drops what is queued once disposed', async () => {
    const { term, writes, io } = recordingTerminal()
    const yields: Array<() => void> = []
    const pacer = new WritePacer(
      io,
      () => {},
      4,
      (next) => yields.push(next),
    )
    pacer.setBackground(true)
    pacer.write('0123456789')
    await flushed(term)
    pacer.dispose()
    yields.shift()?.()
    pacer.write('more')
    expect(writes).toEqual([4])
  })
})
