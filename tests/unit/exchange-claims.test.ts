import { describe, expect, it } from 'vitest'
import type { ProxiedExchange } from '../../src/main/services/engine-proxy/docker-proxy'
import { claimsOf, isClaimed } from '../../src/main/services/engine-proxy/exchange-claims'
import type { EngineEvent } from '../../src/main/services/resources/engine-event'

const x = (method: string, path: string, extra: Partial<ProxiedExchange> = {}): ProxiedExchange => ({
  method,
  path,
  startedAt: 0,
  finishedAt: 1,
  status: 200,
  ...extra,
})
const ev = (Type: string, Action: string, ID: string, Attributes: Record<string, string> = {}): EngineEvent => ({
  Type,
  Action,
  Actor: { ID, Attributes },
})
const ID = 'a'.repeat(64)

describe('what a docker CLI call made or touched', () => {
  it('reads the ids from the engine’s answers and the names from the request', () => {
    expect(claimsOf(x('POST', '/v1.41/containers/create?name=web', { json: { Id: ID } }))).toEqual([`container:${ID}`])
    expect(claimsOf(x('POST', '/v1.41/containers/web/start'))).toEqual(['container:web'])
    expect(claimsOf(x('DELETE', '/v1.41/containers/abc123?force=1'))).toEqual(['container:abc123'])
    expect(claimsOf(x('POST', '/v1.41/images/create?fromImage=nginx&tag=latest'))).toEqual(['image:nginx:latest'])
    expect(claimsOf(x('POST', '/v1.41/build?t=wbtest%2Fv3%3Aabc&q=1'))).toEqual(['image:wbtest/v3:abc'])
    expect(claimsOf(x('POST', '/v1.41/commit?container=web&repo=nginx&tag=v2', { json: { Id: 'sha256:1' } }))).toEqual([
      'image:sha256:1',
      'container:web',
      'image:nginx:v2',
    ])
    expect(
      claimsOf(x('DELETE', '/v1.41/images/nginx:v2', { json: [{ Untagged: 'nginx:v2' }, { Deleted: 'sha256:2' }] })),
    ).toEqual(['image:nginx:v2', 'image:nginx:v2', 'image:sha256:2'])
    expect(claimsOf(x('POST', '/v1.41/volumes/create', { json: { Name: 'my-vol' } }))).toEqual(['volume:my-vol'])
    expect(claimsOf(x('POST', '/v1.41/containers/prune', { json: { ContainersDeleted: [ID] } }))).toEqual([
      `container:${ID}`,
    ])
    // A refused call made nothing.
    expect(claimsOf(x('POST', '/v1.41/containers/create', { status: 409, json: { message: 'Conflict' } }))).toEqual([])
  })

  it('matches engine events by id, id prefix, name and image reference', () => {
    const claims = new Set([`container:abc123`, 'container:web', 'image:nginx:latest', 'volume:my-vol'])
    expect(isClaimed(ev('container', 'start', `abc123${'0'.repeat(58)}`), claims)).toBe(true)
    expect(isClaimed(ev('container', 'die', ID, { name: 'web' }), claims)).toBe(true)
    expect(isClaimed(ev('image', 'pull', 'nginx:latest'), claims)).toBe(true)
    expect(isClaimed(ev('image', 'pull', 'docker.io/library/nginx:latest'), claims)).toBe(true)
    expect(isClaimed(ev('volume', 'create', 'my-vol'), claims)).toBe(true)
    expect(isClaimed(ev('container', 'create', ID, { name: 'theirs' }), claims)).toBe(false)
    expect(isClaimed(ev('volume', 'create', 'their-vol'), claims)).toBe(false)
    expect(isClaimed(ev('image', 'pull', 'redis:latest'), claims)).toBe(false)
  })
})
