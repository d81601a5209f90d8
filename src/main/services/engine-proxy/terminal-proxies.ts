import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DockerProxy, type EngineTarget, type ProxiedExchange } from './docker-proxy'

export interface TerminalExchange {
  terminalId: string
  exchange: ProxiedExchange
  /** `request` when its head arrived (status 0), `answer` once it is over, answered or not. */
  phase: 'request' | 'answer'
}

/**
 * One engine proxy per terminal, each a socket in a private folder (0700, made by mkdtemp): the terminal's DOCKER_HOST
 * points at it, so every API call its docker CLI makes is known to come from that terminal, and when. Which command
 * made it is decided later, by the shell's own times (the command's start mark may be read after its first call).
 * Engines the proxy cannot reach the same way (ssh://) get none: the terminal talks to them directly.
 */
export class TerminalProxies {
  private readonly dir = mkdtempSync(join(tmpdir(), 'whalebook-engine-'))
  private readonly proxies = new Map<string, DockerProxy>()
  private opened = 0

  constructor(
    private readonly report: (x: TerminalExchange) => void,
    private readonly log?: (message: string) => void,
  ) {}

  /** Starts the terminal's proxy; returns the DOCKER_HOST for it, or undefined to talk to the engine directly. */
  open(terminalId: string, target: EngineTarget | undefined): string | undefined {
    if (!target || process.platform === 'win32') return undefined
    this.close(terminalId)
    // A name of its own each time: a restarted terminal's old proxy may still be closing on the previous one.
    const path = join(this.dir, `${terminalId.replace(/[^\w-]/g, '_')}-${++this.opened}.sock`)
    const proxy = new DockerProxy({
      listenPath: path,
      target: () => target,
      onRequest: (exchange) => this.report({ terminalId, exchange, phase: 'request' }),
      onExchange: (exchange) => this.report({ terminalId, exchange, phase: 'answer' }),
      ...(this.log ? { log: this.log } : {}),
    })
    this.proxies.set(terminalId, proxy)
    // Listening on a unix socket binds at once; a failure leaves the terminal's docker CLI with a clear error.
    void proxy.start().catch(() => this.proxies.delete(terminalId))
    return `unix://${path}`
  }

  has(terminalId: string): boolean {
    return this.proxies.has(terminalId)
  }

  close(terminalId: string): void {
    const proxy = this.proxies.get(terminalId)
    if (!proxy) return
    this.proxies.delete(terminalId)
    void proxy.close()
  }

  dispose(): void {
    for (const id of [...this.proxies.keys()]) this.close(id)
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/**
 * Where a terminal's proxy forwards to, for the engine the app uses now (`address`: its DOCKER_HOST, which a failure
 * to reach it names); none for ssh:// (reached through ssh).
 */
export function proxyTarget(
  modem: {
    socketPath?: string
    host?: string
    port?: number
    protocol?: string
    ca?: string
    cert?: string
    key?: string
  },
  address?: string,
): EngineTarget | undefined {
  const named = address ? { address } : {}
  if (modem.socketPath) return { kind: 'socket', path: modem.socketPath, ...named }
  if (modem.protocol === 'ssh' || !modem.host || !modem.port) return undefined
  if (modem.protocol === 'https') {
    const tls = {
      ...(modem.ca ? { ca: modem.ca } : {}),
      ...(modem.cert ? { cert: modem.cert } : {}),
      ...(modem.key ? { key: modem.key } : {}),
    }
    return { kind: 'tcp', host: modem.host, port: modem.port, tls, ...named }
  }
  return { kind: 'tcp', host: modem.host, port: modem.port, ...named }
}
