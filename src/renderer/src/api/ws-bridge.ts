import { createEventListeners } from '@shared/event-listeners'
import type { ApiErrorShape, Envelope } from '@shared/errors'
import { TOKEN_QUERY, WS_PATH, type WhalebookApi, type WsServerFrame } from '@shared/transport'

/**
 * `window.api` for a plain browser (serve mode): the same interface as the preload's, over one
 * WebSocket. Calls made while the socket is connecting are queued; a lost socket fails pending
 * calls with DISCONNECTED and reconnects with backoff.
 */
export function createWsBridge(location: Location, onConnection?: (up: boolean) => void): WhalebookApi {
  const token = new URLSearchParams(location.search).get(TOKEN_QUERY)
  const url = new URL(WS_PATH, location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  // With no token in the URL the server's HttpOnly cookie (set when the page loaded) proves us.
  if (token) url.searchParams.set(TOKEN_QUERY, token)

  const listeners = createEventListeners()
  const pending = new Map<number, (e: Envelope<unknown>) => void>()
  const queue: string[] = []
  let nextId = 1
  let socket: WebSocket
  let retryMs = 250

  const disconnected = (message: string): ApiErrorShape => ({ code: 'DISCONNECTED', message })

  function connect(): void {
    socket = new WebSocket(url)
    socket.onopen = () => {
      retryMs = 250
      onConnection?.(true)
      for (const frame of queue.splice(0)) socket.send(frame)
    }
    socket.onmessage = (m: MessageEvent<string>) => {
      const frame = JSON.parse(m.data) as WsServerFrame
      if (frame.id === undefined) {
        listeners.dispatch(frame.event, frame.payload)
      } else if (frame.id !== null) {
        pending.get(frame.id)?.(frame.envelope)
        pending.delete(frame.id)
      }
    }
    socket.onclose = () => {
      onConnection?.(false)
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
        const id = nextId++
        pending.set(id, resolve as (e: Envelope<unknown>) => void)
        const frame = JSON.stringify({ id, method, params })
        if (socket.readyState === WebSocket.OPEN) socket.send(frame)
        else queue.push(frame)
      }),
    on: listeners.on,
  }
}
