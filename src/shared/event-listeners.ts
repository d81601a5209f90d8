import type { EventName } from './contract'
import type { Listener } from './transport'

/**
 * The event side of `window.api`, shared by both transports: listeners by event name, each
 * `on()` returning its own unsubscribe. Dependency-free, so the preload stays tiny.
 */
export function createEventListeners(): {
  on: <E extends EventName>(event: E, listener: Listener<E>) => () => void
  dispatch: (event: string, payload: unknown) => void
} {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  return {
    on: (event, listener) => {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => {
        set.delete(l)
      }
    },
    dispatch: (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload)
    },
  }
}
