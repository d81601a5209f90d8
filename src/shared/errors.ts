/**
 * Every failure that crosses the API boundary is one of these codes, so the UI can react to
 * the kind of failure without parsing message text (which may be Chinese, or the engine's own).
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'UNAUTHORIZED',
  'ENGINE_UNAVAILABLE',
  'ENGINE_PERMISSION_DENIED',
  'ENGINE_ERROR',
  'TERMINAL_NOT_FOUND',
  'TERMINAL_EXITED',
  'TERMINAL_BUSY',
  'SHELL_NOT_FOUND',
  'GPU_PROBE_FAILED',
  'DISCONNECTED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiErrorShape {
  code: ErrorCode
  message: string
  /** Machine-readable specifics, e.g. the schema issues of a BAD_REQUEST. */
  details?: unknown
}

/** Thrown by services; the dispatcher turns it into an `{error}` envelope unchanged. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    if (details !== undefined) this.details = details
  }

  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export type Envelope<T> = { result: T } | { error: ApiErrorShape }

/** An error's message, whatever was thrown (an Error, an object with a message, anything else). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message)
  return String(error)
}
