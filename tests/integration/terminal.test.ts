import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TerminalAttachment } from '@shared/contract'
import { FlowControl } from '../../src/main/services/terminal/flow-control'
import { plainText } from '../../src/main/services/terminal/plain-text'
import { TerminalHarness } from '../support/terminal-harness'

const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0

describe('terminal with real bash through node-pty', () => {
  const h = new TerminalHarness()
  afterAll(() => h.dispose())

  it('reports success and failure with the exact command line, cwd and times', async () => {
    const id = await h.ready()
    const ok = await h.runAndWait(id, 'true')
    expect(ok).toMatchObject({ terminalId: id, commandLine: 'true', exitCode: 0, cwd: h.home })
    expect(ok.finishedAt).toBeGreaterThanOrEqual(ok.startedAt)
    const bad = await h.runAndWait(id, 'ls /definitely/not/here')
    expect(bad).toMatchObject({ commandLine: 'ls /definitely/not/here', exitCode: 2 })
    expect(h.started.find((s) => s.commandId === bad.commandId)).toMatchObject({
      commandLine: 'ls /definitely/not/here',
    })
  })

  it('reports a subshell’s exit code and follows cd', async () => {
    const id = await h.ready()
    expect(await h.runAndWait(id, '(exit 3)')).toMatchObject({ commandLine: '(exit 3)', exitCode: 3 })
    await h.runAndWait(id, 'cd /tmp')
    expect(await h.runAndWait(id, 'pwd')).toMatchObject({ cwd: '/tmp', exitCode: 0 })
    expect(h.service.get(id).info().cwd).toBe('/tmp')
  })

  it('treats a multi-line command with continuations as one command', async () => {
    const id = await h.ready()
    const record = await h.runAndWait(id, 'echo one \\\n  two \\\n  three')
    expect(record.exitCode).toBe(0)
    expect(record.commandLine.replace(/\s+/g, ' ')).toBe('echo one two three')
    expect(h.output.get(id)).toContain('one two three')
  })

  it('sees a command typed by hand, key by key', async () => {
    const id = await h.ready()
    const before = h.finishedCount(id)
    for (const ch of 'echo typed-by-hand\r') h.service.write(id, ch)
    const rec = await h.until('typed command', () => h.finished.filter((f) => f.terminalId === id)[before])
    expect(rec).toMatchObject({ commandLine: 'echo typed-by-hand', exitCode: 0 })
  })

  it('reports Ctrl-C as exit 130', async () => {
    const id = await h.ready()
    const before = h.finishedCount(id)
    // A duration of its own, so that this very sleep can be seen running (a Ctrl-C that reaches the shell before the
    // command has started is the shell's, not the command's).
    const command = `sleep 30.${process.pid}${Date.now() % 1000}`
    h.service.run(id, command, {})
    await h.until('sleep to start', () => h.service.get(id).busy)
    expect(() => h.service.run(id, 'echo not-now', {})).toThrow(expect.objectContaining({ code: 'TERMINAL_BUSY' }))
    await h.until('sleep to run', () => spawnSync('pgrep', ['-fx', command]).status === 0)
    h.service.write(id, '\x03')
    const rec = await h.until('sleep to be interrupted', () => h.finished.filter((f) => f.terminalId === id)[before])
    expect(rec).toMatchObject({ commandLine: command, exitCode: 130 })
  })

  for (const shell of ['/bin/bash', '/bin/zsh']) {
    it(`gives a Run's id and step to the command it started, by token, not by its text (${shell})`, async () => {
      const id = await h.ready({ shell })
      const before = h.finishedCount(id)
      // What the shell runs is not the text sent (a continuation joined, spaces): the run is still known.
      const runId = h.service.run(id, 'echo   run-\\\n1', { runId: 'r-1', stepId: '2.3/1' })
      expect(runId).toBe('r-1')
      const rec = await h.until('run', () => h.finished.filter((f) => f.terminalId === id)[before])
      expect(rec).toMatchObject({ run: { runId: 'r-1', stepId: '2.3/1' }, exitCode: 0 })
      expect(h.started.find((s) => s.commandId === rec.commandId)?.run).toEqual({ runId: 'r-1', stepId: '2.3/1' })
      // The same text typed by hand afterwards is no run: the token went with the first.
      h.service.write(id, 'echo   run-\\\n1\r')
      const typed = await h.until('typed', () => h.finished.filter((f) => f.terminalId === id)[before + 1])
      expect(typed.run).toBeUndefined()
      expect(typed.exitCode).toBe(0)
      // Sent while a program runs, the text is that program's input and no run of its own.
      h.service.run(id, 'cat', { runId: 'r-2' })
      await h.until('cat to run', () => h.service.get(id).busy)
      const forced = h.service.run(id, 'forced-line', { runId: 'r-3', force: true })
      expect(forced).toBe('r-3')
      await h.until('cat to echo it', () => (h.output.get(id) ?? '').includes('forced-line'))
      h.service.write(id, '\x04')
      const cat = await h.until('cat', () => h.finished.filter((f) => f.terminalId === id)[before + 2])
      expect(cat.run?.runId).toBe('r-2')
      h.service.write(id, 'echo after\r')
      const after = await h.until('after', () => h.finished.filter((f) => f.terminalId === id)[before + 3])
      expect(after).toMatchObject({ commandLine: 'echo after', exitCode: 0 })
      expect(after.run).toBeUndefined()
    })
  }

  it('resizes the PTY', async () => {
    const id = await h.ready()
    h.service.resize(id, 100, 40)
    await h.runAndWait(id, 'stty size')
    expect(h.output.get(id)).toContain('40 100\r\n')
  })

  it('gives the shell a 256-colour TERM, UTF-8 and the engine’s DOCKER_HOST', async () => {
    const id = await h.ready()
    await h.runAndWait(id, 'echo "T=$TERM H=$DOCKER_HOST"; locale charmap')
    expect(h.output.get(id)).toContain('T=xterm-256color H=unix:///tmp/whalebook-test.sock')
    expect(h.output.get(id)).toContain('UTF-8')
  })

  it('keeps Chinese intact even when a character is split across reads', async () => {
    const id = await h.ready()
    // printf writes the bytes of 你好 with a pause inside the first character.
    await h.runAndWait(id, "printf '\\xe4\\xbd'; sleep 0.2; printf '\\xa0\\xe5\\xa5\\xbd\\n'")
    expect(h.output.get(id)).toContain('你好')
    expect(h.output.get(id)).not.toContain('\ufffd')
  })

  it('ignores forged marks and survives binary garbage', async () => {
    const id = await h.ready()
    const before = h.finishedCount(id)
    await h.runAndWait(id, "printf '\\033]633;D;0\\007\\033]633;C\\007\\033]633;E;rm -rf /;fake\\007'")
    await h.runAndWait(id, 'head -c 200000 /dev/urandom; echo')
    const after = await h.runAndWait(id, 'echo still-tracking')
    expect(after).toMatchObject({ commandLine: 'echo still-tracking', exitCode: 0 })
    const lines = h.finished
      .filter((f) => f.terminalId === id)
      .slice(before)
      .map((f) => f.commandLine)
    // Exactly the three real commands: the forged D/C/E marks produced none of their own.
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^printf /)
    expect(lines.slice(1)).toEqual(['head -c 200000 /dev/urandom; echo', 'echo still-tracking'])
    // A mark spliced around one the parser removes (\e]6 + \e]633;x\a + 33;C;…) reaches the page as no mark at all:
    // neither in what is sent live nor in what a reloading page is given.
    await h.runAndWait(id, "printf 'spliced:\\033]6\\033]633;x\\00733;C;fake\\007:end\\n'")
    const sent = h.output.get(id) ?? ''
    expect(sent).toContain('spliced:')
    expect(sent).not.toContain('\x1b]633;C;fake')
    expect(h.service.attach(id, 'reloaded-page').replay.data).not.toContain('\x1b]633;C;fake')
  })

  it('shows the exit code when the shell exits, refuses writes, and restarts', async () => {
    const id = await h.ready()
    h.service.write(id, 'exit 7\r')
    const exited = await h.until('exit', () => h.updates.find((u) => u.terminalId === id && u.state === 'exited'))
    expect(exited.exitCode).toBe(7)
    expect(() => h.service.write(id, 'echo hi\r')).toThrow(expect.objectContaining({ code: 'TERMINAL_EXITED' }))
    expect(() => h.service.run(id, 'echo hi', {})).toThrow(expect.objectContaining({ code: 'TERMINAL_EXITED' }))
    const restarted = h.service.restart(id)
    expect(restarted).toMatchObject({ terminalId: id, state: 'running' })
    await h.until('restarted prompt', () => h.service.get(id).info().integrationActive)
    expect(await h.runAndWait(id, 'echo back')).toMatchObject({ exitCode: 0 })
  })

  it('sources the user’s ~/.bashrc, untouched, and chains its PROMPT_COMMAND', async () => {
    const rc = join(h.home, '.bashrc')
    writeFileSync(
      rc,
      "export FROM_RC=yes\n__user_hook() { USER_HOOK_RAN=1; }\nPROMPT_COMMAND='__user_hook;'\nPS1='custom> '\n",
    )
    const id = await h.ready()
    const out = await h.runAndWait(id, 'echo "rc=$FROM_RC hook=$USER_HOOK_RAN"')
    expect(out.exitCode).toBe(0)
    expect(h.output.get(id)).toContain('rc=yes hook=1')
    expect(h.output.get(id)).toContain('custom> ')
    expect(h.output.get(id)).not.toContain('syntax error')
    expect(readFileSync(rc, 'utf8')).toContain("PROMPT_COMMAND='__user_hook;'")
    rmSync(rc)
  })

  it('gives typed errors for unknown ids and missing shells', () => {
    expect(() => h.service.write('t999', 'x')).toThrow(expect.objectContaining({ code: 'TERMINAL_NOT_FOUND' }))
    expect(() => h.service.create({ cols: 80, rows: 24, shell: '/no/such/shell' })).toThrow(
      expect.objectContaining({ code: 'SHELL_NOT_FOUND' }),
    )
    expect(() => h.service.create({ cols: 80, rows: 24, cwd: '/no/such/dir' })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    )
  })

  it('writes binary input byte for byte and refuses, before writing anything, text that is not bytes', async () => {
    const id = await h.ready()
    // Raw, so every byte reaches the reader as written; the markers are split so that the command's echo is not them.
    const pending = h.runAndWait(
      id,
      "stty raw -echo; echo want-''bytes; head -c 4 | od -An -tx1 | tr -d ' \\n'; echo ' :'read; stty sane",
    )
    await h.until('the reader', () => h.output.get(id)?.includes('want-bytes'))
    expect(() => h.service.write(id, '\u0100\x01', true)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    h.service.write(id, '\xa0\xe1\x7f\x00', true)
    await pending
    expect(h.output.get(id)).toContain('a0e17f00 :read')
  })

  it('names its terminals apart from another backend’s: a page that outlived a restart cannot take one for its own', async () => {
    const other = new TerminalHarness()
    try {
      const mine = await h.ready()
      const theirs = await other.ready()
      expect(mine).not.toBe(theirs)
      // Each knows its own, and not the other's.
      expect(() => h.service.write(mine, '')).not.toThrow()
      expect(() => h.service.write(theirs, 'x')).toThrow(expect.objectContaining({ code: 'TERMINAL_NOT_FOUND' }))
    } finally {
      other.dispose()
    }
  })

  it('works without integration for other shells (no command events)', async () => {
    const info = h.service.create({ cols: 80, rows: 24, shell: '/bin/sh' })
    expect(info.integration).toBe('none')
    h.service.write(info.terminalId, 'echo plain-$((6*7))\r')
    await h.until('plain output', () => h.output.get(info.terminalId)?.includes('plain-42'))
    expect(h.started.filter((s) => s.terminalId === info.terminalId)).toHaveLength(0)
    h.service.kill(info.terminalId)
  })

  it('keeps a 50 MB flood within the watermark with a consumer that reads only when told, and Ctrl-C still works', async () => {
    const slow = new TerminalHarness()
    slow.autoAck = false
    try {
      const id = await slow.ready()
      const session = slow.service.get(id)
      let received = 0
      let acked = 0
      let maxInFlight = 0
      let cycles = 0
      // The consumer acknowledges only when the test says so: when the producer has paused. Nothing here depends on
      // how fast this machine is; every pause is forced by a consumer that stopped reading.
      slow.onData((terminalId, data) => {
        if (terminalId !== id) return
        received += data.length
        maxInFlight = Math.max(maxInFlight, received - acked)
        if (!session.flow.isPaused) return
        cycles++
        setImmediate(() => {
          const n = received - acked
          acked += n
          if (slow.service.list().some((t) => t.terminalId === id)) slow.service.acknowledge(id, slow.clientId, n)
        })
      })
      const before = slow.finishedCount(id)
      slow.service.run(id, "head -c 50000000 /dev/zero | tr '\\0' x; echo; echo flood-done", {})
      await slow.until('flood', () => slow.finished.filter((f) => f.terminalId === id)[before], 120_000)
      expect(received).toBeGreaterThan(50_000_000)
      // 50 MB through a 400 000-character window: the producer had to stop and wait for the consumer, many times.
      expect(session.flow.pauses).toBeGreaterThanOrEqual(50_000_000 / FlowControl.HighWatermarkChars / 2)
      expect(cycles).toBeGreaterThan(0)
      // Never more than the high watermark plus the one batch that crossed it.
      expect(maxInFlight).toBeLessThanOrEqual(FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars)
      expect(session.flow.maxUnacked).toBeLessThanOrEqual(FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars)

      const n = slow.finishedCount(id)
      const pausesBefore = session.flow.pauses
      slow.service.run(id, 'yes', {})
      await slow.until('yes to run', () => session.busy)
      await slow.until('yes to fill the window', () => session.flow.pauses > pausesBefore || undefined)
      slow.service.write(id, '\x03')
      const rec = await slow.until('yes to stop', () => slow.finished.filter((f) => f.terminalId === id)[n], 15_000)
      expect(rec.exitCode).toBe(130)
    } finally {
      slow.dispose()
    }
  }, 150_000)

  it('counts each client on its own: one client’s acknowledgement does not release another’s backlog', async () => {
    const h2 = new TerminalHarness()
    h2.autoAck = false
    try {
      const id = await h2.ready()
      const session = h2.service.get(id)
      h2.service.attach(id, 'fast')
      h2.service.attach(id, 'stuck')
      let received = 0
      h2.onData((_terminalId, data) => {
        const n = data.length
        received += n
        // "fast" (and the harness's own client) read everything at once; "stuck" reads nothing.
        h2.service.acknowledge(id, 'fast', n)
        h2.service.acknowledge(id, h2.clientId, n)
      })
      h2.service.run(id, 'yes', {})
      await h2.until('the stuck client to hold the PTY', () => session.flow.isPaused || undefined)
      // Acknowledging more than was sent, as the fast client or as one that never attached, releases nothing: the
      // stuck client's backlog still holds the PTY.
      h2.service.acknowledge(id, 'fast', 10_000_000)
      h2.service.acknowledge(id, 'nobody', 10_000_000)
      expect(session.flow.isPaused).toBe(true)
      expect(session.flow.unacknowledged).toBeGreaterThan(FlowControl.HighWatermarkChars)
      // The stuck client's own acknowledgement does release it: output flows again (the positive witness).
      const atRelease = received
      h2.service.acknowledge(id, 'stuck', session.flow.unacknowledged)
      expect(session.flow.isPaused).toBe(false)
      await h2.until('output to flow again', () => received > atRelease + 100_000 || undefined, 30_000)
      // Then it goes away (its socket closed), reading nothing more: it holds nothing back any more.
      h2.service.detachClient('stuck')
      await h2.until('output to keep flowing', () => received > atRelease + 2_000_000 || undefined, 30_000)
      // A client attaching again starts at zero: a reloaded page never inherits its predecessor's backlog.
      h2.service.attach(id, 'stuck')
      expect(session.flow.unacknowledged).toBeLessThanOrEqual(
        FlowControl.HighWatermarkChars + FlowControl.BatchMaxChars,
      )
      h2.service.write(id, '\x03')
      h2.service.detachClient('stuck')
    } finally {
      h2.dispose()
    }
  }, 60_000)
})

