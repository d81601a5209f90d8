/**
 * The kinds of docker failure the one classifier (`failure.ts`) tells apart: a file of their own, so that the contract's
 * schema and the classifier both read them without importing each other.
 */

/** A registry's failures, on a pull. */
export const REGISTRY_FAILURE_KINDS = [
  'dns',
  'refused',
  'timeout',
  'tls',
  'insecure-registry',
  'proxy',
  'unauthorized',
  'not-found-or-private',
  'rate-limited',
  'not-found',
  'v1-schema',
  'platform',
] as const

/** Every kind: the engine's, a registry's, then the machine's, the engine objects', the CLI's and the GPU's. */
export const FAILURE_KINDS = [
  // The engine itself.
  'engine-not-installed',
  'engine-not-running',
  'engine-permission',
  'engine-unreachable',
  'engine-tls',
  'engine-api-version',
  ...REGISTRY_FAILURE_KINDS,
  // The machine, the engine's objects and the CLI.
  'no-space',
  'name-in-use',
  'port-allocated',
  'in-use',
  'no-such-container',
  'no-such-image',
  'no-such-volume',
  'no-such-network',
  'invalid-port',
  'container-not-running',
  'unknown-command',
  'missing-argument',
  'missing-flag-value',
  'import-url',
  'oci-executable',
  'oci-permission',
  'oci-mount',
  'unknown-flag',
  'typographic-dash',
  'invalid-reference',
  'broken-continuation',
  // GPUs.
  'gpu-no-toolkit',
  'gpu-no-runtime',
  'gpu-driver',
  'other',
] as const
export type FailureKind = (typeof FAILURE_KINDS)[number]

/**
 * What a configured registry mirror did when it was asked, after a failed pull, for `/v2/` and the image's manifest:
 * `has-image` and `answers` are a working mirror (the latter when no image was asked for); the rest say how it failed.
 */
export const MIRROR_OUTCOMES = [
  'has-image',
  'answers',
  'missing',
  'refused',
  'dns',
  'timeout',
  'tls',
  'unauthorized',
  'rate-limited',
  'not-registry',
  'server-error',
  'unreachable',
] as const
export type MirrorOutcome = (typeof MIRROR_OUTCOMES)[number]
