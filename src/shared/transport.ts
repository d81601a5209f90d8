import type { Envelope } from './errors'
import type { EventName, EventPayload, MethodName, Params, Result } from './contract'

/** The only two Electron IPC channels: every call and every event is multiplexed over them. */
export const IPC_INVOKE_CHANNEL = 'whalebook:invoke'
export const IPC_EVENT_CHANNEL = 'whalebook:event'

/** Path of the serve bridge's WebSocket endpoint. */
export const WS_PATH = '/api'
/** The printed URL carries the token here once; the page keeps it in sessionStorage (per origin, port included). */
export const TOKEN_QUERY = 'token'
/**
 * The WebSocket subprotocol the bridge speaks, and the prefix of the one that carries the token. The token travels
 * only in the upgrade's `Sec-WebSocket-Protocol` header, never in a cookie: cookies ignore ports, so a cookie would
 * reach every other server on 127.0.0.1, the containers the book publishes with `-p` among them.
 */
export const WS_PROTOCOL = 'whalebook.v1'
export const WS_TOKEN_PROTOCOL_PREFIX = 'whalebook.token.'

export interface InvokeRequest {
  method: string
  params: unknown
}

export interface EventMessage {
  event: string
  payload: unknown
}

export interface WsResponseFrame {
  id: number | null
  envelope: Envelope<unknown>
}
export type WsServerFrame = WsResponseFrame | ({ id?: undefined } & EventMessage)

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void

/**
 * The whole backend as the renderer sees it: `window.api` under Electron, the WebSocket
 * bridge in a browser. Calls resolve to envelopes and never reject for backend errors.
 */
export interface WhalebookApi {
  readonly transport: 'ipc' | 'ws'
  invoke<M extends MethodName>(method: M, params: Params<M>): Promise<Envelope<Result<M>>>
  on<E extends EventName>(event: E, listener: Listener<E>): () => void
}
