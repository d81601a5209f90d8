import Docker from 'dockerode'
import { toModemOptions, type ResolvedEndpoint } from './docker-endpoint'
import type { EngineClient } from './engine-service'

/** A dockerode client for an endpoint. Bounded by a timeout so an unreachable host fails, not hangs. */
export function createDockerClient(endpoint: ResolvedEndpoint, timeoutMs = 5000): Docker & EngineClient {
  return new Docker({ ...toModemOptions(endpoint), timeout: timeoutMs }) as Docker & EngineClient
}
