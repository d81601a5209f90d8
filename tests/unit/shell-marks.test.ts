import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CommandTracker } from '../../src/main/services/terminal/shell-integration/command-tracker'
import { MarkParser, unescapeMarkArg, type Segment } from '../../src/main/services/terminal/shell-integration/marks'
import { forwardMark, readForwardedMark, type ForwardedMark } from '@shared/osc633'
import { terminalEnv } from '../../src/main/services/terminal/terminal-env'
import { FlowController, FlowControl } from '../../src/main/services/terminal/flow-control'
import { OutputBatcher } from '../../src/main/services/terminal/output-batcher'
import { cutAt } from '../support/cut'

const N = 'n0nce'
const osc = (body: string, end = '\x07'): string => `\x1b]633;${body}${end}`

/** Pieces of marks as a program might print them (never the nonce). */
const MARK_FRAGMENTS = [
  '\x1b',
  '\x1b]',
  '\x1b]633;',
  '\x1b]0633;D;0;',
  '\u009d633;',
  '\x07',
  '\x1b\\',
  '\u009c',
  ';',
  'D;0;',
]

function feed(parser: MarkParser, chunks: string[]): Segment[] {
  return chunks.flatMap((c) => parser.push(c))
}
function text(segments: Segment[]): string {
  return segments.map((s) => ('data' in s ? s.data : '')).join('')
}
function marks(segments: Segment[]): string[] {
  return segments.flatMap((s) => ('mark' in s ? [`${s.mark.type}:${s.mark.args.join('|')}`] : []))
}

