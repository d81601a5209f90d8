import {
  createServer,
  request as httpRequest,
  Agent,
  type ClientRequest,
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
export type EngineTarget = (
  | { kind: 'socket'; path: string }
  | { kind: 'tcp'; host: string; port: number; tls?: { ca?: string; cert?: string; key?: string } }
) & {
  /** The engine as the learner's DOCKER_HOST (or context) names it: what a failure to reach it names. */
  address?: string
}

/** The engine's address as DOCKER_HOST writes it (`unix:///var/run/docker.sock`, `tcp://host:2376`). */
export function engineAddress(target: EngineTarget): string {
  if (target.address) return target.address
  return target.kind === 'socket' ? `unix://${target.path}` : `tcp://${target.host}:${target.port}`
}

/** Errors of a connection that never reached an engine, which the docker CLI reports as "Cannot connect". */
const NOT_THERE = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/**
 * Why the engine could not be reached, in the docker CLI's own words for the same failure, naming the engine the
 * learner configured. The CLI reached this proxy, so it cannot report a failed dial itself: it would name the
 * proxy's socket, which the learner never set. It prints this answer after "Error response from daemon:".
 */
export function unreachableMessage(error: NodeJS.ErrnoException, address: string): string {
  const code = error.code ?? ''
  if (code === 'EACCES' || code === 'EPERM') {
    return `permission denied while trying to connect to the Docker daemon socket at ${address}: ${error.message}`
  }
  if (NOT_THERE.has(code) || /timed? ?out/i.test(error.message)) {
    return `Cannot connect to the Docker daemon at ${address}. Is the docker daemon running?`
  }
  return `error during connect to ${address}: ${error.message}`
}

/** One API call that went through the proxy, as the attribution reads it. */
export interface ProxiedExchange {
  /** Its number on this proxy, in order of arrival: the report on arrival and the one on its answer share it. */
  seq: number
  method: string
  /** The request target as sent (`/v1.45/containers/create?name=web`). */
  path: string
  startedAt: number
  finishedAt: number
  /** The engine's status; 0 on the report made on arrival, and when no answer came (the client went, the engine failed). */
  status: number
  /** The response body when it was JSON and small (create answers carry the new id), else undefined. */
  json?: unknown
  /** For streams of JSON lines (pull, build, load, push): the lines that carry ids or errors, bounded. */
  lines?: unknown[]
  /** A hijacked or upgraded connection (attach, exec start, `docker run -it`, BuildKit's session). */
  upgraded?: boolean
  /** The client went away before its answer was complete: the request to the engine was destroyed with it. */
  aborted?: boolean
}

export interface DockerProxyOptions {
  listenPath: string
  target: () => EngineTarget
  /** Called once a request's head has arrived, before it is forwarded (status 0). */
  onRequest?: (exchange: ProxiedExchange) => void
  /** Called once its answer is complete, or it ended without one. */
  onExchange: (exchange: ProxiedExchange) => void
  now?: () => number
  /** Where a failure of the proxy's own (a report that threw) is told, once per proxy. */
  log?: (message: string) => void
  /** Tighter limits (tests); the defaults otherwise. */
  limits?: Partial<ProxyLimits>
}

export interface ProxyLimits {
  maxHeaderBytes: number
  headersTimeoutMs: number
  keepAliveMs: number
  maxUnreadBytes: number
  maxConnections: number
}

/** Limits on what one client may hold: none of them is reached by the docker CLI. */
export const PROXY_LIMITS: ProxyLimits = {
  /** The request head, all headers together (the CLI's largest is a build's X-Registry-Config). */
  maxHeaderBytes: 256 * 1024,
  /** From a request's first byte to the end of its head. */
  headersTimeoutMs: 10_000,
  /** An idle kept-alive connection is closed after this long (the CLI opens a new one when it needs one). */
  keepAliveMs: 60_000,
  /** Answer bytes a client may leave unread before the proxy stops reading its requests. */
  maxUnreadBytes: 1024 * 1024,
  /** Open client connections per proxy. */
  maxConnections: 256,
}

const MAX_JSON_BYTES = 256 * 1024
const MAX_LINES = 200
/** Stream lines that name what a pull, build, load or import made (an import's one status line is the new id). */
const KEPT =
  /Loaded image|Successfully built|Successfully tagged|Digest:|Status:|Running in |^(?:sha256:)?[0-9a-f]{64}$/

/**
 * Answers that nothing reads and that may be large or long: logs, exports, `docker save`, archives, stats and event
 * streams. Their bytes are spliced from the engine's socket to the client's as they come, not decoded and re-encoded.
 */
function isPassThrough(method: string, target: string): boolean {
  if (method !== 'GET') return false
  const segments = parseApiPath(target).parts
  const [kind, ref, action, extra] = segments
  if (kind === 'events') return ref === undefined
  if (kind === 'containers') return !!ref && extra === undefined && /^(?:logs|export|archive|stats)$/.test(action ?? '')
  return kind === 'images' && segments.at(-1) === 'get'
}

function isJsonLines(method: string, path: string): boolean {
  if (method !== 'POST') return false
  const segments = parseApiPath(path).parts
  const [kind, ref] = segments
  return kind === 'build' || (kind === 'images' && (ref === 'create' || ref === 'load' || segments.at(-1) === 'push'))
}

/** One client connection's requests: answered one at a time, in the order they came. */
interface Connection {
  socket: Socket
  busy: boolean
  waiting: Array<() => void>
  /** Reading its requests is stopped: requests wait, or it leaves answers unread. */
  gated: boolean
}

/**
 * A Docker endpoint of the app's own, for one terminal: a unix socket (or named pipe) that the terminal's DOCKER_HOST
 * points at, forwarding every request to the real engine unchanged, hijacked and upgraded connections included.
 * Main then knows which terminal made each API call, and reads the ids from the engine's answers.
 *
 * Whatever a client sends, nothing throws into the process: reports run isolated, a request the engine could not be
 * asked is answered with a status, a broken one closes its connection. Requests on one connection are forwarded one
 * at a time and answered in order; a client that does not read its answers stops being read. A client that goes away
 * takes its request to the engine with it (Ctrl-C stops a pull, a build, a wait), so no pool socket is ever held for
 * nobody. Response headers are flushed at once: `docker run` waits for the headers of `/wait` before it sends
 * `/start`, so a proxy that buffered them would deadlock the CLI.
 */
export class DockerProxy {
  private server: Server | undefined
  private readonly sockets = new Set<Duplex>()
  private readonly connections = new WeakMap<Duplex, Connection>()
  private readonly agent = new Agent({ keepAlive: true, maxFreeSockets: 8 })
  private readonly limits: ProxyLimits
  private seq = 0
  private failed = 0

  constructor(private readonly options: DockerProxyOptions) {
    this.limits = { ...PROXY_LIMITS, ...options.limits }
  }

  /** Requests to the engine in flight through the pool now (a client that went away holds none). */
  get upstreamInFlight(): number {
    return Object.values(this.agent.sockets).reduce((n, list) => n + (list?.length ?? 0), 0)
  }

  get path(): string {
    return this.options.listenPath
  }

  /** Reports of its own that threw (and were logged once): a test's witness that nothing was lost silently. */
  get failures(): number {
    return this.failed
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  async start(): Promise<void> {
    const limits = this.limits
    const server = createServer({
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      // The whole request may take long (a build's context upload); only its head is timed.
      requestTimeout: 0,
      keepAliveTimeout: limits.keepAliveMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    })
    server.maxConnections = limits.maxConnections
    server.on('connection', (socket: Socket) => this.accept(socket))
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.enqueue(req, res))
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head))
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => this.refuse(error, socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.listenPath, () => resolve())
    })
    server.on('error', (error) => this.fault('the proxy server', error))
    this.server = server
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    this.agent.destroy()
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** A failure of the proxy's own: logged the first time, counted always; the client's request goes on regardless. */
  private fault(where: string, error: unknown): void {
    if (this.failed++ === 0) {
      this.options.log?.(
        `[whalebook] engine proxy ${this.path}: ${where} failed (${error instanceof Error ? (error.stack ?? error.message) : String(error)}); further failures are not logged`,
      )
    }
  }

  private report(hook: 'onRequest' | 'onExchange', exchange: ProxiedExchange): void {
    try {
      this.options[hook]?.(exchange)
    } catch (error) {
      this.fault(hook, error)
    }
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket)
    const conn: Connection = { socket, busy: false, waiting: [], gated: false }
    this.connections.set(socket, conn)
    socket.on('close', () => {
      this.sockets.delete(socket)
      conn.waiting = []
    })
    socket.on('error', () => socket.destroy())
    socket.on('drain', () => this.regate(conn))
    // Node's server resumes a socket for reasons of its own (a finished answer): while gated, it stays paused.
    socket.on('resume', () => {
      if (conn.gated) socket.pause()
    })
  }

  /** Reading stops while a request waits its turn or the client leaves answers unread, and starts again after. */
  private regate(conn: Connection): void {
    const shut = conn.waiting.length > 0 || conn.socket.writableLength > this.limits.maxUnreadBytes
    if (shut === conn.gated) return
    conn.gated = shut
    if (shut) conn.socket.pause()
    else conn.socket.resume()
  }

  private refuse(error: NodeJS.ErrnoException, socket: Duplex): void {
    const conn = this.connections.get(socket)
    if (socket.writable && !conn?.busy) {
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request'
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    socket.destroy()
  }

  /** Runs `work` once the connection's earlier requests are answered; `work` calls its argument when this one is. */
  private inTurn(socket: Duplex, work: (done: () => void) => void): void {
    const conn = this.connections.get(socket)
    if (!conn) return void socket.destroy()
    const run = (): void => {
      conn.busy = true
      let finished = false
      work(() => {
        if (finished) return
        finished = true
        conn.busy = false
        const next = conn.waiting.shift()
        this.regate(conn)
        next?.()
      })
    }
    if (!conn.busy) return run()
    conn.waiting.push(run)
    this.regate(conn)
  }

  private enqueue(req: IncomingMessage, res: ServerResponse): void {
    this.inTurn(req.socket, (done) => {
      res.once('close', done)
      if (req.socket.destroyed) return done()
      try {
        if (isPassThrough(req.method ?? 'GET', req.url ?? '/')) this.splice(req, done)
        else this.forward(req, res)
      } catch (error) {
        this.fault('forwarding a request', error)
        res.destroy()
      }
    })
  }

  private upstreamRequest(req: IncomingMessage): ClientRequest {
    const target = this.options.target()
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

  private begin(req: IncomingMessage): Pick<ProxiedExchange, 'seq' | 'startedAt' | 'method' | 'path'> {
    const head = { seq: ++this.seq, startedAt: this.now(), method: req.method ?? 'GET', path: req.url ?? '/' }
    this.report('onRequest', { ...head, finishedAt: head.startedAt, status: 0 })
    return head
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const head = this.begin(req)
    let reported = false
    const finish = (answer: Partial<ProxiedExchange>): void => {
      if (reported) return
      reported = true
      this.report('onExchange', { ...head, finishedAt: this.now(), status: 0, ...answer })
    }
    let upstream: ClientRequest
    try {
      upstream = this.upstreamRequest(req)
    } catch (error) {
      // A head Node's server took but its client will not send on (a header value it refuses): the engine never sees it.
      res.writeHead(400, { 'Content-Type': 'application/json', Connection: 'close' })
      res.end(JSON.stringify({ message: `Whalebook's engine proxy cannot forward this request: ${String(error)}` }))
      return finish({ status: 400 })
    }
    // The client went away before its answer was complete (Ctrl-C): the engine's request goes too, and its socket.
    res.once('close', () => {
      if (res.writableFinished) return
      upstream.destroy()
      finish({ aborted: true })
    })
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502
      try {
        res.writeHead(status, answer.statusMessage ?? '', answer.rawHeaders)
        res.flushHeaders()
      } catch (error) {
        this.fault('answering with the engine’s headers', error)
        upstream.destroy()
        res.destroy()
        return
      }
      const read = this.reader(head.method, head.path, answer)
      answer.on('aborted', () => res.destroy())
      answer.on('error', () => res.destroy())
      answer.on('end', () => finish({ status, ...read() }))
      answer.pipe(res)
    })
    upstream.on('error', (error: Error) => {
      if (res.destroyed) return
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ message: this.unreachable(error) }))
        finish({ status: 502 })
      } else res.destroy()
    })
    req.on('error', () => upstream.destroy())
    req.pipe(upstream)
  }

  /** Reads, on the way, the answers worth reading (JSON, JSON lines), bounded; the rest just flows. */
  private reader(method: string, path: string, answer: IncomingMessage): () => Pick<ProxiedExchange, 'json' | 'lines'> {
    const json = /application\/json/.test(String(answer.headers['content-type'] ?? ''))
    const streamed = isJsonLines(method, path)
    if (!streamed && !json) return () => ({})
    let buffered = ''
    let size = 0
    const lines: unknown[] = []
    // Of a pull's, build's or load's stream, only the lines that name what it made, or say that it failed, are kept.
    const stream = streamed
      ? new JsonLines<StreamMessage>((m) => {
          if (lines.length < MAX_LINES && (m.aux || m.error || KEPT.test(`${m.status ?? ''}${m.stream ?? ''}`)))
            lines.push(m)
        }, MAX_JSON_BYTES)
      : undefined
    answer.on('data', (chunk: Buffer) => {
      if (stream) return stream.push(chunk)
      size += chunk.length
      if (size <= MAX_JSON_BYTES) buffered += chunk.toString('utf8')
    })
    return () => {
      if (stream) {
        stream.end()
        return { lines }
      }
      if (size > MAX_JSON_BYTES) return {}
      try {
        return { json: JSON.parse(buffered) as unknown }
      } catch {
        return {}
      }
    }
  }

  private unreachable(error: NodeJS.ErrnoException): string {
    return unreachableMessage(error, engineAddress(this.options.target()))
  }

  /** The same answer as `forward` gives, raw, for a spliced or tunnelled request whose engine never answered. */
  private answerUnreachable(client: Duplex, error: NodeJS.ErrnoException): void {
    const body = JSON.stringify({ message: this.unreachable(error) })
    client.end(
      `HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }

  private connectEngine(): Socket {
    const target = this.options.target()
    const engine: Socket =
      target.kind === 'socket'
        ? netConnect(target.path)
        : target.tls
          ? tlsConnect({ host: target.host, port: target.port, ...target.tls })
          : netConnect(target.port, target.host)
    this.sockets.add(engine)
    engine.on('close', () => this.sockets.delete(engine))
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

  /** The status of an answer whose raw bytes start with its status line; 0 until it has come. */
  private static statusOf(chunk: Buffer): number {
    return Number(/^HTTP\/1\.\d (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'))?.[1] ?? 0)
  }

  /**
   * A bodiless GET whose answer nobody reads: the engine's raw answer (status line, headers, chunked body) goes
   * straight to the client's socket. `Connection: close` makes the engine end the answer by closing, and the client
   * open a fresh connection (through this proxy) for its next request.
   */
  private splice(req: IncomingMessage, done: () => void): void {
    const begun = this.begin(req)
    const client = req.socket
    const engine = this.connectEngine()
    engine.write(DockerProxy.requestHead(req, 'close'))
    let status = 0
    engine.on('data', (chunk: Buffer) => {
      if (status === 0) status = DockerProxy.statusOf(chunk)
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
      done()
      this.report('onExchange', {
        ...begun,
        finishedAt: this.now(),
        status,
        ...(client.destroyed && !engine.readableEnded ? { aborted: true } : {}),
      })
    }
    // The engine's answer is complete when it closes: let the client read all of it before its socket goes.
    engine.on('end', () => client.end())
    engine.on('error', (error: NodeJS.ErrnoException) => {
      engine.destroy()
      if (status === 0 && !engine.bytesRead && client.writable) {
        status = 502
        this.answerUnreachable(client, error)
      } else client.destroy()
    })
    engine.on('close', report)
    client.on('close', () => {
      engine.destroy()
      report()
    })
  }

  /**
   * attach, exec start, BuildKit's session: the request head goes on as it came, then bytes flow both ways. Node hands
   * the socket over at once, even with an earlier answer on it still going: the tunnel waits its turn, the client's
   * bytes held meanwhile.
   */
  private upgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
    client.pause()
    client.on('error', () => client.destroy())
    this.inTurn(client, (done) => {
      client.once('close', done)
      if (client.destroyed) return done()
      try {
        this.tunnel(req, client, head)
      } catch (error) {
        this.fault('opening a tunnel', error)
        client.destroy()
      }
    })
  }

  private tunnel(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const begun = this.begin(req)
    const engine = this.connectEngine()
    engine.write(DockerProxy.requestHead(req))
    if (head.length) engine.write(head)
    let status = 0
    engine.once('data', (chunk: Buffer) => (status = DockerProxy.statusOf(chunk)))
    engine.pipe(client)
    client.pipe(engine)
    client.resume()
    const end = (): void => {
      engine.destroy()
      client.destroy()
    }
    engine.on('error', (error: NodeJS.ErrnoException) => {
      if (status !== 0 || engine.bytesRead || !client.writable) return end()
      status = 502
      engine.destroy()
      this.answerUnreachable(client, error)
    })
    client.on('error', end)
    let reported = false
    const report = (): void => {
      if (reported) return
      reported = true
      this.report('onExchange', { ...begun, finishedAt: this.now(), status, upgraded: true })
    }
    // The engine's end reaches the client through the pipe; a client that hangs up takes the engine's side with it.
    engine.on('close', report)
    client.on('close', () => {
      engine.destroy()
      report()
    })
  }
}
