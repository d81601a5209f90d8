import type { EventName, EventPayload } from '@shared/contract'

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Fan-out of backend events to every attached transport (the window, each WebSocket client). */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload)
      } catch {
        // One broken transport (a closed window, a dead socket) must not starve the others.
      }
    }
  }

  /** One event's payloads, typed: how a service that reacts to another's news is wired to it. */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    return this.subscribe((name: EventName, payload: unknown) => {
      if (name === event) handler(payload as EventPayload<E>)
    })
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
