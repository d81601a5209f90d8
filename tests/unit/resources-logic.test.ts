import { describe, expect, it } from 'vitest'
import type Docker from 'dockerode'
import { ResourcesChanged } from '@shared/contract'
import { ResourceMirror } from '../../src/main/services/resources/resource-mirror'
import { computeStats } from '../../src/main/services/resources/container-stats'
import { kindsTouched } from '../../src/main/services/engine/engine-event'
import { JsonLines } from '@shared/docker/json-lines'
import { demuxLogs } from '../../src/main/services/engine/demux-logs'

describe('container stats, as docker stats computes them', () => {
  it('CPU% from the container and system deltas times online CPUs; memory without the page cache', () => {
    const s = computeStats('c', {
      cpu_stats: { cpu_usage: { total_usage: 300_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 4 },
      precpu_stats: { cpu_usage: { total_usage: 100_000_000 }, system_cpu_usage: 18_000_000_000 },
      memory_stats: { usage: 100 * 2 ** 20, limit: 1024 * 2 ** 20, stats: { inactive_file: 20 * 2 ** 20 } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'Read', value: 4096 },
          { op: 'Write', value: 8192 },
          { op: 'read', value: 4 },
        ],
      },
      pids_stats: { current: 3 },
    })
    expect(s.cpuPercent).toBeCloseTo(40)
    expect(s.memoryUsage).toBe(80 * 2 ** 20)
    expect(s.memoryPercent).toBeCloseTo(7.8125)
    expect([s.netRx, s.netTx, s.blockRead, s.blockWrite, s.pids]).toEqual([11, 22, 4100, 8192, 3])
  })

  it('never returns NaN for a first sample, a stopped container or a zero limit', () => {
    const s = computeStats('c', { cpu_stats: {}, precpu_stats: {}, memory_stats: {} })
    expect([s.cpuPercent, s.memoryPercent]).toEqual([0, 0])
    expect(
      computeStats('c', {
        cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 5 },
        precpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 5 },
      }).cpuPercent,
    ).toBe(0)
  })
})

describe('the events stream', () => {
  it('parses JSON lines split anywhere across chunks, skipping garbage', () => {
    const got: unknown[] = []
    const p = new JsonLines<unknown>((v) => got.push(v))
    const text = '{"a":1}\n{"b":\n'
    p.push(text.slice(0, 3))
    p.push(text.slice(3))
    p.push('2}\nnot json\n{"c":"中')
    p.push('文"}\n')
    // A character split across two chunks of bytes is read whole.
    const bytes = Buffer.from('{"d":"中文"}\n')
    p.push(bytes.subarray(0, 7))
    p.push(bytes.subarray(7))
    expect(got).toEqual([{ a: 1 }, { c: '中文' }, { d: '中文' }])
  })

  it('maps each event to the lists it touches, and quiet ones to none', () => {
    expect(kindsTouched({ Type: 'container', Action: 'create', Actor: { ID: 'x' } })).toEqual(['containers', 'volumes'])
    expect(kindsTouched({ Type: 'container', Action: 'start', Actor: { ID: 'x' } })).toEqual(['containers'])
    expect(kindsTouched({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'x' } })).toEqual([])
    expect(kindsTouched({ Type: 'image', Action: 'tag', Actor: { ID: 'x' } })).toEqual(['images'])
    expect(kindsTouched({ Type: 'network', Action: 'connect', Actor: { ID: 'x' } })).toEqual([])
  })

  it('demultiplexes docker logs', () => {
    const frame = (stream: number, text: string): Buffer => {
      const body = Buffer.from(text)
      const head = Buffer.alloc(8)
      head[0] = stream
      head.writeUInt32BE(body.length, 4)
      return Buffer.concat([head, body])
    }
    expect(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, '错误\n')]))).toBe('out\n错误\n')
    expect(demuxLogs(Buffer.from('raw tty output'))).toBe('raw tty output')
  })
})

describe('the resource mirror before its first listing', () => {
  const image = {
    Id: 'sha256:abc',
    RepoTags: ['osrf/ros:jazzy-desktop'],
    Size: 42,
    Created: 1,
    ParentId: '',
    Labels: {},
  }
  const docker = (fail: boolean) =>
    ({
      listContainers: async () => (fail ? Promise.reject(new Error('connect ENOENT')) : []),
      listImages: async () => (fail ? Promise.reject(new Error('connect ENOENT')) : [image]),
      listVolumes: async () => ({ Volumes: [] }),
      listNetworks: async () => [],
    }) as unknown as Docker
  const mirror = (fail: boolean) =>
    new ResourceMirror({
      connection: { docker: docker(fail), streams: docker(fail) },
      onChanged: () => undefined,
      onEvent: () => undefined,
      onConnection: () => undefined,
    })

  it('answers a question asked before the event stream is up with what the engine has, not empty lists', async () => {
    const m = mirror(false)
    expect(m.current().images).toEqual([])
    const settled = await m.settled()
    expect(settled.images.map((i) => i.tags)).toEqual([['osrf/ros:jazzy-desktop']])
    expect(settled.syncedAt).toBeGreaterThan(0)
  })

  it('with no engine, answers with what it knows instead of failing', async () => {
    const settled = await mirror(true).settled()
    expect(settled).toMatchObject({ images: [], containers: [], syncedAt: 0 })
  })
})

