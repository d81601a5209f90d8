import { mkdtempSync } from 'node:fs'
import { waitFor } from './wait'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node-pty'
import type { TerminalInfo } from '@shared/contract'
import { TerminalService } from '../../src/main/services/terminal/terminal-service'
import type {
  FinishedTerminalCommand,
  SpawnPty,
  TerminalCommand,
} from '../../src/main/services/terminal/terminal-session'

/** A TerminalService on real node-pty, with a consumer that records everything and acknowledges output like xterm would. */
export class TerminalHarness {
  readonly service: TerminalService
  readonly home = mkdtempSync(join(tmpdir(), 'wb-term-home-'))
  output = new Map<string, string>()
  started: TerminalCommand[] = []
  finished: FinishedTerminalCommand[] = []
  updates: TerminalInfo[] = []
  autoAck = true
  /** Off, output is acknowledged but not kept (a benchmark measuring the service's own memory). */
  keepOutput = true
  /** The client id this harness attaches and acknowledges as, like one renderer window. */
  readonly clientId = 'harness'
  private readonly attached = new Set<string>()
  private readonly dataListeners: Array<(terminalId: string, data: string, offset: number) => void> = []
  private readonly finishListeners = new Set<(command: FinishedTerminalCommand) => void>()

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.service = new TerminalService({
      spawn: spawn as SpawnPty,
      out: {
        data: (terminalId, data, offset) => {
          if (this.keepOutput) this.output.set(terminalId, (this.output.get(terminalId) ?? '') + data)
          for (const listener of this.dataListeners) listener(terminalId, data, offset)
          // After the call that produced it, as a renderer's acknowledgement would come.
          if (this.autoAck)
            queueMicrotask(() => {
              // A terminal killed meanwhile has nothing left to acknowledge.
              if (!this.service.list().some((t) => t.terminalId === terminalId)) return
              this.attach(terminalId)
              this.service.acknowledge(terminalId, this.clientId, data.length)
            })
        },
        updated: (info) => this.updates.push(info),
        commandStarted: (command) => this.started.push(command),
        commandFinished: (command) => {
          this.finished.push(command)
          for (const listener of this.finishListeners) listener(command)
        },
      },
      env: { PATH: process.env.PATH, HOME: this.home, SHELL: '/bin/bash', ...env },
      platform: process.platform,
      homeDir: this.home,
      dockerEnv: () => ({ DOCKER_HOST: 'unix:///tmp/whalebook-test.sock' }),
      engineUrl: () => 'unix:///tmp/whalebook-test.sock',
    })
  }

  /** Also hands each piece of output, as it is sent, to `listener` (a consumer of the test's own). */
  onData(listener: (terminalId: string, data: string, offset: number) => void): () => void {
    this.dataListeners.push(listener)
    return () => {
      const at = this.dataListeners.indexOf(listener)
      if (at >= 0) this.dataListeners.splice(at, 1)
    }
  }

  /** Shows the terminal as this harness's client (once): its acknowledgements count from then on. */
  attach(terminalId: string): void {
    if (this.attached.has(terminalId)) return
    this.attached.add(terminalId)
    this.service.attach(terminalId, this.clientId)
  }

  until<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 10_000,
  ): Promise<T> {
    return waitFor(what, probe, timeoutMs)
  }

  /** A shell whose integration has reported in (its first prompt is up). */
  async ready(options: { shell?: string; cwd?: string } = {}): Promise<string> {
    const info = this.service.create({ cols: 80, rows: 24, ...options })
    this.attach(info.terminalId)
    await this.until('the first prompt', () => this.service.get(info.terminalId).info().integrationActive)
    return info.terminalId
  }

  finishedCount(terminalId: string): number {
    return this.finished.filter((f) => f.terminalId === terminalId).length
  }

  /**
   * Runs `command` and resolves with its record the moment the service reports it finished (a benchmark times this:
   * a poll would add its interval to every figure).
   */
  runAndWait(terminalId: string, command: string, timeoutMs = 10_000): Promise<FinishedTerminalCommand> {
    return new Promise((resolve, reject) => {
      const done = (outcome: () => void): void => {
        clearTimeout(timer)
        this.finishListeners.delete(listener)
        outcome()
      }
      const listener = (finished: FinishedTerminalCommand): void => {
        if (finished.terminalId === terminalId) done(() => resolve(finished))
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out waiting for "${command}" to finish`))),
        timeoutMs,
      )
      this.finishListeners.add(listener)
      try {
        this.service.run(terminalId, command, {})
      } catch (error) {
        done(() => reject(error as Error))
      }
    })
  }

  dispose(): void {
    this.service.dispose()
  }
}
