import { describe, expect, it } from 'vitest'
import { classifyEngineError } from '../../src/main/services/engine/engine-problem'

const unix = { socketKind: 'unix' as const, dockerInstalled: true }

describe('classifyEngineError', () => {
  it.each([
    [{ code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, unix, 'permission-denied'],
    [{ code: 'ENOENT' }, unix, 'not-running'],
    [{ code: 'ENOENT' }, { ...unix, dockerInstalled: false }, 'not-installed'],
    [{ code: 'ECONNREFUSED' }, unix, 'not-running'],
    [{ code: 'ECONNREFUSED' }, { socketKind: 'tcp' as const, dockerInstalled: true }, 'unreachable'],
    [{ code: 'EHOSTUNREACH' }, { socketKind: 'tcp' as const, dockerInstalled: true }, 'unreachable'],
    [
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      { socketKind: 'tcp' as const, dockerInstalled: true },
      'tls',
    ],
    [
      { statusCode: 400, message: 'client version 1.12 is too old. Minimum supported API version is 1.24' },
      unix,
      'api-version',
    ],
    [new Error('Timeout'), unix, 'unreachable'],
    [new Error('something else'), unix, 'unknown'],
  ])('%j → %s', (error, opts, expected) => {
    expect(classifyEngineError(error, opts)).toBe(expected)
  })
})
