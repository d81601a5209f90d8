import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TerminalReplay } from '@shared/contract'
import { FlowControl } from '@shared/flow-control'
import { forwardMark } from '@shared/osc633'
import { FlowController } from '../../src/main/services/terminal/flow-control'
import { ReplayBuffer } from '../../src/main/services/terminal/replay-buffer'

describe('ReplayBuffer', () => {
  it('holds at most its capacity, the newest output, and starts a cut screen at a line start', () => {
    const ring = new ReplayBuffer(100)
    let stream = ''
    for (let i = 1; i <= 50; i++) {
      const line = `line ${i}\r\n`
      expect(ring.append(line)).toBe(stream.length)
      stream += line
    }
    expect(ring.size).toBe(100)
    expect(ring.end).toBe(stream.length)
    const replay = TerminalReplay.parse(ring.since())
    expect(replay.end).toBe(stream.length)
    expect(replay.data).toBe(stream.slice(replay.start))
    // Cut inside a line, it starts after the next line break: never inside a line (or an escape sequence).
    expect(replay.data.startsWith('line ')).toBe(true)
    expect(stream.slice(0, replay.start).endsWith('\n')).toBe(true)
    expect(replay.data.endsWith('line 50\r\n')).toBe(true)
  })

  it('gives what came after a position it still holds, and everything it holds otherwise', () => {
    const ring = new ReplayBuffer(1000)
    ring.append('hello ')
    ring.append('world')
    expect(ring.since(6)).toMatchObject({ start: 6, end: 11, data: 'world' })
    expect(ring.since(11)).toMatchObject({ start: 11, end: 11, data: '' })
    // A position it never sent (a page from before a backend restart) gets the whole buffer.
    expect(ring.since(500)).toMatchObject({ start: 0, end: 11, data: 'hello world' })
    const small = new ReplayBuffer(10)
    small.append('0123456789abcdef')
    // Position 2 is gone: the page gets what is left, from where it starts, and must clear its screen.
    expect(small.since(2)).toMatchObject({ start: 6, end: 16, data: '6789abcdef' })
  })

  it('never starts inside a surrogate pair when there is no line break to start at', () => {
    const ring = new ReplayBuffer(3)
    ring.append('ab😀😀')
    const replay = ring.since()
    expect(replay.data).toBe('😀')
    expect(replay.start).toBe(4)
  })

  it('names the commands whose start marks it holds and main announced, for the gutter', () => {
    const ring = new ReplayBuffer(300)
    ring.announce('old')
    ring.append(`${forwardMark({ type: 'C', commandId: 'old' })}${'x'.repeat(250)}\n`)
    ring.announce('c2')
    ring.append(`$ ${forwardMark({ type: 'C', commandId: 'c2' })}hi\r\n`)
    // A start mark main never sent (forged in a program's output) names nothing, though it is in the data.
    ring.append(`${forwardMark({ type: 'C', commandId: 'forged' })}`)
    ring.append(`${forwardMark({ type: 'D', commandId: 'c2', exitCode: 0 })}${forwardMark({ type: 'A' })}$ `)
    expect(ring.since().data).toContain('forged')
    expect(ring.since().commandIds).toEqual(['c2'])
  })

  it('property: whatever is appended, a replay is exactly the stream’s tail, within the capacity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 120 }),
        (parts, cap) => {
          const ring = new ReplayBuffer(cap)
          let stream = ''
          for (const p of parts) {
            ring.append(p)
            stream += p
          }
          const r = ring.since()
          expect(r.end).toBe(stream.length)
          expect(r.data).toBe(stream.slice(r.start, r.end))
          expect(r.data.length).toBeLessThanOrEqual(cap)
        },
      ),
    )
  })
})

describe('FlowController with a replay', () => {
  it('counts the replay a client attaches with as sent to it: it holds the PTY until the client acknowledges it', () => {
    const calls: string[] = []
    const flow = new FlowController(
      () => calls.push('pause'),
      () => calls.push('resume'),
    )
    flow.attach('other')
    flow.attach('page', FlowControl.ReplayMaxChars)
    expect(flow.unacknowledged).toBe(FlowControl.ReplayMaxChars)
    // A replay alone never pauses the PTY...
    expect(calls).toEqual([])
    // ...but it counts: live output on top of an unparsed replay does.
    flow.sent(FlowControl.HighWatermarkChars - FlowControl.ReplayMaxChars + 1)
    expect(calls).toEqual(['pause'])
    flow.acknowledged('other', FlowControl.HighWatermarkChars)
    expect(calls).toEqual(['pause'])
    flow.acknowledged('page', FlowControl.ReplayMaxChars)
    expect(calls).toEqual(['pause', 'resume'])
  })
})
