import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type Docker from 'dockerode'
import { EngineEventStream } from '../../src/main/services/resources/engine-event-stream'
import type { EngineEvent } from '../../src/main/services/engine/engine-event'

/** An engine whose answers to `getEvents` the test gives, one at a time, in the order they were asked. */
function engine(): { docker: Docker; asked: Array<{ resolve: (s: PassThrough) => void; reject: (e: Error) => void }> } {
  const asked: Array<{ resolve: (s: PassThrough) => void; reject: (e: Error) => void }> = []
  const docker = {
    getEvents: () => new Promise<PassThrough>((resolve, reject) => asked.push({ resolve, reject })),
  } as unknown as Docker
  return { docker, asked }
}

const event = (id: string): string => `${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: id } })}\n`
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('the engine event stream', () => {
  function stream(docker: () => Docker) {
    const got: string[] = []
    let connects = 0
    const s = new EngineEventStream(docker, {
      onEvent: (e: EngineEvent) => got.push(e.Actor?.ID ?? ''),
      onConnected: () => connects++,
      onDisconnected: () => undefined,
      minBackoffMs: 5,
      maxBackoffMs: 5,
    })
    return { s, got, connects: () => connects }
  }

  /** A stream started on engine A, then stopped and started on engine B (another engine chosen) before A answered. */
  function switched() {
    const a = engine()
    const b = engine()
    let current = a.docker
    const watched = stream(() => current)
    watched.s.start()
    expect(a.asked).toHaveLength(1)
    watched.s.stop()
    current = b.docker
    watched.s.start()
    expect(b.asked).toHaveLength(1)
    return { a, b, ...watched }
  }

  it('a subscription that answers after the stream moved to another engine is closed, and only the new one is heard', async () => {
    const { a, b, s, got, connects } = switched()
    const late = new PassThrough()
    a.asked[0]?.resolve(late)
    await tick()
    expect(late.destroyed).toBe(true)
    expect(connects()).toBe(0)
    expect(s.isConnected).toBe(false)

    const fresh = new PassThrough()
    b.asked[0]?.resolve(fresh)
    await tick()
    fresh.write(event('from-b'))
    late.write(event('from-a'))
    await tick()
    expect(connects()).toBe(1)
    expect(s.isConnected).toBe(true)
    expect(got).toEqual(['from-b'])
    s.stop()
  })

  it('a subscription that fails after the stream moved to another engine does not retry beside the new one', async () => {
    const { a, b, s, got, connects } = switched()
    a.asked[0]?.reject(new Error('connect ENOENT /var/run/docker.sock'))
    const fresh = new PassThrough()
    b.asked[0]?.resolve(fresh)
    // Several backoffs' time: a retry from the old life would have asked one of the engines again by now.
    await tick(50)
    fresh.write(event('from-b'))
    await tick()
    expect(got).toEqual(['from-b'])
    expect(connects()).toBe(1)
    expect([a.asked.length, b.asked.length]).toEqual([1, 1])
    s.stop()
  })

  it('a lost subscription is reported and retried, and a stop ends the retrying', async () => {
    const a = engine()
    let lost = 0
    const s = new EngineEventStream(() => a.docker, {
      onEvent: () => undefined,
      onConnected: () => undefined,
      onDisconnected: () => lost++,
      minBackoffMs: 5,
      maxBackoffMs: 5,
    })
    s.start()
    const first = new PassThrough()
    a.asked[0]?.resolve(first)
    await tick()
    expect(s.isConnected).toBe(true)
    first.destroy()
    await tick(30)
    expect(lost).toBe(1)
    expect(a.asked).toHaveLength(2)
    s.stop()
    a.asked[1]?.reject(new Error('connect ECONNREFUSED'))
    await tick(30)
    expect(a.asked).toHaveLength(2)
    expect(s.isConnected).toBe(false)
  })
})
