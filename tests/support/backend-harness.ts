import { mkdtempSync } from 'node:fs'
import { waitFor } from './wait'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  events,
  methods,
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
        void this.backend.dispatcher.dispatch(
          'terminal.ack',
          { terminalId: p.terminalId, chars: p.data.length },
          { transport: 'ws', clientId: 'h' },
        )
      }
    })
    this.backend.start()
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
    await this.until('a prompt', () =>
      this.of('terminal.updated').some((u) => u.terminalId === t.terminalId && u.integrationActive),
    )
    return t.terminalId
  }

  /** Runs a command in a real shell and returns its effects record once the engine's events are in. */
  async effectsOf(terminalId: string, command: string): Promise<EventPayload<'resources.effects'>> {
    const { runId } = await this.call('terminal.run', { terminalId, command, runId: `t:${Math.random()}` })
    const finished = await this.until(
      `"${command}" to finish`,
      () => this.of('terminal.commandFinished').find((f) => f.runId === runId),
      60_000,
    )
    if (finished.exitCode !== 0) throw new Error(`"${command}" exited ${finished.exitCode}`)
    return this.until('its effects', () => this.of('resources.effects').find((e) => e.runId === runId))
  }

  async dispose(): Promise<void> {
    await this.backend.dispose()
    if (this.violations.length) throw new Error(`the backend broke its contract:\n${this.violations.join('\n')}`)
  }
}
