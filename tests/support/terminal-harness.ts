import { mkdtempSync } from 'node:fs'
import { waitFor } from './wait'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node-pty'
import type { CommandRecord, FinishedCommandRecord, TerminalInfo } from '@shared/contract'
import { EventBus } from '../../src/main/rpc/event-bus'
import { TerminalService } from '../../src/main/services/terminal/terminal-service'
import type { SpawnPty } from '../../src/main/services/terminal/terminal-session'

/** A TerminalService on real node-pty, with a consumer that records everything and acknowledges output like xterm would. */
export class TerminalHarness {
  readonly bus = new EventBus()
  readonly service: TerminalService
  readonly home = mkdtempSync(join(tmpdir(), 'wb-term-home-'))
  output = new Map<string, string>()
  started: CommandRecord[] = []
  finished: FinishedCommandRecord[] = []
  updates: TerminalInfo[] = []
  autoAck = true
  /** The client id this harness attaches and acknowledges as, like one renderer window. */
  readonly clientId = 'harness'
  private readonly attached = new Set<string>()

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.service = new TerminalService({
      spawn: spawn as SpawnPty,
      bus: this.bus,
      env: { PATH: process.env.PATH, HOME: this.home, SHELL: '/bin/bash', ...env },
      platform: process.platform,
      homeDir: this.home,
      dockerEnv: () => ({ DOCKER_HOST: 'unix:///tmp/whalebook-test.sock' }),
      engineUrl: () => 'unix:///tmp/whalebook-test.sock',
    })
    this.bus.subscribe((event, payload) => {
      if (event === 'terminal.data') {
        const p = payload as { terminalId: string; data: string }
        this.output.set(p.terminalId, (this.output.get(p.terminalId) ?? '') + p.data)
        if (this.autoAck) {
          this.attach(p.terminalId)
          this.service.acknowledge(p.terminalId, this.clientId, p.data.length)
        }
      } else if (event === 'terminal.commandStarted') this.started.push(payload as CommandRecord)
      else if (event === 'terminal.commandFinished') this.finished.push(payload as FinishedCommandRecord)
      else if (event === 'terminal.updated') this.updates.push(payload as TerminalInfo)
    })
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

  async runAndWait(terminalId: string, command: string, timeoutMs = 10_000): Promise<FinishedCommandRecord> {
    const before = this.finishedCount(terminalId)
    this.service.run(terminalId, command, {})
    return this.until(
      `"${command}" to finish`,
      () => this.finished.filter((f) => f.terminalId === terminalId)[before],
      timeoutMs,
    )
  }

  dispose(): void {
    this.service.dispose()
  }
}