describe('MarkParser', () => {
  it('lifts marks out of the data, in order', () => {
    const segs = new MarkParser(N).push(`a${osc(`A;${N}`)}$ ${osc(`B;${N}`)}b${osc(`D;0;${N}`, '\x1b\\')}c`)
    expect(text(segs)).toBe('a$ bc')
    expect(marks(segs)).toEqual(['A:', 'B:', 'D:0'])
  })

  it('reassembles a mark split anywhere across reads', () => {
    const whole = `x${osc(`E;echo hi\\x3b there;${N}`)}y`
    for (let i = 1; i < whole.length; i++) {
      const segs = feed(new MarkParser(N), [whole.slice(0, i), whole.slice(i)])
      expect(text(segs)).toBe('xy')
      expect(marks(segs)).toEqual(['E:echo hi; there'])
    }
  })

  it('drops marks without the nonce, or with a wrong one, and keeps no trace of them', () => {
    const segs = new MarkParser(N).push(`1${osc('D;0')}2${osc('C;forged')}3${osc(`Z;${N}`)}4`)
    // Only a CAN where each was, which a terminal shows as nothing.
    expect(text(segs)).toBe('1\x182\x183\x184')
    expect(marks(segs)).toEqual([])
  })

  it('leaves nothing that joins into a mark once a sequence between is removed, in one read or across reads', () => {
    // `\e]6` lets through as another OSC; removing the 633 after it must not splice `\e]6` and `33;C;…` into a 633.
    const splice = '\x1b]6\x1b]633;x\x0733;C;fake\x07'
    // eslint-disable-next-line no-control-regex -- the sequence looked for is made of control characters
    const joined = (data: string): boolean => /(?:\x1b\]|\u009d)0*633[;\x07]/.test(data)
    expect(joined(text(new MarkParser(N).push(splice)))).toBe(false)
    for (let cut = 1; cut < splice.length; cut++) {
      const p = new MarkParser(N)
      const data = [splice.slice(0, cut), splice.slice(cut)].map((c) => text(p.push(c))).join('')
      expect(joined(data), `cut at ${cut}`).toBe(false)
    }
    // The witness: a real mark after it still counts.
    expect(marks(new MarkParser(N).push(`${splice}${osc(`A;${N}`)}`))).toEqual(['A:'])
  })

  it('lets an unterminated sequence through once it is too long to be ours', () => {
    const p = new MarkParser(N)
    const junk = '\x1b]633;' + 'z'.repeat(70_000)
    const segs = feed(p, [junk, `${osc(`A;${N}`)}ok`])
    expect(text(segs)).toContain('zzzz')
    expect(text(segs).endsWith('ok')).toBe(true)
    expect(marks(segs)).toEqual(['A:'])
  })

  it('holds back only a possible prefix at the end of a read', () => {
    const p = new MarkParser(N)
    expect(text(p.push('abc\x1b]6'))).toBe('abc')
    expect(text(p.push('x'))).toBe('\x1b]6x')
    expect(text(p.push('\x1b[0m'))).toBe('\x1b[0m')
  })

  it('abandons an unterminated fake mark at the next ESC, so it neither merges with nor swallows the real one', () => {
    // printf '\033]633;D;0;'; false → the real "D;1" follows the fake in the same stream.
    const merged = new MarkParser(N).push(`\x1b]633;D;0;${osc(`D;1;${N}`)}`)
    expect(marks(merged)).toEqual(['D:1'])
    expect(text(merged)).toBe('\x18')
    // printf '\033]633;'; false
    const swallowed = feed(new MarkParser(N), ['out\x1b]633;', osc(`D;1;${N}`)])
    expect(marks(swallowed)).toEqual(['D:1'])
    expect(text(swallowed)).toBe('out\x18')
  })

  it('abandons a pending mark at CAN, SUB and any other C0 or C1 control, keeping what follows', () => {
    for (const control of ['\x18', '\x1a', '\x00', '\n', '\x85', '\x90']) {
      const segs = new MarkParser(N).push(`\x1b]633;D;0${control}after${osc(`A;${N}`)}`)
      expect(marks(segs), JSON.stringify(control)).toEqual(['A:'])
      expect(text(segs)).toBe(`\x18${control}after`)
    }
  })

  it('removes every OSC 633 however it is written: leading zeros, the 8-bit introducer and terminator', () => {
    const forged = [
      `\x1b]0633;C;fake\x07`,
      `\x1b]000633;D;fake;0\x1b\\`,
      `\u009d633;C;fake\u009c`,
      `\u009d0633;D;fake;1\x07`,
      `\x1b]633\x07`,
    ]
    const segs = new MarkParser(N).push(`a${forged.join('b')}c`)
    expect(text(segs)).toBe(`a\x18${'b\x18'.repeat(forged.length - 1)}c`)
    expect(marks(segs)).toEqual([])
    // ...and counts a real one written that way too.
    expect(marks(new MarkParser(N).push(`\u009d0633;D;4;${N}\u009c`))).toEqual(['D:4'])
  })

  it('property: reads exactly as a character-by-character scan does (the native search changes speed, not meaning)', () => {
    // The scan the parser did before it searched with indexOf: every character looked at in turn.
    const reference = (text: string, from: number): { at: number; length: number } | 'partial' | undefined => {
      for (let p = from; p < text.length; p++) {
        const c = text.charCodeAt(p)
        if (c === 0x9d) return { at: p, length: 1 }
        if (c !== 0x1b) continue
        if (p + 1 >= text.length) return 'partial'
        if (text.charCodeAt(p + 1) === 0x5d) return { at: p, length: 2 }
      }
      return undefined
    }
    /** The parser as it was, with the reference scan: what it let through and lifted, chunk by chunk. */
    const referencePush = (held: { text: string }, chunk: string): Segment[] => {
      const text = held.text + chunk
      held.text = ''
      const out: Segment[] = []
      let plain = ''
      let i = 0
      while (i < text.length) {
        const intro = reference(text, i)
        if (intro === undefined) {
          plain += text.slice(i)
          break
        }
        if (intro === 'partial') {
          plain += text.slice(i, text.length - 1)
          held.text = text.slice(text.length - 1)
          break
        }
        plain += text.slice(i, intro.at)
        const digitsFrom = intro.at + intro.length
        let k = digitsFrom
        while (k < text.length && k - digitsFrom < 32 && /[0-9]/.test(text[k] ?? '')) k++
        if (k === text.length && k - digitsFrom < 32) {
          held.text = text.slice(intro.at)
          break
        }
        if (k === digitsFrom || Number(text.slice(digitsFrom, k)) !== 633) {
          plain += text.slice(intro.at, digitsFrom)
          i = digitsFrom
          continue
        }
        // The body's end, as marks.ts reads it (unchanged): BEL, ESC \\ or ST; other controls abandon it.
        let end = -1
        let next = -1
        let abortAt = -1
        let partial = false
        for (let p = k; p < Math.min(text.length, k + 65_537); p++) {
          const c = text.charCodeAt(p)
          if (c === 0x07 || c === 0x9c) {
            end = p
            next = p + 1
            break
          }
          if (c === 0x1b) {
            if (p + 1 >= text.length) partial = true
            else if (text.charCodeAt(p + 1) === 0x5c) {
              end = p
              next = p + 2
            } else abortAt = p
            break
          }
          if (c < 0x20 || (c >= 0x80 && c <= 0x9f)) {
            abortAt = p
            break
          }
        }
        if (end === -1 && abortAt === -1 && !partial && text.length - k <= 65_536) partial = true
        if (partial) {
          held.text = text.slice(intro.at)
          break
        }
        // What is not the shell's own mark leaves a CAN where it was.
        if (end === -1 && abortAt === -1) {
          plain += '\x18'
          i = k
          continue
        }
        if (abortAt !== -1) {
          plain += '\x18'
          i = abortAt
          continue
        }
        const body = text.slice(k, end)
        const args = body.startsWith(';') ? body.slice(1).split(';') : []
        if (args.length >= 2 && args[args.length - 1] === N && /^[ABCDEP]$/.test(args[0] ?? '')) {
          if (plain) out.push({ data: plain })
          plain = ''
          out.push({ mark: { type: args[0] as 'A', args: [] } })
        } else plain += '\x18'
        i = next
      }
      if (plain) out.push({ data: plain })
      return out
    }
    // Pieces of marks, other escapes and OSCs, and the nonce, so that real marks are made too.
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(
        ...MARK_FRAGMENTS,
        '\x1b[31m',
        '\x1b]0;title\x07',
        '\x1b]8;;u\x1b\\',
        '\u009d',
        '633',
        'A;',
        `;${N}`,
      ),
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
          { maxLength: 6 },
        ),
        (chunks) => {
          const parser = new MarkParser(N)
          const held = { text: '' }
          const got = chunks.map((c) => parser.push(c))
          const want = chunks.map((c) => referencePush(held, c))
          expect(got.map((segs) => [text(segs), marks(segs).map((m) => m[0])])).toEqual(
            want.map((segs) => [text(segs), marks(segs).map((m) => m[0])]),
          )
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('lets other OSC sequences (title, hyperlinks) through untouched', () => {
    const other = '\x1b]0;my title\x07\x1b]8;;https://docs.docker.com\x1b\\link\x1b]8;;\x1b\\\x1b]6330;x\x07'
    expect(text(new MarkParser(N).push(other))).toBe(other)
  })

  it('property: any output, split anywhere, followed by the shell’s real mark yields exactly that mark', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      // Fragments of marks, never the nonce: a program cannot know it (the shell unset it before any user code ran).
      fc.constantFrom(...MARK_FRAGMENTS),
    )
    const nonce = '6f1c0a9e4b7d2e8f3a5c1b9d0e7f2a4c'
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 20 }),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, exit, cuts) => {
          const stream = `${parts.join('')}${osc(`D;${exit};${nonce}`)}`
          const found = marks(feed(new MarkParser(nonce), cutAt(stream, cuts)))
          // Output without the nonce can forge nothing, so the real mark is the only one, with its true code.
          expect(found).toEqual([`D:${exit}`])
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('unescapes arguments the way the scripts escape them', () => {
    expect(unescapeMarkArg('a\\\\b\\x3bc\\x0ad')).toBe('a\\b;c\nd')
  })
})

