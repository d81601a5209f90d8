import { describe, expect, it } from 'vitest'
import { EngineStatus } from '@shared/contract'
import { dockerFailure } from '@shared/docker/failure'
import { sameStatus } from '../../src/main/services/engine/engine-service'

describe('when the engine’s status is news', () => {
  const endpoint = { url: 'unix:///run/x.sock', kind: 'unix', source: 'DOCKER_HOST', tls: false } as const
  const down = (socketMissing: boolean, message: string): EngineStatus =>
    EngineStatus.parse({
      state: 'unavailable',
      endpoint,
      problem: 'not-running',
      socketMissing,
      message,
      failure: dockerFailure('engine-not-running', message),
      checkedAt: 1,
    })

  it('the same problem again is not; a socket that appeared (or went) while the engine stays down is', () => {
    expect(sameStatus(down(true, 'connect ENOENT'), down(true, 'connect ENOENT'))).toBe(true)
    expect(sameStatus(down(true, 'connect ENOENT'), down(false, 'connect ECONNREFUSED'))).toBe(false)
    expect(sameStatus(undefined, down(false, 'x'))).toBe(false)
  })
})
