import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import type { IPty } from 'node-pty'
import type { TerminalAttachment, TerminalInfo } from '@shared/contract'
import { forwardMark } from '@shared/osc633'
import { BracketedPasteMode } from './bracketed-paste'
import { FlowController } from './flow-control'
import { OutputBatcher } from './output-batcher'
import { OutputTail } from './output-tail'
import { plainText } from './plain-text'
import { ReplayBuffer } from './replay-buffer'
import { CommandTracker, type FinishedCommand, type TrackedCommand } from './shell-integration/command-tracker'
import type { Integration } from './shell-integration/launch'
import { MarkParser, type Mark } from './shell-integration/marks'
import { Utf8Stream } from './utf8-stream'

/** What the app's Run sent with a command: the run's id, and the chapter step it runs for. */
export interface RunRequest {
  runId: string
  stepId?: string | undefined
}

/** A command the shell reported starting, in one terminal; `run` when it was the app's Run. */
export interface TerminalCommand extends TrackedCommand {
  terminalId: string
  run?: RunRequest | undefined
}

export interface FinishedTerminalCommand extends FinishedCommand {
  terminalId: string
  run?: RunRequest | undefined
  /** For a failed command and any step's run: the end of what it printed, as plain text (4 000 characters). */
  outputTail?: string
}

export type SpawnPty = (
  file: string,
  args: string[],
  options: { name: string; cols: number; rows: number; cwd: string; env: Record<string, string>; encoding: null },
) => IPty

export interface SessionOutput {
  /** `offset`: where `data` starts in the terminal's output stream. */
  data(data: string, offset: number): void
  updated(info: TerminalInfo): void
  commandStarted(command: TerminalCommand): void
  commandFinished(command: FinishedTerminalCommand): void
}

export interface SessionSpec {
  terminalId: string
  shell: string
  args: string[]
  env: Record<string, string>
  cwd: string
  cols: number
  rows: number
  integration: Integration
  nonce: string
  /** The engine the shell's docker CLI was pointed at. */
  engine: string
  /**
   * A private file the shell's integration reads when a command starts: the app's Run leaves a token there just before
   * it types the command, and the start mark carries it back (`C;<time>;<token>`), so a run is known by what it sent,
   * never by its text. Absent for a program without integration.
   */
  runFile?: string | undefined
  /** The output so far of the shell this one replaces (a restart in the same tab): its stream goes on. */
  replay?: ReplayBuffer | undefined
}

/**
 * One shell in one PTY: decodes its output as a UTF-8 stream, lifts the shell-integration marks
 * out of it, batches the rest for the renderer under flow control, and tracks the running command.
 */
export class TerminalSession {
  private readonly pty: IPty
  private readonly decoder = new Utf8Stream()
  private readonly marks: MarkParser
  private readonly tracker: CommandTracker
  private readonly batcher: OutputBatcher
  readonly flow: FlowController
  /** What was sent, for a page that reattaches. */
  readonly replay: ReplayBuffer
  private exitCode: number | null = null
  private exited = false
  private readonly bracketedPaste = new BracketedPasteMode()
  private cols: number
  private rows: number
  /** Runs sent and not yet started, by the token the shell will read (and when they were sent). */
  private readonly pendingRuns = new Map<string, { request: RunRequest; at: number }>()
  private currentRun: RunRequest | undefined
  /** What the running command has printed so far (its last 8 000 characters), to explain a failure. */
  private readonly commandOutput = new OutputTail(8000)
  /** Killed on purpose (kill, restart): its late exit must not be reported over a successor's state. */
  private disposed = false

  constructor(
    readonly spec: SessionSpec,
    spawn: SpawnPty,
    private readonly out: SessionOutput,
    newId: () => string,
  ) {
    this.cols = spec.cols
    this.rows = spec.rows
    this.replay = spec.replay ?? new ReplayBuffer()
    this.marks = new MarkParser(spec.nonce)
    this.tracker = new CommandTracker(spec.cwd, newId)
    this.pty = spawn(spec.shell, spec.args, {
      name: 'xterm-256color',
      cols: spec.cols,
      rows: spec.rows,
      cwd: spec.cwd,
      env: spec.env,
      encoding: null,
    })
    this.batcher = new OutputBatcher(
      (data) => {
        const offset = this.replay.append(data)
        this.flow.sent(data.length)
        this.out.data(data, offset)
      },
      {
        // The renderer has caught up: send at once rather than leave it idle for a batch window.
        consumerIdle: () => this.flow.caughtUp,
        held: () => this.flow.isPaused,
      },
    )
    this.flow = new FlowController(
      () => this.pty.pause(),
      () => {
        this.pty.resume()
        this.batcher.flush()
      },
    )
    this.pty.onData((chunk: string | Buffer) => this.onChunk(chunk))
    this.pty.onExit(({ exitCode }) => this.onExit(exitCode))
  }

  get id(): string {
    return this.spec.terminalId
  }

  get isExited(): boolean {
    return this.exited
  }

  info(): TerminalInfo {
    return {
      terminalId: this.spec.terminalId,
      shell: this.spec.shell,
      pid: this.pty.pid,
      cwd: this.tracker.cwd,
      integration: this.spec.integration,
      integrationActive: this.tracker.active,
      state: this.exited ? 'exited' : 'running',
      exitCode: this.exitCode,
      busy: this.tracker.running !== undefined,
      cols: this.cols,
      rows: this.rows,
      engine: this.spec.engine,
    }
  }

