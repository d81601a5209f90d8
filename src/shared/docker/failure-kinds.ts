/**
 * The kinds of docker failure the one classifier (`failure.ts`) tells apart: a file of their own, so that the contract's
 * schema and the classifier both read them without importing each other.
 */
export const FAILURE_KINDS = [
  // The engine itself.
  'engine-not-installed',
  'engine-not-running',
  'engine-permission',
  'engine-unreachable',
  'engine-tls',
  'engine-api-version',
  // A registry, on a pull.
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
  // The machine, the engine's objects and the CLI.
  'no-space',
  'name-in-use',
  'port-allocated',
  'in-use',
  'no-such-container',
  'no-such-image',
  'container-not-running',
  'unknown-command',
  'missing-argument',
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
