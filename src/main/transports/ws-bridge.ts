import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { EventName } from '@shared/contract'
import { ApiError } from '@shared/errors'
import { MAX_WS_FRAME_BYTES } from '@shared/limits'
import { TOKEN_COOKIE, WS_PATH, type WsResponseFrame, type WsServerFrame } from '@shared/transport'
import type { Backend } from '../services'
import { createToken, isLoopbackHost, isSameLoopbackOrigin, tokenOf } from './serve-auth'

export interface ServeOptions {
  backend: Pick<Backend, 'dispatcher' | 'bus'>
  /** The built renderer (out/renderer). */
  staticDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  token?: string
}

export interface ServeBridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Same as the renderer's meta CSP, plus what only a header can say. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(message)
}

/**
 * The `serve` transport: the built renderer and the API on loopback only, behind a per-run
 * token, for headless machines (over an SSH tunnel) and for end-to-end tests in a browser.
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
  const { dispatcher, bus } = options.backend
  const files = sirv(options.staticDir, { dev: false, etag: true, gzip: false, brotli: false, single: false })
  let port = 0
  let nextClient = 0

  const server: Server = createServer((req, res) => {
    if (!isSameLoopbackOrigin(req, port)) return refuse(res, 403, 'Forbidden: wrong host')
    const how = tokenOf(req, token)
    if (!how) return refuse(res, 401, 'Unauthorized: open the URL with its token, as printed by `npm run serve`.')
    res.setHeader('Content-Security-Policy', CSP)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    if (how === 'query') {
      // Later asset requests and the WebSocket prove themselves with the cookie instead.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`)
    }
    files(req, res, () => refuse(res, 404, 'Not found'))
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME_BYTES })

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const reject = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (path !== WS_PATH) return reject('404 Not Found')
    if (!isSameLoopbackOrigin(req, port)) return reject('403 Forbidden')
    if (!tokenOf(req, token)) return reject('401 Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, `ws-${++nextClient}`))
  })

  function attach(ws: WebSocket, clientId: string): void {
    const send = (frame: WsServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
    }
    const unsubscribe = bus.subscribe((event: EventName, payload) => send({ event, payload }))
    ws.on('close', unsubscribe)
    ws.on('error', unsubscribe)
    ws.on('message', (data: RawData) => {
      void handleFrame(data).then(send)
    })

    async function handleFrame(data: RawData): Promise<WsResponseFrame> {
      let frame: unknown
      try {
        frame = JSON.parse(data.toString())
      } catch {
        return { id: null, envelope: { error: { code: 'BAD_REQUEST', message: 'Frame is not JSON' } } }
      }
      const f = (typeof frame === 'object' && frame !== null ? frame : {}) as Record<string, unknown>
      const id = typeof f.id === 'number' && Number.isSafeInteger(f.id) ? f.id : null
      if (id === null) {
        return { id: null, envelope: { error: { code: 'BAD_REQUEST', message: 'Frame has no numeric id' } } }
      }
      return { id, envelope: await dispatcher.dispatch(f.method, f.params, { transport: 'ws', clientId }) }
    }
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
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
