import type { EventName, EventPayload, MethodName, Params, Result } from '@shared/contract'
import { ApiError } from '@shared/errors'
import type { WhalebookApi } from '@shared/transport'
import { createWsBridge } from './ws-bridge'

/**
 * The renderer's only door to the backend. Under Electron it is the preload's `window.api`;
 * in a browser (serve mode) the WebSocket bridge provides the same interface.
 */
const transport: WhalebookApi = window.api ?? createWsBridge(window.location)

if (transport.transport === 'ws' && window.location.search) {
  // Keep the token out of the address bar and history once the page has it.
  history.replaceState(null, '', window.location.pathname + window.location.hash)
}

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

export const transportKind = transport.transport

/** For end-to-end tests that probe the raw transport (bad calls included). */
declare global {
  interface Window {
    __whalebook?: WhalebookApi
  }
}
window.__whalebook = transport
