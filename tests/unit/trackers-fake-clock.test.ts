import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Effects } from '@shared/contract'
import { claim } from '../../src/main/services/engine-proxy/exchange-claims'
import { CommandTracker } from '../../src/main/services/terminal/shell-integration/command-tracker'
import { EffectsTracker, type BeforeState } from '../../src/main/services/resources/effects-tracker'
import type { EngineEvent } from '../../src/main/services/resources/engine-event'

/** Marks exactly as the shell scripts send them: `C;<$EPOCHREALTIME>` and `D;<exit>;<$EPOCHREALTIME>`. */
const C = (seconds: string) => ({ type: 'C' as const, args: [seconds] })
const D = (exit: number, seconds: string) => ({ type: 'D' as const, args: [String(exit), seconds] })

describe('CommandTracker on a fake clock', () => {
  it('times a command by the shell’s clock, not by when main happened to read the marks', () => {
    let now = 1_700_000_010_000
    let id = 0
    const tracker = new CommandTracker(
      '/home/u',
      () => `c${++id}`,
      () => now,
    )
    tracker.onMark({ type: 'E', args: ['docker run -d nginx'] })
    // Main reads the C mark 4 s after the shell wrote it (a flood was ahead of it in the stream).
    const started = tracker.onMark(C('1700000006.250000'))
    expect(started).toMatchObject({ kind: 'started', command: { startedAt: 1_700_000_006_250 } })
    now += 2_000
    const finished = tracker.onMark(D(0, '1700000011.500000'))
    expect(finished).toMatchObject({ kind: 'finished', command: { exitCode: 0, finishedAt: 1_700_000_011_500 } })
  })

  it('falls back to its own clock when the shell’s is missing or far off (another host, a broken value)', () => {
    const now = 1_700_000_010_000
    const tracker = new CommandTracker(
      '/',
      () => 'c',
      () => now,
    )
    expect(tracker.onMark(C(''))).toMatchObject({ command: { startedAt: now } })
    tracker.onMark(D(1, 'x'))
    expect(tracker.onMark(C('1600000000.000000'))).toMatchObject({ command: { startedAt: now } })
  })
})

