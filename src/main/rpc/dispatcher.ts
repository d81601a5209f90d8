import type { z } from 'zod'
import { isMethodName, methods, type MethodName, type Params, type Result } from '@shared/contract'
import { ApiError, type ApiErrorShape, type Envelope, errorMessage } from '@shared/errors'
import { MAX_PARAMS_BYTES } from '@shared/limits'

export interface CallContext {
  transport: 'ipc' | 'ws'
  /** Stable per window or per WebSocket connection. */
  clientId: string
}

export type Handler<M extends MethodName> = (
  params: z.output<(typeof methods)[M]['params']>,
  ctx: CallContext,
) => Promise<Result<M>> | Result<M>

export type Handlers = { [M in MethodName]: Handler<M> }

export interface DispatcherOptions {
  maxParamsBytes?: number
  /** Where unexpected failures are reported; they reach the caller only as INTERNAL. */
  onInternalError?: (method: string, error: unknown) => void
}

function fail(code: ApiErrorShape['code'], message: string, details?: unknown): { error: ApiErrorShape } {
  return { error: new ApiError(code, message, details).toJSON() }
}

function serializedSize(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value)
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Validates and runs one call. It never throws: every outcome, including bugs in handlers,
 * becomes an envelope, so neither transport can be crashed by what a page sends.
 */
export class Dispatcher {
  private readonly maxParamsBytes: number

  constructor(
    private readonly handlers: Handlers,
    private readonly options: DispatcherOptions = {},
  ) {
    this.maxParamsBytes = options.maxParamsBytes ?? MAX_PARAMS_BYTES
  }

  async dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return fail('UNKNOWN_METHOD', `Unknown method: ${typeof method === 'string' ? method : typeof method}`)
    }
    const size = serializedSize(params)
    if (size === undefined) return fail('BAD_REQUEST', `${method}: params are not serializable`)
    if (size > this.maxParamsBytes) {
      return fail('PAYLOAD_TOO_LARGE', `${method}: params are ${size} bytes, the limit is ${this.maxParamsBytes}`, {
        size,
        limit: this.maxParamsBytes,
      })
    }
    const parsed = methods[method].params.safeParse(params ?? {})
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
      const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
      return fail('BAD_REQUEST', `${method}: ${summary}`, { issues })
    }
    try {
      const handler = this.handlers[method] as Handler<typeof method>
      return { result: await handler(parsed.data as never, ctx) }
    } catch (error) {
      if (error instanceof ApiError) return { error: error.toJSON() }
      this.options.onInternalError?.(method, error)
      return fail('INTERNAL', `${method} failed: ${errorMessage(error)}`)
    }
  }
}

export type { Params }
