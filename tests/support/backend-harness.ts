import { OFFLINE_REGISTRY } from './dns-stub'
import { mkdtempSync } from 'node:fs'
import { waitFor } from './wait'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  events,
  methods,
  type CommandRun,
  type Effects,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  type Result,
} from '@shared/contract'
import { createBackend, type Backend } from '../../src/main/backend'

/** The real backend (every service, real engine, real PTYs) driven through its dispatcher, recording every event. */
export class BackendHarness {
  readonly backend: Backend
  readonly events: Array<{ event: EventName; payload: unknown; at: number }> = []
  /** Results and events that did not match the contract's schemas; dispose() fails the test if there are any. */
  readonly violations: string[] = []
  /** While set, terminal output is not acknowledged (a client that has stopped reading): the PTY pauses. */
  holdAcks = false
  private readonly unacked = new Map<string, number>()

  constructor(dockerHost: string, env: NodeJS.ProcessEnv = {}) {
    const home = mkdtempSync(join(tmpdir(), 'wb-home-'))
    this.backend = createBackend({
      version: 'test',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        SHELL: '/bin/bash',
        DOCKER_HOST: dockerHost,
        WHALEBOOK_DATA_DIR: join(home, 'data'),
        WHALEBOOK_LIVENESS_MS: '500',
        WHALEBOOK_REMOTE_REGISTRY: OFFLINE_REGISTRY,
        ...env,
      },
      homeDir: home,
      log: () => {},
    })
    this.backend.bus.subscribe((event, payload) => {
      // The contract checks itself: every event the backend emits must match its payload schema.
      const checked = events[event].safeParse(payload)
      if (!checked.success) this.violations.push(`${event}: ${checked.error.message}`)
      this.events.push({ event, payload, at: Date.now() })
      if (event === 'terminal.data') {
        const p = payload as { terminalId: string; data: string }
        this.unacked.set(p.terminalId, (this.unacked.get(p.terminalId) ?? 0) + p.data.length)
        if (!this.holdAcks) this.ack(p.terminalId)
      }
    })
    this.backend.start()
  }

  /** Acknowledges everything a terminal has sent so far, as xterm would once it has written it. */
  ack(terminalId: string): void {
    const chars = this.unacked.get(terminalId) ?? 0
    this.unacked.set(terminalId, 0)
    if (chars > 0)
      void this.backend.dispatcher.dispatch('terminal.ack', { terminalId, chars }, { transport: 'ws', clientId: 'h' })
  }

  /** Resumes acknowledging, and acknowledges what was held back. */
  releaseAcks(): void {
    this.holdAcks = false
    for (const id of this.unacked.keys()) this.ack(id)
  }

  /** Calls as the harness's own client, or as another (`clientId`): each WebSocket or window is one. */
  async call<M extends MethodName>(method: M, params: Params<M>, clientId = 'h'): Promise<Result<M>> {
    const reply = await this.backend.dispatcher.dispatch(method, params, { transport: 'ws', clientId })
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error)
    const checked = methods[method].result.safeParse(reply.result)
    if (!checked.success) this.violations.push(`${method} result: ${checked.error.message}`)
    return reply.result as Result<M>
  }

  of<E extends EventName>(event: E): Array<EventPayload<E>> {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>)
  }

  until<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 15_000,
  ): Promise<T> {
    return waitFor(what, probe, timeoutMs)
  }

  async shell(): Promise<string> {
    const t = await this.call('terminal.create', { cols: 120, rows: 30 })
    // Attached as a window would be: its acknowledgements count, and holding them pauses the terminal.
    await this.call('terminal.attach', { terminalId: t.terminalId })
    await this.until('a prompt', () =>
      this.of('terminal.updated').some((u) => u.terminalId === t.terminalId && u.integrationActive),
    )
    return t.terminalId
  }

  /** Everything a terminal has printed so far, as the renderer was sent it. */
  output(terminalId: string): string {
    return this.of('terminal.data')
      .filter((d) => d.terminalId === terminalId)
      .map((d) => d.data)
      .join('')
  }

  /** A run's record as last pushed (`runs.updated`), if any yet. */
  run(runId: string): CommandRun | undefined {
    return this.of('runs.updated').findLast((r) => r.runId === runId)
  }

  /** Waits until a run's record satisfies `done` (by default: its effects are in), and returns it. */
  runUntil(runId: string, done: (r: CommandRun) => boolean = (r) => r.state === 'settled', timeoutMs = 60_000) {
    return this.until(
      `run ${runId}`,
      () => {
        const r = this.run(runId)
        return r && done(r) ? r : undefined
      },
      timeoutMs,
    )
  }

  /** Runs a command in a real shell (as a step's Run when `stepId` is given) and returns its settled run. */
  async runCommand(terminalId: string, command: string, stepId?: string): Promise<CommandRun> {
    const { runId } = await this.call('terminal.run', { terminalId, command, ...(stepId ? { stepId } : {}) })
    return this.runUntil(runId)
  }

  /** Runs a command in a real shell and returns its effects once the engine's events are in. */
  async effectsOf(terminalId: string, command: string): Promise<Effects> {
    const run = await this.runCommand(terminalId, command)
    if (run.exitCode !== 0) throw new Error(`"${command}" exited ${run.exitCode}`)
    if (!run.effects) throw new Error(`"${command}" settled without effects`)
    return run.effects
  }

  async dispose(): Promise<void> {
    await this.backend.dispose()
    if (this.violations.length) throw new Error(`the backend broke its contract:\n${this.violations.join('\n')}`)
  }
}