describe('EffectsTracker on a fake clock', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const event = (Type: string, Action: string, ID: string, ms: number, name?: string): EngineEvent => ({
    Type,
    Action,
    Actor: { ID, Attributes: name ? { name } : {} },
    timeNano: ms * 1e6,
  })

  function tracker(
    proxied: boolean,
    before: BeforeState = { imageRefs: new Map(), volumes: new Set() },
  ): { fx: EffectsTracker; out: Effects[] } {
    const out: Effects[] = []
    const fx = new EffectsTracker({
      // Every record is checked against the contract's schema.
      emit: (e) => out.push(Effects.parse(e)),
      before: () => before,
      imageFacts: async (id) => ({
        id: id.startsWith('sha256:') ? id : 'sha256:' + 'f'.repeat(64),
        size: 10,
        layers: 2,
        tags: [],
        parentLayers: null,
      }),
      containerPorts: async () => [],
      knownTags: () => [],
      proxied: () => proxied,
    })
    return { fx, out }
  }
  const command = { terminalId: 't1', commandId: 'c1', commandLine: 'docker create --name mine x', cwd: '/' }

  it('with a proxy: only what the command’s own calls made is its; the rest is outside', async () => {
    const { fx, out } = tracker(true)
    fx.commandStarted({ ...command, startedAt: 1000 })
    fx.exchange({
      terminalId: 't1',
      commandId: 'c1',
      early: false,
      exchange: {
        method: 'POST',
        path: '/v1.41/containers/create?name=mine',
        startedAt: 1100,
        finishedAt: 1150,
        status: 201,
        json: { Id: 'a'.repeat(64) },
      },
    })
    fx.engineEvent(event('container', 'create', 'a'.repeat(64), 1140, 'mine'))
    fx.engineEvent(event('container', 'create', 'b'.repeat(64), 1200, 'theirs'))
    fx.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    const mine = out.find((e) => e.source === 'command')
    const outside = out.find((e) => e.source === 'outside')
    expect(mine?.containers.created.map((c) => c.name)).toEqual(['mine'])
    expect(outside?.containers.created.map((c) => c.name)).toEqual(['theirs'])
  })

  it('without a proxy: by time, the command whose window holds the event (approximate)', async () => {
    const { fx, out } = tracker(false)
    fx.commandStarted({ ...command, startedAt: 1000 })
    fx.engineEvent(event('container', 'create', 'b'.repeat(64), 1200, 'theirs'))
    fx.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    fx.engineEvent(event('volume', 'create', 'later', 5000))
    await vi.runAllTimersAsync()
    expect(out.find((e) => e.source === 'command')?.containers.created.map((c) => c.name)).toEqual(['theirs'])
    // Said so: the UI marks these effects as attributed by time.
    expect(out.find((e) => e.source === 'command')?.approximate).toBe(true)
    expect(out.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['later'])
  })

  it('a terminal killed mid-command closes its window: later changes are outside', async () => {
    const { fx, out } = tracker(true)
    vi.setSystemTime(2000)
    fx.commandStarted({ ...command, startedAt: 1000 })
    fx.terminalGone('t1')
    fx.engineEvent(event('volume', 'create', 'after-kill', 2100))
    await vi.runAllTimersAsync()
    expect(out.find((e) => e.source === 'command')).toMatchObject({ exitCode: null, finishedAt: 2000 })
    expect(out.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['after-kill'])
  })

  it('labels the app’s own actions: what an action names is its, another client’s change meanwhile is outside', async () => {
    const { fx, out } = tracker(true)
    vi.setSystemTime(1000)
    const scope = fx.begin({ kind: 'container.stop', target: 'web' }, [claim('container', 'web')])
    fx.engineEvent(event('container', 'die', 'c'.repeat(64), 1010, 'web'))
    fx.engineEvent(event('container', 'create', 'd'.repeat(64), 1020, 'theirs'))
    vi.setSystemTime(1100)
    scope.end()
    await vi.runAllTimersAsync()
    const app = out.find((e) => e.source === 'app')
    expect(app).toMatchObject({
      action: { kind: 'container.stop', target: 'web' },
      commandId: null,
      approximate: false,
    })
    expect(app?.containers.stopped.map((c) => c.name)).toEqual(['web'])
    expect(out.find((e) => e.source === 'outside')?.containers.created.map((c) => c.name)).toEqual(['theirs'])
  })

  it('an action whose answer names what it removed (a prune) holds unclaimed events until that answer', async () => {
    const { fx, out } = tracker(true)
    vi.setSystemTime(1000)
    const scope = fx.begin({ kind: 'prune.volumes', target: '' }, [], { awaitsAnswer: true })
    fx.engineEvent(event('volume', 'destroy', 'old-data', 1010))
    fx.engineEvent(event('volume', 'create', 'someone-elses', 1020))
    await vi.advanceTimersByTimeAsync(2000)
    // Nothing is called "outside" while the answer is awaited.
    expect(out).toEqual([])
    scope.claim(claim('volume', 'old-data'))
    scope.end()
    await vi.runAllTimersAsync()
    expect(out.find((e) => e.source === 'app')?.volumes.removed.map((v) => v.name)).toEqual(['old-data'])
    expect(out.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['someone-elses'])
  })

  it('a build’s step containers are the build’s (and left out); an action that changed nothing is not reported', async () => {
    const { fx, out } = tracker(true)
    vi.setSystemTime(1000)
    const quiet = fx.begin({ kind: 'container.start', target: 'x' }, [claim('container', 'x')])
    quiet.end()
    const build = fx.begin({ kind: 'build', target: 'lab:v1' }, [claim('image', 'lab:v1')], { buildSteps: true })
    const step = { image: 'sha256:' + 'a'.repeat(64) }
    fx.engineEvent({
      ...event('container', 'create', 'e'.repeat(64), 1010),
      Actor: { ID: 'e'.repeat(64), Attributes: step },
    })
    fx.engineEvent({
      ...event('container', 'destroy', 'e'.repeat(64), 1020),
      Actor: { ID: 'e'.repeat(64), Attributes: step },
    })
    fx.engineEvent(event('image', 'tag', 'sha256:' + 'b'.repeat(64), 1030, 'lab:v1'))
    build.end()
    await vi.runAllTimersAsync()
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ source: 'app', action: { kind: 'build', target: 'lab:v1' } })
    expect(out[0]?.images.built.map((i) => i.name)).toEqual(['lab:v1'])
    expect(out[0]?.containers.created).toEqual([])
  })

  it('what was already there is no creation: a pull that was up to date, a volume created again', async () => {
    const nginx = 'sha256:' + 'f'.repeat(64)
    const { fx, out } = tracker(true, { imageRefs: new Map([['nginx:latest', nginx]]), volumes: new Set(['data']) })
    fx.commandStarted({ ...command, commandLine: 'docker pull nginx && docker volume create data', startedAt: 1000 })
    for (const x of [
      { method: 'POST', path: '/v1.41/images/create?fromImage=nginx&tag=latest', json: undefined },
      { method: 'POST', path: '/v1.41/volumes/create', json: { Name: 'data' } },
    ]) {
      fx.exchange({
        terminalId: 't1',
        commandId: 'c1',
        early: false,
        exchange: { ...x, startedAt: 1100, finishedAt: 1150, status: 200 },
      })
    }
    fx.engineEvent(event('image', 'pull', 'nginx:latest', 1140, 'nginx'))
    fx.engineEvent(event('volume', 'create', 'data', 1145))
    fx.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    const mine = out.find((e) => e.source === 'command')
    expect(mine?.images.pulled).toEqual([{ id: nginx, name: 'nginx', size: 10, layers: 2, existedBefore: true }])
    expect(mine?.volumes.created).toEqual([])
    expect(mine?.approximate).toBe(false)
  })
})
