import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseApiPath } from '@shared/docker/api-path'
import type { ProxiedExchange } from '../../src/main/services/engine-proxy/docker-proxy'
import type { EngineEvent } from '../../src/main/services/engine/engine-event'
import { isClaimed, mightClaim, readAnswer } from '../../src/main/services/runs/claims'

const x = (method: string, path: string, extra: Partial<ProxiedExchange> = {}): ProxiedExchange => ({
  seq: 1,
  method,
  path,
  startedAt: 1000,
  finishedAt: 1100,
  status: 200,
  ...extra,
})
const ev = (
  Type: string,
  Action: string,
  ID: string,
  Attributes: Record<string, string> = {},
  ms = 1050,
): EngineEvent => ({
  Type,
  Action,
  Actor: { ID, Attributes },
  timeNano: ms * 1e6,
})
const ID = 'a'.repeat(64)
const claims = (exchange: ProxiedExchange) => readAnswer(exchange).claims
const refs = (exchange: ProxiedExchange): string[] => claims(exchange).map((c) => `${c.kind}:${c.ref}`)

describe('what a docker CLI call made or touched, from the engine’s answer only', () => {
  it('reads ids from the answers, and names from successful answers', () => {
    expect(refs(x('POST', '/v1.41/containers/create?name=web', { status: 201, json: { Id: ID } }))).toEqual([
      `container:${ID}`,
    ])
    expect(refs(x('POST', '/v1.41/containers/web/start', { status: 204 }))).toEqual(['container:web'])
    expect(refs(x('DELETE', '/v1.41/containers/abc123?force=1', { status: 204 }))).toEqual(['container:abc123'])
    expect(refs(x('POST', '/v1.41/images/create?fromImage=nginx&tag=latest'))).toEqual(['image:nginx:latest'])
    expect(refs(x('POST', '/v1.41/build?t=wbtest%2Fv3%3Aabc&q=1', { lines: [] }))).toEqual(['image:wbtest/v3:abc'])
    expect(
      refs(x('POST', '/v1.41/commit?container=web&repo=nginx&tag=v2', { status: 201, json: { Id: 'sha256:1' } })),
    ).toEqual(['image:sha256:1', 'container:web', 'image:nginx:v2'])
    expect(
      refs(x('DELETE', '/v1.41/images/nginx:v2', { json: [{ Untagged: 'nginx:v2' }, { Deleted: 'sha256:2' }] })),
    ).toEqual(['image:nginx:v2', 'image:nginx:v2', 'image:sha256:2'])
    expect(refs(x('POST', '/v1.41/volumes/create', { status: 201, json: { Name: 'my-vol' } }))).toEqual([
      'volume:my-vol',
    ])
    expect(refs(x('POST', '/v1.41/networks/create', { status: 201, json: { Id: ID } }))).toEqual([`network:${ID}`])
    expect(refs(x('POST', '/v1.41/containers/prune', { json: { ContainersDeleted: [ID] } }))).toEqual([
      `container:${ID}`,
    ])
    // The classic builder names each step's container in its stream.
    expect(
      refs(
        x('POST', '/build?t=x', {
          lines: [{ stream: ' ---> Running in 0123456789ab\n' }, { aux: { ID: 'sha256:9' } }],
        }),
      ),
    ).toEqual(['image:x:latest', 'container:0123456789ab', 'image:sha256:9'])
  })

  it('claims nothing from a refused call, an unanswered one, one that changed nothing, or a failed stream', () => {
    expect(claims(x('POST', '/v1.41/containers/create', { status: 409, json: { message: 'Conflict' } }))).toEqual([])
    expect(claims(x('DELETE', '/v1.41/containers/web?force=1', { status: 404 }))).toEqual([])
    expect(claims(x('POST', '/v1.41/containers/create?name=web', { status: 0, aborted: true }))).toEqual([])
    expect(claims(x('POST', '/v1.41/containers/web/start', { status: 304 }))).toEqual([])
    expect(claims(x('POST', '/v1.41/networks/create', { status: 500 }))).toEqual([])
    expect(
      claims(x('POST', '/v1.41/images/create?fromImage=nope', { lines: [{ error: 'pull access denied' }] })),
    ).toEqual([])
    // Reading changes nothing.
    expect(claims(x('GET', '/v1.41/containers/web/json', { json: { Id: ID } }))).toEqual([])
    expect(claims(x('POST', `/v1.41/containers/${ID}/wait`))).toEqual([])
  })

  it('matches names exactly and only hex ids of 12 or more characters as prefixes', () => {
    const data = claims(x('POST', '/v1.41/volumes/create', { status: 201, json: { Name: 'data' } }))
    expect(isClaimed(ev('volume', 'create', 'data'), data)).toBe(true)
    expect(isClaimed(ev('volume', 'create', 'data-prod'), data)).toBe(false)
    const short = claims(x('POST', '/v1.41/containers/abc/start', { status: 204 }))
    expect(isClaimed(ev('container', 'start', `abc${'0'.repeat(61)}`, { name: 'other' }), short)).toBe(false)
    const byId = claims(x('POST', '/v1.41/containers/create', { status: 201, json: { Id: ID } }))
    expect(isClaimed(ev('container', 'create', ID, { name: 'web' }), byId)).toBe(true)
    const prefix = claims(x('POST', `/v1.41/containers/${ID.slice(0, 12)}/stop`, { status: 204 }))
    expect(isClaimed(ev('container', 'die', ID, { name: 'web' }), prefix)).toBe(true)
    const pulled = claims(x('POST', '/v1.41/images/create?fromImage=nginx&tag=latest'))
    expect(isClaimed(ev('image', 'pull', 'nginx:latest'), pulled)).toBe(true)
    expect(isClaimed(ev('image', 'pull', 'docker.io/library/nginx:latest'), pulled)).toBe(true)
    expect(isClaimed(ev('image', 'pull', 'redis:latest'), pulled)).toBe(false)
  })

  it('lets a name taken by a removal or a start own no creation, and no event long after its answer', () => {
    const removed = claims(x('DELETE', '/v1.41/containers/web?force=1', { status: 204 }))
    expect(isClaimed(ev('container', 'destroy', ID, { name: 'web' }), removed)).toBe(true)
    // Another client makes a new `web` meanwhile: its create is not the removal's.
    expect(isClaimed(ev('container', 'create', 'b'.repeat(64), { name: 'web' }), removed)).toBe(false)
    // … nor its start a few seconds later.
    expect(isClaimed(ev('container', 'start', 'b'.repeat(64), { name: 'web' }, 5000), removed)).toBe(false)
  })

  it('says which events the engine is now sure to report', () => {
    expect(readAnswer(x('POST', '/v1.41/containers/create', { status: 201, json: { Id: ID } })).expects).toEqual([
      { kind: 'container', ref: ID, actions: ['create'], after: 1000 },
    ])
    expect(readAnswer(x('POST', `/v1.41/containers/${ID}/wait?condition=removed`)).expects).toEqual([
      { kind: 'container', ref: ID, actions: ['destroy'], after: 1000 },
    ])
    expect(readAnswer(x('POST', `/v1.41/containers/${ID}/wait?condition=next-exit`)).expects[0]?.actions).toEqual([
      'die',
    ])
  })

  it('holds an event only for calls in flight that might still claim it', () => {
    const inFlight = (method: string, path: string) => ({ method, path, startedAt: 1000 })
    expect(mightClaim(inFlight('POST', '/v1.41/containers/create'), ev('container', 'create', ID))).toBe(true)
    expect(mightClaim(inFlight('POST', '/v1.41/containers/create'), ev('volume', 'create', 'anon'))).toBe(true)
    expect(
      mightClaim(inFlight('POST', '/v1.41/containers/web/stop'), ev('container', 'die', ID, { name: 'web' })),
    ).toBe(true)
    expect(mightClaim(inFlight('POST', '/v1.41/containers/web/stop'), ev('container', 'die', ID, { name: 'db' }))).toBe(
      false,
    )
    expect(mightClaim(inFlight('POST', `/v1.41/containers/${ID}/wait`), ev('container', 'die', ID))).toBe(false)
    expect(mightClaim(inFlight('GET', '/v1.41/containers/json'), ev('container', 'create', ID))).toBe(false)
    expect(mightClaim(inFlight('POST', '/v1.41/volumes/create'), ev('network', 'create', ID))).toBe(false)
    // An event from before the call began is not its.
    expect(
      mightClaim({ ...inFlight('POST', '/v1.41/containers/create'), startedAt: 5000 }, ev('container', 'create', ID)),
    ).toBe(false)
  })

  it('never throws on any request target or answer a client could cause', () => {
    for (const path of ['//', '///', '//%zz/x', '/%', '?', '*', 'http://x//', '/v1.41//images//create?fromImage=%zz']) {
      expect(() => parseApiPath(path)).not.toThrow()
      expect(() => readAnswer(x('POST', path))).not.toThrow()
    }
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'HEAD', 'G\u0000T'),
        fc.string({ maxLength: 80 }),
        fc.integer({ min: 0, max: 999 }),
        fc.jsonValue(),
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        (method, path, status, json, lines) => {
          const exchange = x(method, path, { status, json, lines })
          const read = readAnswer(exchange)
          isClaimed(ev('container', 'create', ID), read.claims)
          mightClaim(exchange, ev('image', 'tag', ID))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