describe('CommandTracker', () => {
  it('pairs E, C and D into a command with cwd from P', () => {
    let id = 0
    let t = 100
    const tr = new CommandTracker(
      '/home/u',
      () => `c${++id}`,
      () => t++,
    )
    expect(tr.active).toBe(false)
    tr.onMark({ type: 'P', args: ['Cwd=/srv'] })
    tr.onMark({ type: 'E', args: ['make test'] })
    expect(tr.onMark({ type: 'C', args: [] })).toEqual({
      kind: 'started',
      command: { commandId: 'c1', commandLine: 'make test', cwd: '/srv', startedAt: 100 },
    })
    expect(tr.running?.commandId).toBe('c1')
    expect(tr.onMark({ type: 'D', args: ['2'] })).toMatchObject({
      kind: 'finished',
      command: { exitCode: 2, finishedAt: 101 },
    })
    expect(tr.onMark({ type: 'D', args: ['0'] })).toBeUndefined()
    expect(tr.active).toBe(true)
  })
})

describe('CommandTracker and lines that are no command', () => {
  it('an empty or blank line, or the integration’s own functions, make no record; the next command does', () => {
    let id = 0
    const tr = new CommandTracker('/', () => `c${++id}`)
    for (const line of ['', '   ', '__wb_prompt_start', ' __wb_prompt_end ', '__wb_']) {
      tr.onMark({ type: 'E', args: [line] })
      expect(tr.onMark({ type: 'C', args: [] })).toBeUndefined()
      expect(tr.running).toBeUndefined()
      expect(tr.onMark({ type: 'D', args: ['0'] })).toBeUndefined()
    }
    // A C with no E before it (the line was never reported) is no command either.
    expect(tr.onMark({ type: 'C', args: [] })).toBeUndefined()
    tr.onMark({ type: 'E', args: ['__wb_like_a_name_but_mine; ls'] })
    expect(tr.onMark({ type: 'C', args: [] })).toMatchObject({ kind: 'started', command: { commandId: 'c1' } })
  })
})

