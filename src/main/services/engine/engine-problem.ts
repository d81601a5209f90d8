import type { EngineProblem } from '@shared/contract'

interface ErrorLike {
  code?: unknown
  statusCode?: unknown
  message?: unknown
  reason?: unknown
  json?: unknown
}

const UNREACHABLE = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'])

/** Maps whatever dockerode/docker-modem/node:net threw to the one problem the UI explains. */
export function classifyEngineError(
  error: unknown,
  opts: { socketKind: 'unix' | 'npipe' | 'tcp' | 'ssh'; dockerInstalled: boolean },
): EngineProblem {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' ? e.message : String(error)

  if (code === 'EACCES' || code === 'EPERM') return 'permission-denied'
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|SELF_SIGNED|certificate|SSL|TLS/i.test(code + ' ' + message)
  ) {
    return 'tls'
  }
  if (
    e.statusCode === 400 &&
    /client version .* is too (old|new)|API version|minimum supported API version/i.test(message)
  ) {
    return 'api-version'
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    if (opts.socketKind === 'tcp' || opts.socketKind === 'ssh') return 'unreachable'
    return opts.dockerInstalled ? 'not-running' : 'not-installed'
  }
  if (UNREACHABLE.has(code) || /timed? ?out/i.test(message)) return 'unreachable'
  return 'unknown'
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message)
  return String(error)
}
