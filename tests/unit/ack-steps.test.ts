import { describe, expect, it } from 'vitest'
import xterm from '@xterm/headless'
import { FlowControl } from '@shared/flow-control'
import { AckSteps } from '../../src/renderer/src/terminal/ack-steps'
import { WritePacer } from '../../src/renderer/src/terminal/write-pacer'
import { FlowController } from '../../src/main/services/terminal/flow-control'

describe('AckSteps: the page acknowledges what xterm parsed in steps', () => {
  it('sends one acknowledgement per step, not one per write, and owes nothing from before a reset', () => {
    const sent: number[] = []
    const acks = new AckSteps((n) => sent.push(n), 100)
    for (let i = 0; i < 7; i++) acks.parsed(30)
    expect(sent).toEqual([120])
    // 90 wait for the next output; after a reset they are owed no more.
    acks.reset()
    acks.parsed(99)
    expect(sent).toEqual([120])
    acks.parsed(1)
    expect(sent).toEqual([120, 100])
  })

  it('acknowledges a replay in full once parsed, below a step too, and nothing twice', () => {
    const sent: number[] = []
    const acks = new AckSteps((n) => sent.push(n), 100)
    acks.parsed(60)
    expect(sent).toEqual([])
    acks.flush()
    expect(sent).toEqual([60])
    acks.flush()
    acks.parsed(100)
    expect(sent).toEqual([60, 100])
  })

  it('a flood parsed to its end by a real xterm leaves main’s paused PTY resumed, whatever is left below a step', async () => {
    const calls: string[] = []
    const flow = new FlowController(
      () => calls.push('pause'),
      () => calls.push('resume'),
    )
    flow.attach('page')
    const term = new xterm.Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true })
    const pacer = new WritePacer(term, (n) => acks.parsed(n))
    const acks = new AckSteps((n) => flow.acknowledged('page', n))
    // Main sends batches until the page is over its watermark, as TerminalSession does; the last is an odd size, so
    // that what the page parses does not end on a step.
    let sent = 0
    while (!flow.isPaused) {
      const data = 'x'.repeat(sent === 0 ? 12_345 : FlowControl.BatchMaxChars)
      sent += data.length
      flow.sent(data.length)
      pacer.write(data)
    }
    expect(calls).toEqual(['pause'])
    expect(sent % FlowControl.CharCountAckSize).not.toBe(0)
    await new Promise<void>((resolve) => term.write('', resolve))
    expect(calls).toEqual(['pause', 'resume'])
    expect(flow.unacknowledged).toBeLessThan(FlowControl.CharCountAckSize)
    expect(FlowControl.CharCountAckSize).toBeLessThanOrEqual(FlowControl.LowWatermarkChars)
    term.dispose()
  })
})
