import { Terminal as HeadlessTerminal } from '@xterm/headless'
import type { Terminal } from '@xterm/xterm'
import { describe, expect, it } from 'vitest'
import { watchUserInput } from '../../src/renderer/src/terminal/user-input'

/** xterm's headless build shares its core (and the event read here) with the one the page draws with. */
function terminal(): { term: HeadlessTerminal; sent: Array<{ data: string; typed: boolean }> } {
  const term = new HeadlessTerminal({ allowProposedApi: true })
  const input = watchUserInput(term as unknown as Terminal)
  const sent: Array<{ data: string; typed: boolean }> = []
  term.onData((data) => sent.push({ data, typed: input.take() }))
  return { term, sent }
}

const parsed = (term: HeadlessTerminal, data: string): Promise<void> => new Promise((r) => term.write(data, r))

describe('watchUserInput', () => {
  it("tells the user's input from xterm's answers to queries in the output, in any order", async () => {
    const { term, sent } = terminal()
    term.input('ls\r', true)
    // Device attributes, then a cursor position report: xterm answers both itself.
    await parsed(term, 'hello\x1b[c\x1b[6n')
    term.input('\x03', true)
    await parsed(term, '\x1b[c')
    expect(sent).toEqual([
      { data: 'ls\r', typed: true },
      { data: '\x1b[?1;2c', typed: false },
      { data: '\x1b[1;6R', typed: false },
      { data: '\x03', typed: true },
      { data: '\x1b[?1;2c', typed: false },
    ])
  })

  it('counts input the caller marks as not the user’s as an answer', () => {
    const { term, sent } = terminal()
    term.input('a', false)
    term.input('b', true)
    expect(sent).toEqual([
      { data: 'a', typed: false },
      { data: 'b', typed: true },
    ])
  })
})
