import { ref, watch } from 'vue'
import type { EventName, EventPayload, MethodName, Params, Result } from '@shared/contract'
import { ApiError } from '@shared/errors'
import type { WhalebookApi } from '@shared/transport'
import { createWsBridge, takeServeToken, type ConnectionState } from './ws-bridge'

/** The backend connection as the UI shows it; under Electron it is always up. */
export const connection = ref<ConnectionState>('up')
const reconnectListeners = new Set<() => void>()
let wasDown = false

function onConnection(state: ConnectionState): void {
  connection.value = state
  if (state === 'down') wasDown = true
  if (state === 'up' && wasDown) {
    wasDown = false
    // Events were missed while the socket was down: every store reloads, every terminal attaches again.
    for (const listener of reconnectListeners) listener()
  }
}

function browserTransport(): WhalebookApi {
  const token = takeServeToken(window.location, window.sessionStorage)
  if (window.location.search) {
    // Keep the token out of the address bar and history once the page has it.
    history.replaceState(null, '', window.location.pathname + window.location.hash)
  }
  return createWsBridge(window.location, token, onConnection)
}

/**
 * The renderer's only door to the backend. Under Electron it is the preload's `window.api`;
 * in a browser (serve mode) the WebSocket bridge provides the same interface.
 */
const transport: WhalebookApi = window.api ?? browserTransport()

/** Calls a method; resolves with its result or rejects with a typed ApiError. */
export async function call<M extends MethodName>(
  method: M,
  ...args: Record<never, never> extends Params<M> ? [params?: Params<M>] : [params: Params<M>]
): Promise<Result<M>> {
  const envelope = await transport.invoke(method, (args[0] ?? {}) as Params<M>)
  if ('error' in envelope) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details)
  return envelope.result
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return transport.on(event, listener)
}

/**
 * Resolves once the backend's connection is open (at once under Electron, whose IPC needs none), or after `maxMs`:
 * calls made before it are sent the moment it opens, which the page cannot notice while it is busy building itself.
 */
export function whenConnected(maxMs: number): Promise<void> {
  if (connection.value !== 'connecting') return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxMs)
    const stop = watch(connection, (state) => state !== 'connecting' && done())
    function done(): void {
      clearTimeout(timer)
      stop()
      resolve()
    }
  })
}

/** Runs `listener` each time the connection comes back after a loss (serve mode); returns an unsubscribe. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener)
  return () => reconnectListeners.delete(listener)
}

/** For end-to-end tests that probe the raw transport (bad calls included); absent from production builds. */
declare global {
  interface Window {
    __whalebook?: WhalebookApi
  }
}
if (__WHALEBOOK_TEST_HOOKS__) window.__whalebook = transport
