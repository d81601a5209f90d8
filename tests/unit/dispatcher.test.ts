import { describe, expect, it } from 'vitest'
import { Dispatcher, type Handlers } from '../../src/main/rpc/dispatcher'
import { ApiError } from '@shared/errors'

const ctx = { transport: 'ipc' as const, clientId: 't' }

function dispatcherWith(overrides: Partial<Handlers>, maxParamsBytes?: number): Dispatcher {
  const fail = (): never => {
    throw new Error('not under test')
  }
  const handlers = {
    'app.info': () => ({ name: 'Whalebook', version: '1', transport: 'ipc', platform: 'linux', locale: 'zh-CN' }),
    'engine.status': fail,
    'engine.refresh': fail,
    'engine.identity': fail,
    ...overrides,
  } as Handlers
  return new Dispatcher(handlers, { onInternalError: () => {}, ...(maxParamsBytes ? { maxParamsBytes } : {}) })
}

describe('Dispatcher', () => {
  it('returns the handler result in a result envelope', async () => {
    expect(await dispatcherWith({}).dispatch('app.info', {}, ctx)).toMatchObject({ result: { name: 'Whalebook' } })
  })

  it('passes an ApiError through with its code and Chinese message intact', async () => {
    const d = dispatcherWith({
      'engine.identity': () => {
        throw new ApiError('ENGINE_PERMISSION_DENIED', '没有权限访问 Docker socket', { problem: 'permission-denied' })
      },
    })
    expect(await d.dispatch('engine.identity', {}, ctx)).toEqual({
      error: {
        code: 'ENGINE_PERMISSION_DENIED',
        message: '没有权限访问 Docker socket',
        details: { problem: 'permission-denied' },
      },
    })
  })

  it('turns an unexpected throw or rejection into INTERNAL instead of throwing', async () => {
    const d = dispatcherWith({
      'engine.status': () => {
        throw new TypeError('boom')
      },
      'engine.refresh': () => Promise.reject(new Error('async boom')),
    })
    expect(await d.dispatch('engine.status', {}, ctx)).toMatchObject({
      error: { code: 'INTERNAL', message: expect.stringContaining('boom') },
    })
    expect(await d.dispatch('engine.refresh', {}, ctx)).toMatchObject({ error: { code: 'INTERNAL' } })
  })

  it('rejects unknown methods, including prototype names', async () => {
    const d = dispatcherWith({})
    for (const name of ['nope', 'toString', '__proto__', 'constructor', undefined, null, 7]) {
      expect(await d.dispatch(name, {}, ctx)).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
    }
  })

  it('rejects wrong param types with the schema issues listed', async () => {
    const result = await dispatcherWith({}).dispatch('app.info', { extra: 1 }, ctx)
    expect(result).toMatchObject({ error: { code: 'BAD_REQUEST', details: { issues: expect.any(Array) } } })
  })

  it('rejects params that cannot be serialized (cycles, BigInt)', async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const d = dispatcherWith({})
    expect(await d.dispatch('app.info', cyclic, ctx)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(await d.dispatch('app.info', { n: 1n }, ctx)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })

  it('rejects oversized params before parsing them', async () => {
    const d = dispatcherWith({}, 100)
    expect(await d.dispatch('app.info', { s: 'y'.repeat(200) }, ctx)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', details: { limit: 100 } },
    })
  })
})