/** The numbers a `seq` printed, as a page would show them (the lines that are only digits). */
const numbersIn = (text: string): number[] =>
  plainText(text)
    .split('\n')
    .filter((l) => /^\d+$/.test(l))
    .map(Number)
const consecutive = (ns: number[]): boolean => ns.every((n, i) => i === 0 || n === (ns[i - 1] ?? 0) + 1)
/** A bash prompt at the end of what a terminal shows (this test home has no .bashrc: `bash-5.2# ` or `$ `). */
const endsAtPrompt = (text: string): boolean => /[$#] $/.test(plainText(text))

describe('a terminal outlives its page: main keeps its recent output for a page that attaches again', () => {
  const h = new TerminalHarness()
  afterAll(() => h.dispose())

  it('keeps only its newest output, within its bound, from a line start to the prompt, with the command’s mark', async () => {
    const id = await h.ready()
    const seq = await h.runAndWait(id, 'seq 1 100000', 30_000)
    const rec = await h.runAndWait(id, 'echo last-one')
    await h.until('the prompt after it', () => endsAtPrompt(h.output.get(id) ?? ''))
    const stream = h.output.get(id) ?? ''
    // More than the buffer holds went by.
    expect(stream.length).toBeGreaterThan(2 * FlowControl.ReplayMaxChars)
    const { info, replay } = TerminalAttachment.parse(h.service.attach(id, 'reloaded-page'))
    expect(info.terminalId).toBe(id)
    expect(replay.data.length).toBeLessThanOrEqual(FlowControl.ReplayMaxChars)
    expect(replay.data.length).toBeGreaterThan(FlowControl.ReplayMaxChars - 4096)
    // Exactly the stream's tail, up to what was sent last.
    expect(replay.end).toBe(stream.length)
    expect(replay.data).toBe(stream.slice(replay.start))
    expect(stream[replay.start - 1]).toBe('\n')
    const numbers = numbersIn(replay.data)
    expect(numbers.at(-1)).toBe(100000)
    expect(numbers.length).toBeGreaterThan(20_000)
    expect(consecutive(numbers)).toBe(true)
    expect(plainText(replay.data)).toContain('\nlast-one\n')
    expect(endsAtPrompt(replay.data)).toBe(true)
    // Gutter marks travel in the stream, and the ids of those it holds come with it: the last command's, not the
    // flood's, whose start went out of the buffer long ago (its end is still there).
    expect(replay.commandIds).toEqual([rec.commandId])
    expect(replay.data).toContain(`\x1b]633;D;${seq.commandId};0\x07`)
    expect(replay.data).toContain(`\x1b]633;D;${rec.commandId};0\x07`)
    // The page counts its replay as unacknowledged until it has parsed it.
    expect(h.service.get(id).flow.unacknowledged).toBeGreaterThanOrEqual(replay.data.length)
    h.service.acknowledge(id, 'reloaded-page', replay.data.length)
    h.service.detachClient('reloaded-page')
  }, 60_000)

  it('a page that attaches during a flood gets its screen, then every later character once and in order', async () => {
    const id = await h.ready()
    const page = { text: '', at: -1, gaps: 0 }
    const arrived: Array<{ offset: number; data: string }> = []
    const join = (offset: number, data: string): void => {
      if (offset + data.length <= page.at) return
      if (offset > page.at) page.gaps++
      page.text += data.slice(Math.max(0, page.at - offset))
      page.at = offset + data.length
      // It acknowledges what it parses, as xterm's write callback does.
      h.service.acknowledge(id, 'page', data.length)
    }
    h.onData((terminalId, data, offset) => {
      if (terminalId !== id) return
      if (page.at < 0) arrived.push({ offset, data })
      else join(offset, data)
    })
    const before = h.finishedCount(id)
    h.service.run(id, 'seq 1 300000', {})
    await h.until('the flood to be under way', () => numbersIn(h.output.get(id) ?? '').at(-1)! > 20_000)
    const { replay } = h.service.attach(id, 'page')
    page.text = replay.data
    page.at = replay.end
    h.service.acknowledge(id, 'page', replay.data.length)
    // What arrived before the attachment is in the replay already.
    for (const p of arrived) join(p.offset, p.data)
    await h.until('the flood to end', () => h.finished.filter((f) => f.terminalId === id)[before], 60_000)
    await h.until('the prompt', () => endsAtPrompt(page.text))
    expect(page.gaps).toBe(0)
    expect(page.text).toBe((h.output.get(id) ?? '').slice(replay.start))
    const numbers = numbersIn(page.text)
    expect(numbers.at(-1)).toBe(300000)
    expect(consecutive(numbers)).toBe(true)
    h.service.detachClient('page')
  }, 90_000)

  it('a page that never parses its replay holds the flood back by the replay’s length', async () => {
    const id = await h.ready()
    const session = h.service.get(id)
    await h.runAndWait(id, 'seq 1 60000', 30_000)
    h.service.run(id, 'yes flood', {})
    await h.until('the flood', () => session.busy && (h.output.get(id) ?? '').endsWith('flood\r\n'))
    const { replay } = h.service.attach(id, 'stuck-page')
    expect(replay.data.length).toBeGreaterThan(FlowControl.ReplayMaxChars / 2)
    let sentSince = 0
    const off = h.onData((terminalId, data) => {
      if (terminalId === id) sentSince += data.length
    })
    try {
      await h.until('the stuck page to hold the PTY', () => session.flow.isPaused, 20_000)
      // It paused once the replay plus what followed passed the watermark: the replay counted.
      expect(sentSince).toBeLessThanOrEqual(
        FlowControl.HighWatermarkChars - replay.data.length + 2 * FlowControl.BatchMaxChars,
      )
      // The page goes away: the shell runs again and answers.
      h.service.detachClient('stuck-page')
      h.service.write(id, '\x03')
      await h.until('yes to stop', () => !session.busy)
      expect(await h.runAndWait(id, 'echo after-the-flood')).toMatchObject({ exitCode: 0 })
    } finally {
      off()
    }
  }, 60_000)

  it('a restarted shell goes on in the same stream: a reloaded page sees the old output and the new prompt', async () => {
    const id = await h.ready()
    await h.runAndWait(id, 'echo before-restart')
    h.service.write(id, 'exit 3\r')
    await h.until('exit', () => h.service.get(id).isExited)
    h.service.restart(id)
    await h.until('restarted prompt', () => h.service.get(id).info().integrationActive)
    await h.runAndWait(id, 'echo after-restart')
    await h.until('the prompt', () => endsAtPrompt(h.output.get(id) ?? ''))
    const { replay } = h.service.attach(id, 'later-page')
    expect(replay.data).toBe(h.output.get(id))
    expect(plainText(replay.data)).toMatch(/before-restart[\s\S]*exit 3[\s\S]*after-restart/)
    h.service.detachClient('later-page')
  })
})

describe.skipIf(!hasZsh)('terminal with real zsh', () => {
  const h = new TerminalHarness()
  afterAll(() => h.dispose())

  it('reports commands, exit codes and cwd through a temporary ZDOTDIR', async () => {
    const id = await h.ready({ shell: 'zsh' })
    expect(h.service.get(id).info().integration).toBe('zsh')
    expect(await h.runAndWait(id, 'false')).toMatchObject({ commandLine: 'false', exitCode: 1 })
    await h.runAndWait(id, 'cd /tmp')
    expect(await h.runAndWait(id, 'echo 你好')).toMatchObject({ commandLine: 'echo 你好', exitCode: 0, cwd: '/tmp' })
  })
})

describe.each(hasZsh ? ['bash', 'zsh'] : ['bash'])('marks cannot be forged or swallowed in real %s', (shell) => {
  const h = new TerminalHarness()
  afterAll(() => h.dispose())
  const ready = (): Promise<string> => h.ready({ shell })

  it('Enter on an empty prompt, blanks and Ctrl-C at the prompt make no command; the integration never records itself', async () => {
    const id = await ready()
    const startedBefore = h.started.filter((c) => c.terminalId === id).length
    const finishedBefore = h.finishedCount(id)
    for (const keys of ['\r', '\r', '   \r', '\x03', '\r']) {
      const prompts = h.updates.filter((u) => u.terminalId === id).length
      h.service.write(id, keys)
      // Each one brings a new prompt (its cwd report is an update).
      await h.until('the next prompt', () => h.updates.filter((u) => u.terminalId === id).length > prompts)
    }
    // The positive witness: a real command right after is recorded, and is the only one.
    expect(await h.runAndWait(id, 'echo after-empty-lines')).toMatchObject({ exitCode: 0 })
    const started = h.started.filter((c) => c.terminalId === id).slice(startedBefore)
    const finished = h.finished.filter((c) => c.terminalId === id).slice(finishedBefore)
    expect(started.map((c) => c.commandLine)).toEqual(['echo after-empty-lines'])
    expect(finished.map((c) => c.commandLine)).toEqual(['echo after-empty-lines'])
  })

  it('an unterminated fake D mark does not turn a failure into success', async () => {
    const id = await ready()
    expect(await h.runAndWait(id, "printf '\\033]633;D;0;'; false")).toMatchObject({ exitCode: 1 })
    expect(await h.runAndWait(id, "printf '\\033]633;D;0;\\033]633;'; (exit 5)")).toMatchObject({ exitCode: 5 })
  })

  it('a bare OSC 633 introducer does not swallow the end of the command', async () => {
    const id = await ready()
    const rec = await h.runAndWait(id, "printf '\\033]633;'; false")
    expect(rec.exitCode).toBe(1)
    expect(h.service.get(id).busy).toBe(false)
    expect(await h.runAndWait(id, 'echo next')).toMatchObject({ commandLine: 'echo next', exitCode: 0 })
  })

  it('0633 and 8-bit introducers never reach the renderer, and make no commands', async () => {
    const id = await ready()
    const before = h.finishedCount(id)
    const from = h.output.get(id)?.length ?? 0
    // ESC]0633;C;x BEL, then C1 OSC (U+009D, UTF-8 C2 9D) 633;D;x;0 C1 ST (U+009C, C2 9C).
    await h.runAndWait(id, "printf '\\033]0633;C;x\\007\\302\\235633;D;x;0\\302\\234visible\\n'")
    const shown = (h.output.get(id) ?? '').slice(from)
    expect(shown).toContain('visible')
    // Only main's own sanitized marks (C;<uuid> and D;<uuid>;<exit>) remain.
    // eslint-disable-next-line no-control-regex -- the control characters of OSC sequences are the point here
    const oscs = [...shown.matchAll(/(?:\x1b\]|\u009d)0*633;([^\x07\u009c]*)/g)].map((m) => m[1] ?? '')
    for (const body of oscs) expect(body).toMatch(/^(A|C;[0-9a-f-]{36}|D;[0-9a-f-]{36};\d*)$/)
    expect(h.finished.filter((f) => f.terminalId === id).slice(before)).toHaveLength(1)
  })

  it('the nonce is never in the environment the user’s start-up files or programs see', async () => {
    const file = join(h.home, 'seen-nonce')
    const probe = `printenv WHALEBOOK_NONCE >> ${file}\n`
    const rcs = shell === 'zsh' ? ['.zshenv', '.zprofile', '.zshrc'] : ['.bashrc']
    for (const rc of rcs) writeFileSync(join(h.home, rc), probe)
    try {
      const id = await ready()
      expect(await h.runAndWait(id, 'printenv WHALEBOOK_NONCE')).toMatchObject({ exitCode: 1 })
      expect(readFileSync(file, 'utf8')).toBe('')
    } finally {
      for (const rc of rcs) rmSync(join(h.home, rc), { force: true })
      rmSync(file, { force: true })
    }
  })

  it('property: any output followed by a real command yields exactly that command’s exit code', async () => {
    const id = await ready()
    const file = join(h.home, 'noise.bin')
    const fragment = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      fc
        .constantFrom(
          '\x1b',
          '\x1b]',
          '\x1b]633;',
          '\x1b]633;D;0;',
          '\x1b]0633;C;',
          '\u009d633;',
          '\x07',
          '\x1b\\',
          ';',
        )
        .map((t) => Buffer.from(t, 'utf8')),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { maxLength: 12 }), fc.integer({ min: 0, max: 255 }), async (parts, exit) => {
        writeFileSync(file, Buffer.concat(parts))
        const rec = await h.runAndWait(id, `cat noise.bin; (exit ${exit})`, 15_000)
        expect(rec.exitCode).toBe(exit)
        expect(rec.commandLine).toBe(`cat noise.bin; (exit ${exit})`)
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
