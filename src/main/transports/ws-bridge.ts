import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { EventName, EventPayload } from '@shared/contract'
import { ApiError, errorMessage, type ApiErrorShape } from '@shared/errors'
import { MAX_WS_BUFFERED_BYTES, MAX_WS_CALLS_IN_FLIGHT, MAX_WS_CLIENTS, MAX_WS_FRAME_BYTES } from '@shared/limits'
import { WS_PATH, WS_PROTOCOL, type WsResponseFrame, type WsServerFrame } from '@shared/transport'
import { encodeBinaryEvent } from '@shared/ws-binary-event'
import { WsRequestFrameSchema } from '@shared/ws-frame-schema'
import { RENDERER_HEADERS, RENDERER_HOST, RENDERER_SCHEME, rendererResponse } from '../app/renderer-files'
import type { Backend } from '../backend'
import { logText } from '../util/log-text'
import { createToken, isLoopbackHost, isSameLoopbackOrigin, requestPath, upgradeHasToken } from './serve-auth'

export interface ServeOptions {
  backend: Pick<Backend, 'dispatcher' | 'bus' | 'clientGone'>
  /** The built renderer (out/renderer). */
  staticDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  token?: string
  /** Where refusals and lost clients worth a line go (one closed for being too slow, one that vanished). */
  log?: (message: string) => void
}

export interface ServeBridge {
  url: string
  port: number
  token: string
  /** Open WebSocket clients: tests hold the connection cap to it. */
  readonly clients: number
  close(): Promise<void>
}

const utf8 = new TextEncoder()
const utf8Bytes = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? utf8.encode(data) : data)

/** WebSocket close code for a client closed by the bridge's limits (1008: policy violation). */
export const CLOSE_POLICY = 1008

/** Close codes of a client that left on purpose: normal closure, going away (a page unloaded), no status given. */
const ORDERLY_CLOSES = new Set([1000, 1001, 1005])

