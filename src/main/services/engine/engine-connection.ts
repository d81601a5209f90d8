import type Docker from 'dockerode'
import { createDockerClient } from './create-engine-client'
import type { ResolvedEndpoint } from './docker-endpoint'
import type { EngineClient } from './engine-service'

/**
 * The engine the app is connected to, switchable at run time: every service reads its clients
 * from here at each use, and the ones that hold a connection open (the event stream) are told.
 */
export class EngineConnection {
  private readonly listeners = new Set<() => void>()
  endpoint!: ResolvedEndpoint
  /** Requests, bounded by a timeout so an unreachable host fails instead of hanging. */
  docker!: Docker & EngineClient
  /** Streams (events, pulls, waits, stats) that must not be cut by that timeout. */
  streams!: Docker

  constructor(endpoint: ResolvedEndpoint) {
    this.set(endpoint)
  }

  private set(endpoint: ResolvedEndpoint): void {
    this.endpoint = endpoint
    this.docker = createDockerClient(endpoint)
    this.streams = createDockerClient(endpoint, 0)
  }

  use(endpoint: ResolvedEndpoint): void {
    this.set(endpoint)
    for (const l of this.listeners) l()
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
