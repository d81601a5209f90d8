import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isBytes, type TerminalAttachment, type TerminalInfo } from '@shared/contract'
import { ApiError } from '@shared/errors'
import { resolveCwd, resolveShell } from './resolve-shell'
import { prepareShellLaunch } from './shell-integration/launch'
import type { ReplayBuffer } from './replay-buffer'
import { terminalEnv } from './terminal-env'
import {
  TerminalSession,
  type FinishedTerminalCommand,
  type RunRequest,
  type SpawnPty,
  type TerminalCommand,
} from './terminal-session'

/** Where the terminals' news goes: their output and state to the clients, their commands to the runs. */
export interface TerminalPort {
  /** `offset`: where `data` starts in the terminal's output stream (it goes on across a restart). */
  data(terminalId: string, data: string, offset: number): void
  updated(info: TerminalInfo): void
  commandStarted(command: TerminalCommand): void
  commandFinished(command: FinishedTerminalCommand): void
}

export interface TerminalServiceDeps {
  spawn: SpawnPty
  out: TerminalPort
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
  openEngineProxy?: (terminalId: string) => string | undefined
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
  /**
   * Ids name this backend's terminals only: a page that outlived a restarted backend must not take another terminal's
   * stream (and its stream position) for the one it had.
   */
  private readonly idPrefix = `t${randomBytes(3).toString('hex')}-`
  private spawned = 0

  constructor(private readonly deps: TerminalServiceDeps) {
    this.scriptsDir = mkdtempSync(join(tmpdir(), 'whalebook-shell-'))
  }

  create(options: CreateOptions, terminalId = `${this.idPrefix}${this.next++}`, replay?: ReplayBuffer): TerminalInfo {
    const { env, platform, homeDir } = this.deps
    const shell = resolveShell(options.exec?.file ?? options.shell, env, platform)
    const cwd = resolveCwd(options.cwd, homeDir)
    const nonce = randomBytes(16).toString('hex')
    const launch = options.exec
      ? { args: options.exec.args, env: {}, integration: 'none' as const }
      : prepareShellLaunch(shell, nonce, this.scriptsDir, env)
    // A file of this shell's own (a restarted terminal gets a new one): the app's Run leaves its token there.
    const runFile = launch.integration === 'none' ? undefined : join(this.scriptsDir, `run-${++this.spawned}`)
    if (runFile) writeFileSync(runFile, '', { mode: 0o600 })
    const out = this.deps.out
    // The shell's docker CLI talks to the engine through this terminal's own proxy where there is one.
    const proxyHost = options.exec ? undefined : this.deps.openEngineProxy?.(terminalId)
    const dockerEnv = proxyHost ? { DOCKER_HOST: proxyHost, DOCKER_TLS_VERIFY: '' } : this.deps.dockerEnv()
    const session = new TerminalSession(
      {
        terminalId,
        shell,
        args: launch.args,
        env: terminalEnv(env, { ...dockerEnv, ...launch.env, ...(runFile ? { WHALEBOOK_RUN_FILE: runFile } : {}) }),
        cwd,
        cols: options.cols,
        rows: options.rows,
        integration: launch.integration,
        nonce,
        engine: this.deps.engineUrl(),
        runFile,
        replay,
      },
      this.deps.spawn,
      {
        data: (data, offset) => out.data(terminalId, data, offset),
        updated: (info) => out.updated(info),
        commandStarted: (command) => out.commandStarted(command),
        commandFinished: (command) => out.commandFinished(command),
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

  /** `binary`: each character of `data` is a byte (0-255), written as it is rather than as UTF-8. */
  write(terminalId: string, data: string, binary = false): void {
    // Latin-1 would keep only the low byte of anything past U+00FF: refused, whoever calls.
    if (binary && !isBytes(data))
      throw new ApiError('BAD_REQUEST', 'Binary terminal input holds bytes only', { terminalId })
    this.live(terminalId).write(binary ? Buffer.from(data, 'latin1') : data)
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.get(terminalId).resize(cols, rows)
  }

  /**
   * The client shows this terminal and acknowledges its output: it gets back what it has not seen since `since` (a
   * reconnect), or the replay buffer (a reload, a new window), and its backlog is that replay.
   */
  attach(terminalId: string, clientId: string, since?: number): TerminalAttachment {
    return this.get(terminalId).attach(clientId, since)
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
    options: { force?: boolean | undefined; runId?: string | undefined; stepId?: string | undefined },
  ): string {
    const session = this.live(terminalId)
    if (session.busy && !options.force) {
      throw new ApiError('TERMINAL_BUSY', `Terminal ${terminalId} is still running a command`, { terminalId })
    }
    const request: RunRequest = { runId: options.runId ?? randomUUID(), stepId: options.stepId }
    session.run(command, request)
    return request.runId
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
    // The same tab shows the new shell after the old one's output, which a reloaded page gets back too.
    const info = this.create({ cols, rows, cwd: cwd ?? old.spec.cwd, ...program }, terminalId, old.replay)
    // Whoever showed the old shell keeps counting, from zero: it has the old output already.
    for (const client of old.flow.attachedClients) this.get(terminalId).flow.attach(client)
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
