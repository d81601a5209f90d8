import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TerminalInfo } from '@shared/contract'
import { ApiError } from '@shared/errors'
import type { EventBus } from '../../rpc/event-bus'
import { resolveCwd, resolveShell } from './resolve-shell'
import { prepareShellLaunch } from './shell-integration/launch'
import { terminalEnv } from './terminal-env'
import { TerminalSession, type SpawnPty } from './terminal-session'

export interface TerminalServiceDeps {
  spawn: SpawnPty
  bus: EventBus
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  homeDir: string
  /** DOCKER_HOST / DOCKER_CONTEXT of the engine the app is connected to, read at each spawn. */
  dockerEnv: () => Record<string, string>
  /** That engine's URL, to tell later which terminals still talk to an engine the app has left. */
  engineUrl: () => string
  /**
   * Gives a terminal a Docker endpoint of its own (a proxy to the engine), so its API calls are known to be its own;
   * returns that endpoint's DOCKER_HOST, or undefined where the terminal must talk to the engine directly.
   */
  openEngineProxy?: (terminalId: string, runningCommand: () => string | undefined) => string | undefined
  /** The terminal is gone (killed, restarted, or the app is closing): its proxy and open command windows go too. */
  terminalGone?: (terminalId: string) => void
}

export interface CreateOptions {
  cols: number
  rows: number
  cwd?: string | undefined
  shell?: string | undefined
  /** Run this program instead of a shell (e.g. `docker exec -it <id> sh`); it gets no shell integration. */
  exec?: { file: string; args: string[] } | undefined
}

/** Owns every PTY. Terminals are addressed by id; each one's output and command events go to the bus. */
export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>()
  private readonly scriptsDir: string
  private next = 1

  constructor(private readonly deps: TerminalServiceDeps) {
    this.scriptsDir = mkdtempSync(join(tmpdir(), 'whalebook-shell-'))
  }

  create(options: CreateOptions, terminalId = `t${this.next++}`): TerminalInfo {
    const { env, platform, homeDir } = this.deps
    const shell = resolveShell(options.exec?.file ?? options.shell, env, platform)
    const cwd = resolveCwd(options.cwd, homeDir)
    const nonce = randomBytes(16).toString('hex')
    const launch = options.exec
      ? { args: options.exec.args, env: {}, integration: 'none' as const }
      : prepareShellLaunch(shell, nonce, this.scriptsDir, env)
    const bus = this.deps.bus
    // The shell's docker CLI talks to the engine through this terminal's own proxy where there is one.
    const proxyHost = options.exec
      ? undefined
      : this.deps.openEngineProxy?.(terminalId, () => this.sessions.get(terminalId)?.runningCommandId)
    const dockerEnv = proxyHost ? { DOCKER_HOST: proxyHost, DOCKER_TLS_VERIFY: '' } : this.deps.dockerEnv()
    const session = new TerminalSession(
      {
        terminalId,
        shell,
        args: launch.args,
        env: terminalEnv(env, { ...dockerEnv, ...launch.env }),
        cwd,
        cols: options.cols,
        rows: options.rows,
        integration: launch.integration,
        nonce,
        engine: this.deps.engineUrl(),
      },
      this.deps.spawn,
      {
        data: (data) => bus.emit('terminal.data', { terminalId, data }),
        updated: (info) => bus.emit('terminal.updated', info),
        commandStarted: (record) => bus.emit('terminal.commandStarted', record),
        commandFinished: (record) => bus.emit('terminal.commandFinished', record),
      },
      randomUUID,
    )
    this.sessions.set(terminalId, session)
    return session.info()
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info())
  }

  get(terminalId: string): TerminalSession {
    const session = this.sessions.get(terminalId)
    if (!session) throw new ApiError('TERMINAL_NOT_FOUND', `No terminal ${terminalId}`, { terminalId })
    return session
  }

  private live(terminalId: string): TerminalSession {
    const session = this.get(terminalId)
    if (session.isExited) {
      throw new ApiError('TERMINAL_EXITED', `Terminal ${terminalId} has exited; restart it first`, {
        terminalId,
        exitCode: session.info().exitCode,
      })
    }
    return session
  }

  write(terminalId: string, data: string): void {
    this.live(terminalId).write(data)
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.get(terminalId).resize(cols, rows)
  }

  /** The client shows this terminal and acknowledges its output; its backlog starts at zero (a reload, a reconnect). */
  attach(terminalId: string, clientId: string): TerminalInfo {
    const session = this.get(terminalId)
    session.attach(clientId)
    return session.info()
  }

  acknowledge(terminalId: string, clientId: string, chars: number): void {
    this.get(terminalId).acknowledge(clientId, chars)
  }

  /** A client went away (socket closed, window gone): its unread output no longer holds any PTY back. */
  detachClient(clientId: string): void {
    for (const session of this.sessions.values()) session.detach(clientId)
  }

  run(
    terminalId: string,
    command: string,
    options: { force?: boolean | undefined; runId?: string | undefined },
  ): string {
    const session = this.live(terminalId)
    if (session.busy && !options.force) {
      throw new ApiError('TERMINAL_BUSY', `Terminal ${terminalId} is still running a command`, { terminalId })
    }
    const runId = options.runId ?? randomUUID()
    session.run(command, runId)
    return runId
  }

  kill(terminalId: string): void {
    const session = this.get(terminalId)
    session.kill()
    this.sessions.delete(terminalId)
    this.deps.terminalGone?.(terminalId)
  }

  restart(terminalId: string, cwd?: string): TerminalInfo {
    const old = this.get(terminalId)
    const { cols, rows } = old.info()
    old.kill()
    this.sessions.delete(terminalId)
    this.deps.terminalGone?.(terminalId)
    const program =
      old.spec.integration === 'none'
        ? { exec: { file: old.spec.shell, args: old.spec.args } }
        : { shell: old.spec.shell }
    const info = this.create({ cols, rows, cwd: cwd ?? old.spec.cwd, ...program }, terminalId)
    // The same tab shows the new shell: whoever showed the old one keeps counting, from zero.
    for (const client of old.flow.attachedClients) this.get(terminalId).attach(client)
    return info
  }

  dispose(): void {
    for (const [id, session] of this.sessions) {
      session.kill()
      this.deps.terminalGone?.(id)
    }
    this.sessions.clear()
    rmSync(this.scriptsDir, { recursive: true, force: true })
  }
}
