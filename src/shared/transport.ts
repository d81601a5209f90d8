import type { Envelope } from './errors'
import type { EventName, EventPayload, MethodName, Params, Result } from './contract'

/** The only two Electron IPC channels: every call and every event is multiplexed over them. */
export const IPC_INVOKE_CHANNEL = 'whalebook:invoke'
export const IPC_EVENT_CHANNEL = 'whalebook:event'

/** Path of the serve bridge's WebSocket endpoint. */
export const WS_PATH = '/api'
export const TOKEN_QUERY = 'token'
export const TOKEN_COOKIE = 'whalebook_token'

export interface InvokeRequest {
  method: string
  params: unknown
}

export interface EventMessage {
  event: string
  payload: unknown
}

/** WebSocket frames of the serve bridge. */
export interface WsRequestFrame extends InvokeRequest {
  id: number
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
