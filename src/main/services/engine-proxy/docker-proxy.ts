import {
  createServer,
  request as httpRequest,
  Agent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { Duplex } from 'node:stream'
import { parseApiPath } from '@shared/docker/api-path'
import { JsonLines, type StreamMessage } from '@shared/docker/json-lines'

/** How to reach the real engine: its unix socket (or named pipe), or TCP with optional TLS material. */
export type EngineTarget =
  | { kind: 'socket'; path: string }
  | { kind: 'tcp'; host: string; port: number; tls?: { ca?: string; cert?: string; key?: string } }

/** One API call that went through the proxy, as the attribution reads it. */
export interface ProxiedExchange {
  method: string
  /** The request target as sent (`/v1.45/containers/create?name=web`). */
  path: string
  startedAt: number
  finishedAt: number
  status: number
  /** The response body when it was JSON and small (create answers carry the new id), else undefined. */
  json?: unknown
  /** For streams of JSON lines (pull, build, load): the lines that carry ids (`aux`, `status`), bounded. */
  lines?: unknown[]
  /** A hijacked or upgraded connection (attach, exec start, `docker run -it`, BuildKit's session). */
  upgraded?: boolean
  /** What the owner's tag function said when the request came in (the terminal's running command). */
  tag?: string
}

export interface DockerProxyHooks {
  /** Called once a request's head has arrived, before it is forwarded (no status or body yet: status 0). */
  onRequest?: (request: ProxiedExchange) => void
  /** Names the request's origin at the moment it arrives; carried on both reports. */
  tag?: () => string | undefined
}

const MAX_JSON_BYTES = 256 * 1024
const MAX_LINES = 200
/** Stream lines that name what a pull, build or load made. */
const KEPT = /Loaded image|Successfully built|Successfully tagged|Digest:|Status:/

/**
 * Answers that nothing reads and that may be large or long: logs, exports, `docker save`, archives, stats and event
 * streams. Their bytes are spliced from the engine's socket to the client's as they come, not decoded and re-encoded.
 */
function isPassThrough(method: string, target: string): boolean {
  if (method !== 'GET') return false
  const { path } = parseApiPath(target)
  return /^\/containers\/[^/]+\/(logs|export|archive|stats)$|^\/images\/(?:.+\/)?get$|^\/events$/.test(path)
}

function isJsonLines(target: string): boolean {
  return /^\/(images\/create|build|images\/load|images\/[^/]+\/push)$/.test(parseApiPath(target).path)
}

/**
 * A Docker endpoint of the app's own, for one terminal: a unix socket (or named pipe) that the terminal's DOCKER_HOST
 * points at, forwarding every request to the real engine unchanged, hijacked and upgraded connections included.
 * Main then knows which terminal made each API call, and reads the ids from the engine's answers.
 *
 * Response headers are flushed at once: `docker run` waits for the headers of `/wait` before it sends `/start`, so a
 * proxy that buffered them would deadlock the CLI.
 */
export class DockerProxy {
  private server: Server | undefined
  private readonly sockets = new Set<Duplex>()
  private readonly agent: Agent

  constructor(
    private readonly listenPath: string,
    private readonly target: () => EngineTarget,
    private readonly onExchange: (exchange: ProxiedExchange) => void,
    private readonly hooks: DockerProxyHooks = {},
    private readonly now: () => number = Date.now,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64 })
  }

  get path(): string {
    return this.listenPath
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => this.forward(req, res))
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.tunnel(req, socket, head))
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => socket.destroy())
    })
    server.on('clientError', (_e, socket: Duplex) => socket.destroy())
    // The CLI keeps connections open between calls; no timeout may cut a `logs -f` or an attach.
    server.requestTimeout = 0
    server.headersTimeout = 60_000
    server.keepAliveTimeout = 60_000
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.listenPath, () => resolve())
    })
    this.server = server
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    this.agent.destroy()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private upstreamRequest(req: IncomingMessage) {
    const target = this.target()
    // Node's raw header list (flat: name, value, …): duplicates and case survive the trip.
    const headers = req.rawHeaders
    if (target.kind === 'socket') {
      return httpRequest({ socketPath: target.path, method: req.method, path: req.url, headers, agent: this.agent })
    }
    const base = { host: target.host, port: target.port, method: req.method, path: req.url, headers }
    return target.tls
      ? httpsRequest({ ...base, ...target.tls, agent: new HttpsAgent({ keepAlive: false }) })
      : httpRequest({ ...base, agent: this.agent })
  }

  private begin(req: IncomingMessage): { startedAt: number; method: string; path: string; tag?: string } {
    const startedAt = this.now()
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const tag = this.hooks.tag?.()
    const head = { startedAt, method, path, ...(tag !== undefined ? { tag } : {}) }
    this.hooks.onRequest?.({ ...head, finishedAt: startedAt, status: 0 })
    return head
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    if (isPassThrough(req.method ?? 'GET', req.url ?? '/')) return this.splice(req)
    const head = this.begin(req)
    const { path } = head
    const upstream = this.upstreamRequest(req)
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', answer.rawHeaders)
      res.flushHeaders()
      const json = /application\/json/.test(String(answer.headers['content-type'] ?? ''))
      const streamed = isJsonLines(path)
      let buffered = ''
      let size = 0
      const lines: unknown[] = []
      // Of a pull's, build's or load's stream, only the lines that name what it made are kept.
      const reader = streamed
        ? new JsonLines<StreamMessage>((m) => {
            if (lines.length < MAX_LINES && (m.aux || KEPT.test(`${m.status ?? ''}${m.stream ?? ''}`))) lines.push(m)
          }, MAX_JSON_BYTES)
        : undefined
      // Only answers worth reading are read on the way; the rest (logs, attach output, exports) just flows.
      if (streamed || json)
        answer.on('data', (chunk: Buffer) => {
          if (reader) reader.push(chunk)
          else if (json && size < MAX_JSON_BYTES) {
            buffered += chunk.toString('utf8')
            size += chunk.length
          }
        })
      answer.pipe(res)
      answer.on('end', () => {
        let parsed: unknown
        if (json && !streamed && size < MAX_JSON_BYTES) {
          try {
            parsed = JSON.parse(buffered)
          } catch {
            parsed = undefined
          }
        }
        this.onExchange({
          ...head,
          finishedAt: this.now(),
          status: answer.statusCode ?? 0,
          ...(parsed !== undefined ? { json: parsed } : {}),
          ...(streamed ? { lines } : {}),
        })
      })
    })
    upstream.on('error', (error: Error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ message: `Whalebook's engine proxy could not reach the engine: ${error.message}` }))
      } else res.destroy()
    })
    req.pipe(upstream)
    req.on('error', () => upstream.destroy())
  }

  private connectEngine(): Socket {
    const target = this.target()
    const engine: Socket =
      target.kind === 'socket'
        ? netConnect(target.path)
        : target.tls
          ? tlsConnect({ host: target.host, port: target.port, ...target.tls })
          : netConnect(target.port, target.host)
    this.sockets.add(engine)
    return engine
  }

  /** The request head as it came (raw header names and order), optionally with `Connection` replaced. */
  private static requestHead(req: IncomingMessage, connection?: string): string {
    const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`]
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (connection && /^connection$/i.test(req.rawHeaders[i] ?? '')) continue
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
    }
    if (connection) lines.push(`Connection: ${connection}`)
    return `${lines.join('\r\n')}\r\n\r\n`
  }

  /**
   * A bodiless GET whose answer nobody reads: the engine's raw answer (status line, headers, chunked body) goes
   * straight to the client's socket. `Connection: close` makes the engine end the answer by closing, and the client
   * open a fresh connection (through this proxy) for its next request.
   */
  private splice(req: IncomingMessage): void {
    const begun = this.begin(req)
    const client = req.socket
    const engine = this.connectEngine()
    engine.write(DockerProxy.requestHead(req, 'close'))
    let status = 0
    let first = true
    engine.on('data', (chunk: Buffer) => {
      if (first) {
        first = false
        status = Number(/^HTTP\/1\.\d (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'))?.[1] ?? 0)
      }
      // Backpressure both ways, as pipe would: a slow reader slows the engine's socket, not main's memory.
      if (!client.write(chunk)) {
        engine.pause()
        client.once('drain', () => engine.resume())
      }
    })
    let reported = false
    const report = (): void => {
      if (reported) return
      reported = true
      this.sockets.delete(engine)
      this.onExchange({ ...begun, finishedAt: this.now(), status })
    }
    const abort = (): void => {
      engine.destroy()
      client.destroy()
      report()
    }
    // The engine's answer is complete when it closes: let the client read all of it before its socket goes.
    engine.on('end', () => client.end())
    engine.on('error', abort)
    client.on('error', abort)
    client.on('close', () => {
      engine.destroy()
      report()
    })
  }

  /** attach, exec start, BuildKit's session: the request head goes on as it came, then bytes flow both ways. */
  private tunnel(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const begun = this.begin(req)
    const engine = this.connectEngine()
    engine.write(DockerProxy.requestHead(req))
    if (head.length) engine.write(head)
    engine.pipe(client)
    client.pipe(engine)
    const end = (): void => {
      engine.destroy()
      client.destroy()
    }
    engine.on('error', end)
    client.on('error', end)
    let reported = false
    const report = (): void => {
      if (reported) return
      reported = true
      this.sockets.delete(engine)
      this.onExchange({ ...begun, finishedAt: this.now(), status: 101, upgraded: true })
    }
    engine.on('close', report)
    client.on('close', report)
  }
}