describe('FlowController', () => {
  function controller(): { fc: FlowController; calls: string[] } {
    const calls: string[] = []
    const fc = new FlowController(
      () => calls.push('pause'),
      () => calls.push('resume'),
    )
    return { fc, calls }
  }

  it('pauses above the high watermark and resumes below the low one', () => {
    const { fc, calls } = controller()
    fc.attach('a')
    fc.sent(FlowControl.HighWatermarkChars)
    expect(calls).toEqual([])
    fc.sent(1)
    expect(calls).toEqual(['pause'])
    fc.acknowledged('a', FlowControl.HighWatermarkChars - FlowControl.LowWatermarkChars)
    expect(calls).toEqual(['pause'])
    fc.acknowledged('a', 2)
    expect(calls).toEqual(['pause', 'resume'])
    expect(fc.unacknowledged).toBe(FlowControl.LowWatermarkChars - 1)
  })

  it('holds the producer for the slowest client; another’s or a stranger’s acknowledgement releases nothing', () => {
    const { fc, calls } = controller()
    fc.attach('fast')
    fc.attach('slow')
    fc.sent(FlowControl.HighWatermarkChars + 1)
    fc.acknowledged('fast', FlowControl.HighWatermarkChars + 1)
    fc.acknowledged('stranger', 1e9)
    expect(calls).toEqual(['pause'])
    expect(fc.unacknowledged).toBe(FlowControl.HighWatermarkChars + 1)
    fc.acknowledged('slow', FlowControl.HighWatermarkChars)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('counts a page owing less than one acknowledgement step as caught up: its next output goes at once', () => {
    const { fc } = controller()
    fc.attach('page')
    expect(fc.caughtUp).toBe(true)
    // A command's few lines: parsed, but below a step, so the page has not acknowledged them (nor will until more).
    fc.sent(1_000)
    expect(fc.caughtUp).toBe(true)
    fc.sent(FlowControl.CharCountAckSize)
    expect(fc.caughtUp).toBe(false)
    fc.acknowledged('page', FlowControl.CharCountAckSize)
    expect(fc.caughtUp).toBe(true)
    expect(fc.unacknowledged).toBe(1_000)
  })

  it('starts a client again at zero when it attaches, and forgets one that detaches', () => {
    const { fc, calls } = controller()
    fc.attach('page')
    fc.sent(FlowControl.HighWatermarkChars + 1)
    // The page reloads: the new page has read nothing of the old backlog, and is not held to it.
    fc.attach('page')
    expect(calls).toEqual(['pause', 'resume'])
    fc.sent(FlowControl.HighWatermarkChars + 1)
    fc.detach('page')
    expect(calls).toEqual(['pause', 'resume', 'pause', 'resume'])
    // With nobody attached, output goes nowhere and holds nothing back.
    fc.sent(10 * FlowControl.HighWatermarkChars)
    expect(calls).toHaveLength(4)
    expect(fc.unacknowledged).toBe(0)
  })
})

describe('terminalEnv', () => {
  it('sets TERM, a UTF-8 locale and the engine, and drops Electron’s own variables', () => {
    const env = terminalEnv(
      { PATH: '/bin', LANG: 'C', ELECTRON_RUN_AS_NODE: '1', DOCKER_HOST: 'tcp://other:2375' },
      { DOCKER_HOST: 'unix:///x.sock' },
    )
    expect(env).toMatchObject({ PATH: '/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8', DOCKER_HOST: 'unix:///x.sock' })
    expect(env.ELECTRON_RUN_AS_NODE).toBeUndefined()
    expect(terminalEnv({ LANG: 'zh_CN.UTF-8' }, {}).LANG).toBe('zh_CN.UTF-8')
    expect(terminalEnv({ LC_ALL: 'POSIX' }, {}).LC_ALL).toBe('C.UTF-8')
  })
})

describe('OutputBatcher', () => {
  it('never sends more than maxChars at once, and holds output while the consumer is over its watermark', () => {
    const sent: string[] = []
    let held = false
    const b = new OutputBatcher((d) => sent.push(d), { maxChars: 10, intervalMs: 1000, held: () => held })
    b.push('a'.repeat(25))
    expect(sent.map((s) => s.length)).toEqual([10, 10])
    b.flush()
    expect(sent.map((s) => s.length)).toEqual([10, 10, 5])
    held = true
    b.push('b'.repeat(10))
    b.flush()
    expect(sent).toHaveLength(3)
    held = false
    b.flush()
    expect(sent.join('')).toBe('a'.repeat(25) + 'b'.repeat(10))
    expect(Math.max(...sent.map((s) => s.length))).toBeLessThanOrEqual(10)
  })
})

describe('the marks main forwards to the renderer: one format, written and read by the same module', () => {
  it('reads back exactly what main wrote, through the same stripping parser a hostile copy cannot pass', () => {
    const mark: fc.Arbitrary<ForwardedMark> = fc.oneof(
      fc.constant({ type: 'A' as const }),
      fc.record({ type: fc.constant('C' as const), commandId: fc.stringMatching(/^[\w-]{1,40}$/) }),
      fc.record({
        type: fc.constant('D' as const),
        commandId: fc.stringMatching(/^[\w-]{1,40}$/),
        exitCode: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 255 })),
      }),
    )
    fc.assert(
      fc.property(mark, (m) => {
        const written = forwardMark(m)
        // What xterm hands the OSC 633 handler: the body between `633;` and BEL.
        const body = written.slice('\x1b]633;'.length, -1)
        expect(readForwardedMark(body)).toEqual(m)
      }),
      { numRuns: 500 },
    )
    expect(readForwardedMark('C')).toBeUndefined()
    expect(readForwardedMark('D;id;not-a-number')).toEqual({ type: 'D', commandId: 'id', exitCode: null })
    expect(readForwardedMark('Z;x')).toBeUndefined()
  })
})