  get busy(): boolean {
    return this.tracker.running !== undefined
  }

  write(data: string | Buffer): void {
    this.pty.write(data)
  }

  /**
   * Types a command as a paste plus Enter; bracketed when the shell asked for it, so it is not run line by line
   * mid-edit. At a prompt, the run's token goes into the run file first: the shell's next start mark carries it. While a
   * program runs, the text is that program's input and no run of its own.
   */
  run(command: string, request: RunRequest): void {
    if (this.spec.runFile && !this.busy) {
      const token = randomBytes(16).toString('hex')
      this.expireRuns()
      this.pendingRuns.set(token, { request, at: Date.now() })
      try {
        writeFileSync(this.spec.runFile, `${token}\n`, { mode: 0o600 })
      } catch {
        // The run folder went away: the command still runs, as one typed by hand.
      }
    }
    const text = command.replace(/\r\n?/g, '\n')
    this.pty.write(this.bracketedPaste.on ? `\x1b[200~${text}\x1b[201~\r` : `${text}\r`)
  }

  resize(cols: number, rows: number): void {
    this.cols = cols
    this.rows = rows
    if (!this.exited) this.pty.resize(cols, rows)
    this.out.updated(this.info())
  }

  /**
   * A client (a window, a WebSocket) starts showing this terminal: it gets what it has not seen (after `since`, or the
   * whole replay buffer), and from now on its acknowledgements count, that replay included.
   */
  attach(clientId: string, since?: number): TerminalAttachment {
    const replay = this.replay.since(since)
    this.flow.attach(clientId, replay.data.length)
    return { info: this.info(), replay }
  }

  detach(clientId: string): void {
    this.flow.detach(clientId)
  }

  acknowledge(clientId: string, chars: number): void {
    this.flow.acknowledged(clientId, chars)
  }

  kill(): void {
    this.disposed = true
    this.batcher.dispose()
    if (!this.exited) {
      try {
        this.pty.kill()
      } catch {
        // already gone
      }
    }
  }

  private onChunk(chunk: string | Buffer): void {
    // Killed on purpose: what the dying shell still wrote belongs to no one.
    if (this.disposed) return
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk)
    for (const segment of this.marks.push(text)) {
      if ('data' in segment) {
        this.bracketedPaste.see(segment.data)
        if (this.tracker.running) this.commandOutput.push(segment.data)
        this.batcher.push(segment.data)
      } else {
        this.onMark(segment.mark)
      }
    }
  }

  private onMark(mark: Mark): void {
    const wasActive = this.tracker.active
    const event = this.tracker.onMark(mark)
    // Output before the mark must reach the renderer before the event that follows it. The event goes before the
    // sanitized mark: the renderer's gutter draws a command only once main has announced its id.
    if (event?.kind === 'started') {
      this.commandOutput.clear()
      this.currentRun = this.takeRun(mark.args[1])
      this.batcher.flush()
      this.out.commandStarted({ terminalId: this.id, ...event.command, run: this.currentRun })
      this.replay.announce(event.command.commandId)
      this.batcher.push(forwardMark({ type: 'C', commandId: event.command.commandId }))
      this.batcher.flush()
      this.out.updated(this.info())
    } else if (event?.kind === 'finished') {
      this.batcher.push(
        forwardMark({ type: 'D', commandId: event.command.commandId, exitCode: event.command.exitCode }),
      )
      this.batcher.flush()
      // A failed command's output explains its failure; a step's output is shown beside the typical one.
      const keep = event.command.exitCode !== 0 || this.currentRun?.stepId !== undefined
      const tail = keep ? plainText(this.commandOutput.text()).trim().slice(-4000) : ''
      this.commandOutput.clear()
      this.out.commandFinished({
        terminalId: this.id,
        ...event.command,
        run: this.currentRun,
        ...(tail ? { outputTail: tail } : {}),
      })
      this.currentRun = undefined
      this.out.updated(this.info())
    } else if (mark.type === 'A') {
      this.batcher.push(forwardMark({ type: 'A' }))
    } else if (mark.type === 'P' || !wasActive) {
      this.out.updated(this.info())
    }
  }

  /** The run whose token the start mark carried back, if it is one the app sent. */
  private takeRun(token: string | undefined): RunRequest | undefined {
    const pending = token ? this.pendingRuns.get(token) : undefined
    if (!pending || !token) return undefined
    this.pendingRuns.delete(token)
    return pending.request
  }

  /** A run no command took within a minute (its text went nowhere a shell reads) is forgotten, its token cleared. */
  private expireRuns(): void {
    const old = Date.now() - 60_000
    for (const [token, p] of this.pendingRuns) {
      if (p.at >= old) continue
      this.pendingRuns.delete(token)
      try {
        if (this.spec.runFile && readFileSync(this.spec.runFile, 'utf8').trim() === token)
          writeFileSync(this.spec.runFile, '')
      } catch {
        // gone already
      }
    }
  }

  private onExit(exitCode: number): void {
    this.exited = true
    this.exitCode = exitCode
    if (this.disposed) return
    const tail = this.decoder.end()
    if (tail) this.batcher.push(tail)
    this.batcher.dispose()
    this.out.updated(this.info())
  }
}