describe('the resource mirror with listings that overlap', () => {
  it('a listing that started earlier but ended later never puts back what a newer one replaced', async () => {
    const container = (state: string) => ({
      Id: 'c1',
      Names: ['/web'],
      Image: 'nginx',
      ImageID: 'sha256:i',
      State: state,
      Status: state === 'paused' ? 'Up 3 seconds (Paused)' : 'Up 3 seconds',
      Ports: [],
      Mounts: [],
      Created: 1,
    })
    // The first listing answers only when told; the second at once.
    let answerFirst: (list: unknown[]) => void = () => undefined
    const answers = [
      new Promise<unknown[]>((resolve) => (answerFirst = resolve)),
      Promise.resolve([container('paused')]),
    ]
    const docker = {
      listContainers: () => answers.shift() ?? Promise.resolve([container('paused')]),
      getContainer: () => ({
        inspect: async () => ({ State: { StartedAt: '2026-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' } }),
      }),
    } as unknown as Docker
    const changes: Array<{ state?: string; full: boolean }> = []
    const m = new ResourceMirror({
      connection: { docker, streams: docker },
      onChanged: (c) => changes.push({ state: c.containerChanges?.upserted[0]?.state, full: c.full }),
      onEvent: () => undefined,
      onConnection: () => undefined,
      batchMs: 0,
    })
    const event = (Action: string) =>
      (m as unknown as { onEvent(e: unknown): void }).onEvent({ Type: 'container', Action, Actor: { ID: 'c1' } })
    event('unpause')
    await new Promise((r) => setTimeout(r, 10))
    event('pause')
    await new Promise((r) => setTimeout(r, 10))
    expect(m.current().containers[0]?.state).toBe('paused')
    // The first listing, from before the pause, ends now: it is older than what is shown, and is dropped.
    answerFirst([container('running')])
    await new Promise((r) => setTimeout(r, 10))
    expect(m.current().containers[0]?.state).toBe('paused')
    expect(changes).toEqual([{ state: 'paused', full: false }])
  })
})