function refuse(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy()
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...RENDERER_HEADERS,
  })
  res.end(message)
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function frameText(data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

const badFrame = (message: string): WsResponseFrame => ({
  id: null,
  envelope: { error: { code: 'BAD_REQUEST', message } },
})

/**
 * The `serve` transport: the built renderer and the API on loopback only, for headless machines (over an SSH tunnel)
 * and for end-to-end tests in a browser. The static files are public (the app's own bundle, no secrets); the API
 * needs the per-run token, offered as a WebSocket subprotocol. No request, header or frame can end the process: each
 * is parsed defensively and answered with a status, an error envelope or a closed socket.
 */
export async function startServeBridge(options: ServeOptions): Promise<ServeBridge> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) {
    throw new ApiError(
      'BAD_REQUEST',
      `Refusing to serve on ${host}: only loopback addresses are allowed (use an SSH tunnel)`,
    )
  }
  const token = options.token ?? createToken()
  const log = options.log ?? ((m: string) => console.error(m))
  const { dispatcher, bus } = options.backend
  let port = 0
  let nextClient = 0
  let closing = false

  const server: Server = createServer((req, res) => {
    if (!isSameLoopbackOrigin(req.headers, port)) return refuse(res, 403, 'Forbidden: wrong host')
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed')
    const path = requestPath(req.url)
    if (path === undefined) return refuse(res, 400, 'Bad request')
    // The window's own file server answers: a file missing or unreadable now (the build replaced, the disk gone) is a
    // 404 or a 500 for this request, never an error that ends the process and every terminal with it.
    rendererResponse({ url: `${RENDERER_SCHEME}://${RENDERER_HOST}${path}`, method: 'GET' }, options.staticDir)
      .then(async (response) => {
        // A file that is there and cannot be read is the operator's to know about (permissions, a failing disk).
        if (response.status >= 500) log(`[whalebook] cannot read ${logText(path)} from ${options.staticDir}`)
        const body = Buffer.from(await response.arrayBuffer())
        res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'Content-Length': body.length })
        res.end(req.method === 'HEAD' ? undefined : body)
      })
      .catch((error: unknown) => {
        log(`[whalebook] cannot serve ${logText(path)}: ${errorMessage(error)}`)
        refuse(res, 500, 'Cannot serve the file')
      })
  })
  // A socket reset mid-request must not become an unhandled 'error'.
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()))
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_FRAME_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (requestPath(req.url) !== WS_PATH) return refuseUpgrade(socket, '404 Not Found')
    if (!isSameLoopbackOrigin(req.headers, port)) return refuseUpgrade(socket, '403 Forbidden')
    if (!upgradeHasToken(req.headers, token)) return refuseUpgrade(socket, '401 Unauthorized')
    if (wss.clients.size >= MAX_WS_CLIENTS) return refuseUpgrade(socket, '503 Service Unavailable')
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, `ws-${++nextClient}`))
  })

  function attach(ws: WebSocket, clientId: string): void {
    let inFlight = 0
    let closedHere = false
    const sendRaw = (frame: () => string | Uint8Array): void => {
      if (ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
        log(`[whalebook] closing ${clientId}: it left ${ws.bufferedAmount} bytes unread`)
        closedHere = true
        ws.close(CLOSE_POLICY, 'Too slow: too much output left unread; reconnect to resync')
        return
      }
      ws.send(frame())
    }
    const send = (frame: WsServerFrame): void => sendRaw(() => JSON.stringify(frame))
    const unsubscribe = bus.subscribe((event: EventName, payload) => {
      // A terminal's output goes as its bytes (ws-binary-event.ts): the page hands them to xterm as they are.
      if (event === 'terminal.data') {
        const output = payload as EventPayload<'terminal.data'>
        return sendRaw(() => encodeBinaryEvent(event, { ...output, data: utf8Bytes(output.data) }))
      }
      send({ event, payload })
    })
    let gone = false
    const leave = (): void => {
      if (gone) return
      gone = true
      unsubscribe()
      options.backend.clientGone(clientId)
    }
    ws.on('close', (code: number, reason: Buffer) => {
      // A page that closes or reloads says so (1000, 1001); anything else is a connection lost, and the page will show
      // its banner: the line says which client and how, for whoever reads the log after.
      if (!closedHere && !closing && !ORDERLY_CLOSES.has(code))
        log(`[whalebook] ${clientId} lost (${code}${reason.length ? `: ${logText(reason.toString())}` : ''})`)
      leave()
    })
    // Invalid frames, oversized frames, bad UTF-8: ws closes the socket with the right code.
    ws.on('error', (error: Error) => {
      log(`[whalebook] ${clientId}: ${error.message}`)
      closedHere = true
      leave()
    })
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (inFlight >= MAX_WS_CALLS_IN_FLIGHT) {
        const error: ApiErrorShape = {
          code: 'TOO_MANY_REQUESTS',
          message: `Too many calls at once (at most ${MAX_WS_CALLS_IN_FLIGHT}); wait for answers first`,
        }
        return send({ id: idOf(data, isBinary), envelope: { error } })
      }
      inFlight++
      void handleFrame(data, isBinary).then((reply) => {
        inFlight--
        send(reply)
      })
    })

    async function handleFrame(data: RawData, isBinary: boolean): Promise<WsResponseFrame> {
      const text = frameText(data, isBinary)
      if (text === undefined) return badFrame('Binary frames are not part of the protocol')
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return badFrame('Frame is not JSON')
      }
      const frame = WsRequestFrameSchema.safeParse(json)
      if (!frame.success) return badFrame('Frame is not {id, method, params}: id must be a safe integer')
      const { id, method, params } = frame.data
      return { id, envelope: await dispatcher.dispatch(method, params, { transport: 'ws', clientId }) }
    }
  }

  /** The id of a frame refused before it was read in full, when one can be seen cheaply. */
  function idOf(data: RawData, isBinary: boolean): number | null {
    const text = frameText(data, isBinary)
    const m = text === undefined ? null : /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text)
    return m ? Number(m[1]) : null
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    get clients() {
      return wss.clients.size
    },
    close: async () => {
      // Ending every client is the bridge's own doing: no client was lost.
      closing = true
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
