import { z } from 'zod'
import { NoParams } from './common'
import { DockerFailure } from './failure'

export const EngineEndpoint = z.object({
  /** How the CLI would write it: `unix:///var/run/docker.sock`, `tcp://host:2376`, ... */
  url: z.string(),
  kind: z.enum(['unix', 'npipe', 'tcp', 'ssh']),
  /** Where the choice came from, so the UI can explain it. */
  source: z.enum(['DOCKER_HOST', 'context', 'default', 'user']),
  tls: z.boolean(),
})
export type EngineEndpoint = z.infer<typeof EngineEndpoint>

export const EngineIdentity = z.object({
  name: z.string(),
  version: z.string(),
  apiVersion: z.string(),
  minApiVersion: z.string().optional(),
  os: z.string(),
  arch: z.string(),
  kernelVersion: z.string().optional(),
  operatingSystem: z.string().optional(),
  rootless: z.boolean(),
  containers: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
})
export type EngineIdentity = z.infer<typeof EngineIdentity>

export const EngineProblem = z.enum([
  'not-installed',
  'not-running',
  'permission-denied',
  'unreachable',
  'tls',
  'api-version',
  'unknown',
])
export type EngineProblem = z.infer<typeof EngineProblem>

export const EngineStatus = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('connected'),
    endpoint: EngineEndpoint,
    identity: EngineIdentity,
    checkedAt: z.number(),
  }),
  z.object({
    state: z.literal('unavailable'),
    endpoint: EngineEndpoint,
    problem: EngineProblem,
    /**
     * The engine's address is a local socket that does not exist: DOCKER_HOST or a context naming a path where nothing
     * is (said as such when `endpoint.source` is DOCKER_HOST), or an engine that was never started.
     */
    socketMissing: z.boolean(),
    /** The underlying error, verbatim. */
    message: z.string(),
    /** What it means and what to do, as the one classifier reads the error. */
    failure: DockerFailure,
    checkedAt: z.number(),
  }),
])
export type EngineStatus = z.infer<typeof EngineStatus>

export const EngineCandidate = z.object({ url: z.string(), label: z.string(), present: z.boolean() })

export const engineMethods = {
  /** Current status; never an error: an absent engine is a state, not a failure. */
  'engine.status': { params: NoParams, result: EngineStatus },
  /** Re-probe now instead of waiting for the next liveness tick. */
  'engine.refresh': { params: NoParams, result: EngineStatus },
  /** The engine's identity; ENGINE_UNAVAILABLE / ENGINE_PERMISSION_DENIED when it cannot be reached. */
  'engine.identity': { params: NoParams, result: EngineIdentity },
  /** Engines to switch to: the configured one, docker contexts, the system, rootless and Podman sockets. */
  'engine.candidates': { params: NoParams, result: z.array(EngineCandidate) },
  /** Switch engine: the panels reconnect, and terminals opened from now on talk to it. */
  'engine.use': {
    params: z
      .object({
        url: z
          .string()
          .min(1)
          .max(2048)
          .regex(/^(unix|npipe|tcp|ssh|https?):\/\//, 'unix://, npipe://, tcp:// or ssh://'),
      })
      .strict(),
    result: EngineStatus,
  },
} as const

export const engineEvents = {
  'engine.statusChanged': EngineStatus,
} as const