describe('the resource mirror following container events', () => {
  interface Raw {
    Id: string
    Names: string[]
    Image: string
    ImageID: string
    State: string
    Status: string
    Ports: unknown[]
    Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string }>
    Created: number
  }
  const raw = (id: string, name: string, state = 'exited', volume?: string): Raw => ({
    Id: id,
    Names: [`/${name}`],
    Image: 'busybox',
    ImageID: 'sha256:b',
    State: state,
    Status: state,
    Ports: [],
    Mounts: volume ? [{ Type: 'volume', Name: volume, Source: '/v', Destination: '/data' }] : [],
    Created: 1,
  })
  /** An engine of many containers that answers listings as the real one does: newest first, `id` filters by prefix. */
  const engine = (count: number) => {
    const containers: Raw[] = Array.from({ length: count }, (_, i) => raw(`id${i}`, `c${i}`))
    const volumes: string[] = []
    const listings: Array<string[] | 'all'> = []
    const docker = {
      listContainers: async (opts: { filters?: { id?: string[] } }) => {
        const ids = opts.filters?.id
        listings.push(ids ?? 'all')
        return containers.filter((c) => !ids || ids.some((id) => c.Id.startsWith(id))).map((c) => ({ ...c }))
      },
      listImages: async () => [],
      listVolumes: async () => ({ Volumes: volumes.map((Name) => ({ Name, Driver: 'local', Mountpoint: '/v' })) }),
      listNetworks: async () => [],
      getContainer: () => ({ inspect: async () => ({ State: {} }) }),
    } as unknown as Docker
    return { containers, volumes, listings, docker }
  }
  const follow = async (count: number, batchMs = 5, confirmMs: number[] = []) => {
    const e = engine(count)
    const changes: ResourcesChanged[] = []
    const m = new ResourceMirror({
      connection: { docker: e.docker, streams: e.docker },
      onChanged: (c) => changes.push(ResourcesChanged.parse(c)),
      onEvent: () => undefined,
      onConnection: () => undefined,
      batchMs,
      confirmMs,
    })
    await m.resync()
    e.listings.length = 0
    changes.length = 0
    const event = (Action: string, ID: string) =>
      (m as unknown as { onEvent(e: unknown): void }).onEvent({ Type: 'container', Action, Actor: { ID } })
    const settle = () => new Promise((r) => setTimeout(r, 30))
    return { ...e, m, changes, event, settle }
  }

  it('an event lists only the containers it names and sends only what changed of them, not the whole list', async () => {
    const f = await follow(1000)
    f.containers.unshift(raw('new1', 'web', 'created'))
    f.event('create', 'new1')
    await f.settle()
    expect(f.listings).toEqual([['new1']])
    expect(f.changes).toHaveLength(2)
    expect(f.changes[0]).toMatchObject({ full: false, containerChanges: { removed: [] } })
    expect(f.changes[0]?.containers).toBeUndefined()
    expect(f.changes[0]?.containerChanges?.upserted.map((c) => c.name)).toEqual(['web'])
    // The volumes (create touches their "used by") are listed too, from the containers as now known.
    expect(Object.keys(f.changes[1] ?? {}).sort()).toEqual(['full', 'syncedAt', 'volumes'])
    expect(f.m.current().containers).toHaveLength(1001)
    expect(f.m.current().containers[0]?.name).toBe('web')
  })

  it('a container started, renamed, stopped and destroyed is updated each time, then gone', async () => {
    const f = await follow(10)
    const c = f.containers[3] as Raw
    const shown = () => f.m.current().containers.find((x) => x.id === c.Id)
    c.State = 'running'
    f.event('start', c.Id)
    await f.settle()
    expect(shown()?.state).toBe('running')
    c.Names = ['/renamed']
    f.event('rename', c.Id)
    await f.settle()
    expect(shown()?.name).toBe('renamed')
    c.State = 'exited'
    f.event('die', c.Id)
    f.event('stop', c.Id)
    await f.settle()
    expect(shown()?.state).toBe('exited')
    f.containers.splice(3, 1)
    f.event('destroy', c.Id)
    await f.settle()
    expect(shown()).toBeUndefined()
    expect(f.m.current().containers).toHaveLength(9)
    expect(f.changes.map((x) => x.containerChanges?.removed)).toContainEqual([c.Id])
    // Each batch asked for that one container only.
    expect(f.listings).toEqual([[c.Id], [c.Id], [c.Id], [c.Id]])
  })

  it('a burst of events is one listing: of the ids it names, or of everything when they are many', async () => {
    const f = await follow(100)
    for (const i of [1, 2, 3]) f.containers.unshift(raw(`few${i}`, `few${i}`))
    for (const i of [1, 2, 3]) f.event('create', `few${i}`)
    await f.settle()
    expect(f.listings).toEqual([['few1', 'few2', 'few3']])
    f.listings.length = 0
    const many = Array.from({ length: 60 }, (_, i) => raw(`up${i}`, `compose-${i}`, 'running'))
    f.containers.unshift(...many.slice().reverse())
    for (const c of many) f.event('create', c.Id)
    await f.settle()
    expect(f.listings).toEqual(['all'])
    expect(f.m.current().containers).toHaveLength(163)
    expect(f.changes.at(-2)?.containerChanges?.upserted).toHaveLength(60)
    expect(f.m.current().containers[0]?.name).toBe('compose-59')
  })

  it('an event after a quiet spell is listed at once; the rest of its burst waits for the end of the window', async () => {
    const f = await follow(10, 400)
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
    f.containers.unshift(raw('first', 'first'))
    f.event('create', 'first')
    await sleep(50)
    expect(f.listings).toEqual([['first']])
    f.containers.unshift(raw('second', 'second'), raw('third', 'third'))
    f.event('create', 'second')
    f.event('create', 'third')
    await sleep(50)
    expect(f.listings).toEqual([['first']])
    await sleep(450)
    expect(f.listings).toEqual([['first'], ['second', 'third']])
    expect(
      f.m
        .current()
        .containers.slice(0, 3)
        .map((c) => c.name),
    ).toEqual(['second', 'third', 'first'])
  })

  it('a change the engine lists only after its event is still shown: what an event named is listed again', async () => {
    const f = await follow(10, 5, [100, 300])
    const c = f.containers[0] as Raw
    // The event comes first; the list says paused only a little later (as dockerd checkpoints after it announces).
    f.event('pause', c.Id)
    await f.settle()
    expect(f.m.current().containers[0]?.state).toBe('exited')
    c.State = 'paused'
    await new Promise((r) => setTimeout(r, 150))
    expect(f.m.current().containers[0]?.state).toBe('paused')
    expect(f.listings).toEqual([[c.Id], [c.Id]])
    // And once more, later, in case the engine took longer still.
    await new Promise((r) => setTimeout(r, 250))
    expect(f.listings).toEqual([[c.Id], [c.Id], [c.Id]])
    f.m.stop()
  })

  it('a volume’s “used by” follows a new container without listing every container', async () => {
    const f = await follow(50)
    f.volumes.push('data')
    f.containers.unshift(raw('user', 'db', 'created', 'data'))
    f.event('create', 'user')
    await f.settle()
    expect(f.listings).toEqual([['user']])
    expect(f.m.current().volumes).toEqual([{ name: 'data', driver: 'local', mountpoint: '/v', usedBy: ['db'] }])
  })

  it('after a reconnect everything is listed again and sent whole', async () => {
    const f = await follow(20)
    // Changed while the stream was down: no event will say so.
    f.containers.splice(0, 5)
    f.containers.unshift(raw('while-away', 'while-away'))
    await f.m.resync()
    expect(f.listings).toEqual(['all'])
    expect(f.changes.at(-1)).toMatchObject({ full: true })
    expect(f.changes.at(-1)?.containers?.map((c) => c.id)).toEqual(f.containers.map((c) => c.Id))
    expect(f.m.current().containers).toHaveLength(16)
  })
})
