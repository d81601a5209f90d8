import { createEventListeners } from '@shared/event-listeners'
import type { ApiErrorShape, Envelope } from '@shared/errors'
import { decodeBinaryEvent } from '@shared/ws-binary-event'
import {
  TOKEN_QUERY,
  WS_PATH,
  WS_PROTOCOL,
  WS_TOKEN_PROTOCOL_PREFIX,
  type WhalebookApi,
  type WsServerFrame,
} from '@shared/transport'

const TOKEN_KEY = 'whalebook.serveToken'

/**
 * The serve token: from the printed URL once (then kept in this tab's sessionStorage, which no other origin, not even
 * another port on 127.0.0.1, can read), so that a reload still connects after the address bar was cleaned.
 */
export function takeServeToken(location: Location, storage: Storage): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get(TOKEN_QUERY)
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl)
    } catch {
      // Storage disabled: this page load still works; a reload will need the URL again.
    }
    return fromUrl
  }
  try {
    return storage.getItem(TOKEN_KEY) ?? undefined
  } catch {
    return undefined
  }
}

export type ConnectionState = 'connecting' | 'up' | 'down' | 'no-token'

/**
 * `window.api` for a plain browser (serve mode): the same interface as the preload's, over one WebSocket that proves
 * itself with the token as a subprotocol. Calls made while the socket is connecting are queued; a lost socket fails
 * pending calls with DISCONNECTED and reconnects with backoff.
 */
export function createWsBridge(
  location: Location,
  token: string | undefined,
  onConnection?: (state: ConnectionState) => void,
): WhalebookApi {
  const url = new URL(WS_PATH, location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''

  const listeners = createEventListeners()
  const pending = new Map<number, (e: Envelope<unknown>) => void>()
  const queue: string[] = []
  let nextId = 1
  let socket: WebSocket | undefined
  let retryMs = 250

  const disconnected = (message: string): ApiErrorShape => ({ code: 'DISCONNECTED', message })

  function connect(): void {
    if (!token) return onConnection?.('no-token')
    onConnection?.('connecting')
    const ws = new WebSocket(url, [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${token}`])
    socket = ws
    ws.onopen = () => {
      retryMs = 250
      onConnection?.('up')
      for (const frame of queue.splice(0)) ws.send(frame)
    }
    // A terminal's output comes in binary frames, and is handed to xterm as the bytes they hold.
    ws.binaryType = 'arraybuffer'
    ws.onmessage = (m: MessageEvent<string | ArrayBuffer>) => {
      if (typeof m.data !== 'string') {
        const event = decodeBinaryEvent(new Uint8Array(m.data))
        if (event) listeners.dispatch(event.event, event.payload)
        return
      }
      let frame: WsServerFrame
      try {
        frame = JSON.parse(m.data) as WsServerFrame
      } catch {
        return
      }
      if (frame.id === undefined) {
        listeners.dispatch(frame.event, frame.payload)
      } else if (frame.id !== null) {
        pending.get(frame.id)?.(frame.envelope)
        pending.delete(frame.id)
      }
    }
    ws.onclose = () => {
      onConnection?.('down')
      for (const [id, resolve] of pending) {
        resolve({ error: disconnected('The connection to the Whalebook backend was lost') })
        pending.delete(id)
      }
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 5000)
    }
  }
  connect()

  return {
    transport: 'ws',
    invoke: (method, params) =>
      new Promise((resolve) => {
        if (!token) {
          return resolve({
            error: { code: 'UNAUTHORIZED', message: 'Open the URL printed by `npm run serve`, with its token' },
          })
        }
        const id = nextId++
        pending.set(id, resolve as (e: Envelope<unknown>) => void)
        const frame = JSON.stringify({ id, method, params })
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame)
        else queue.push(frame)
      }),
    on: listeners.on,
  }
}
