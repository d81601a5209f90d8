import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CommandRun, Effects } from '@shared/contract'
import type { ProxiedExchange } from '../../src/main/services/engine-proxy/docker-proxy'
import type { EngineEvent } from '../../src/main/services/engine/engine-event'
import { claim } from '../../src/main/services/runs/claims'
import type { BeforeState } from '../../src/main/services/runs/effects-summary'
import { RunTracker } from '../../src/main/services/runs/run-tracker'
import { CommandTracker } from '../../src/main/services/terminal/shell-integration/command-tracker'

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
    tracker.onMark({ type: 'E', args: ['true'] })
    expect(tracker.onMark(C(''))).toMatchObject({ command: { startedAt: now } })
    tracker.onMark(D(1, 'x'))
    tracker.onMark({ type: 'E', args: ['true'] })
    expect(tracker.onMark(C('1600000000.000000'))).toMatchObject({ command: { startedAt: now } })
  })
})

describe('RunTracker on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(1000)
  })
  afterEach(() => vi.useRealTimers())

  const event = (Type: string, Action: string, ID: string, ms: number, name?: string): EngineEvent => ({
    Type,
    Action,
    Actor: { ID, Attributes: name ? { name } : {} },
    timeNano: ms * 1e6,
  })
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)

  function tracker(
    proxied: boolean,
    before: BeforeState = { imageRefs: new Map(), volumes: new Set() },
    volumes: Record<string, string[]> = {},
  ): { runs: RunTracker; records: CommandRun[]; changes: Effects[]; last: (runId: string) => CommandRun | undefined } {
    const records: CommandRun[] = []
    const changes: Effects[] = []
    const runs = new RunTracker({
      // Every record is checked against the contract's schema.
      runChanged: (r) => records.push(CommandRun.parse(r)),
      changed: (e) => changes.push(Effects.parse(e)),
      before: () => before,
      facts: {
        imageFacts: async (id) => ({
          id: id.startsWith('sha256:') ? id : 'sha256:' + 'f'.repeat(64),
          size: 10,
          layers: 2,
          tags: [],
          parentLayers: null,
        }),
        containerPorts: async () => [],
        containerVolumes: async (id) => volumes[id] ?? [],
        knownTags: () => [],
      },
      steps: {
        verify: async () => ({ status: 'verified', checked: [], differences: [], at: 0 }),
        explainFailure: async () => null,
      },
      proxied: () => proxied,
    })
    return { runs, records, changes, last: (runId) => records.findLast((r) => r.runId === runId) }
  }
  const command = { terminalId: 't1', commandId: 'c1', commandLine: 'docker create --name mine x', cwd: '/' }
  let seq = 0
  /** One call through the terminal's proxy: its arrival, then (unless `answer` is null) its answer. */
  function call(
    runs: RunTracker,
    req: Pick<ProxiedExchange, 'method' | 'path' | 'startedAt'>,
    answer: Partial<ProxiedExchange> | null,
  ): ProxiedExchange {
    const x: ProxiedExchange = { seq: ++seq, ...req, finishedAt: req.startedAt, status: 0 }
    runs.exchange({ terminalId: 't1', exchange: x, phase: 'request' })
    if (answer) {
      const answered = { ...x, finishedAt: req.startedAt + 50, status: 200, ...answer }
      runs.exchange({ terminalId: 't1', exchange: answered, phase: 'answer' })
      return answered
    }
    return x
  }

  /** `docker create --name mine …`: its call, answered with the new container's id. */
  const createMine = (runs: RunTracker): ProxiedExchange =>
    call(
      runs,
      { method: 'POST', path: '/v1.41/containers/create?name=mine', startedAt: 1100 },
      { status: 201, json: { Id: A } },
    )

  it('with a proxy: only what the command’s own answers made is its; the rest is outside', async () => {
    const { runs, changes, last } = tracker(true)
    runs.commandStarted({ ...command, startedAt: 1000 })
    createMine(runs)
    runs.engineEvent(event('container', 'create', A, 1140, 'mine'))
    runs.engineEvent(event('container', 'create', B, 1200, 'theirs'))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.containers.created.map((c) => c.name)).toEqual(['mine'])
    expect(last('c1')).toMatchObject({ state: 'settled', approximate: false, exitCode: 0 })
    expect(last('c1')?.exchanges).toEqual([
      expect.objectContaining({ method: 'POST', status: 201, startedAt: 1100, finishedAt: 1150 }),
    ])
    expect(last('c1')?.events.map((e) => e.name)).toEqual(['mine'])
    expect(changes.find((e) => e.source === 'outside')?.containers.created.map((c) => c.name)).toEqual(['theirs'])
  })

  it('shows a run’s effects as soon as its end and the events its answers promised are in, with no wait', async () => {
    const { runs, last } = tracker(true)
    runs.commandStarted({ ...command, startedAt: 1000 })
    createMine(runs)
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.advanceTimersByTimeAsync(0)
    // The create's event has not come yet: the run waits for it.
    expect(last('c1')?.state).toBe('ended')
    runs.engineEvent(event('container', 'create', A, 1140, 'mine'))
    // No timer needs to fire: it is summed up as the event arrives.
    await vi.advanceTimersByTimeAsync(0)
    expect(last('c1')?.state).toBe('settled')
    expect(last('c1')?.effects?.containers.created.map((c) => c.name)).toEqual(['mine'])
  })

  it('an action that removes what a run just made, within the run’s grace, owns the removal', async () => {
    const { runs, changes, last } = tracker(true)
    runs.commandStarted({ ...command, startedAt: 1000 })
    createMine(runs)
    runs.engineEvent(event('container', 'create', A, 1140, 'mine'))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    // Reset starts 30 ms after the step's end: its removal's event is inside the run's grace, and both name `mine`.
    vi.setSystemTime(1330)
    const scope = runs.begin({ kind: 'chapter.reset', target: '2.3' }, [claim('container', 'mine')])
    runs.engineEvent(event('container', 'destroy', A, 1350, 'mine'))
    vi.setSystemTime(1360)
    scope.end()
    await vi.runAllTimersAsync()
    const reset = changes.find((e) => e.action?.kind === 'chapter.reset')
    expect(reset?.containers.removed.map((c) => c.name)).toEqual(['mine'])
    // The run keeps what it did: the create, and not the removal.
    expect(last('c1')?.effects?.containers.created.map((c) => c.name)).toEqual(['mine'])
    expect(last('c1')?.effects?.containers.removed).toEqual([])
  })

  it('a busy engine’s late events still reach the run and the action that caused them, not “outside”', async () => {
    const { runs, changes, last } = tracker(true)
    runs.commandStarted({ ...command, startedAt: 1000 })
    createMine(runs)
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    const scope = runs.begin({ kind: 'container.stop', target: 'web' }, [claim('container', 'web')])
    scope.end()
    // Well past the run's wait and the action's grace, the engine's events arrive at last.
    await vi.advanceTimersByTimeAsync(3000)
    runs.engineEvent(event('container', 'create', A, 1140, 'mine'))
    runs.engineEvent(event('container', 'die', 'c'.repeat(64), 1010, 'web'))
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.containers.created.map((c) => c.name)).toEqual(['mine'])
    expect(changes.find((e) => e.source === 'app')?.containers.stopped.map((c) => c.name)).toEqual(['web'])
    expect(changes.filter((e) => e.source === 'outside')).toEqual([])
  })

  it('two commands back to back on one name: the later one’s call owns what it did', async () => {
    const { runs, last } = tracker(true)
    const create = { ...command, commandId: 'c1', commandLine: 'docker volume create v' }
    const remove = { ...command, commandId: 'c2', commandLine: 'docker volume rm v' }
    runs.commandStarted({ ...create, startedAt: 1000 })
    call(runs, { method: 'POST', path: '/v1.41/volumes/create', startedAt: 1010 }, { status: 201, json: { Name: 'v' } })
    runs.engineEvent(event('volume', 'create', 'v', 1020))
    runs.commandFinished({ ...create, startedAt: 1000, exitCode: 0, finishedAt: 1070 })
    // The removal starts at once: its event falls in the first command's grace, and its name is the first one's too.
    runs.commandStarted({ ...remove, startedAt: 1075 })
    const rm = call(runs, { method: 'DELETE', path: '/v1.41/volumes/v', startedAt: 1080 }, null)
    runs.engineEvent(event('volume', 'destroy', 'v', 1090))
    runs.exchange({ terminalId: 't1', exchange: { ...rm, finishedAt: 1095, status: 204 }, phase: 'answer' })
    runs.commandFinished({ ...remove, startedAt: 1075, exitCode: 0, finishedAt: 1100 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.volumes).toEqual({ created: [{ id: 'v', name: 'v' }], removed: [] })
    expect(last('c2')?.effects?.volumes).toEqual({ created: [], removed: [{ id: 'v', name: 'v' }] })
  })

  it('keeps calls that came before main read the start mark, and gives them to the run by the shell’s clock', async () => {
    const { runs, changes, last } = tracker(true)
    // Under a flood the shell's start mark is read late: the command's calls reach the proxy first.
    vi.setSystemTime(1500)
    call(
      runs,
      { method: 'POST', path: '/v1.41/volumes/create', startedAt: 1100 },
      {
        status: 201,
        json: { Name: 'flooded' },
      },
    )
    runs.engineEvent(event('volume', 'create', 'flooded', 1120))
    await vi.advanceTimersByTimeAsync(5000)
    // Not called another client's while its command may still be reported.
    expect(changes).toEqual([])
    runs.commandStarted({ ...command, commandLine: 'docker volume create flooded', startedAt: 1000 })
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.volumes.created.map((v) => v.name)).toEqual(['flooded'])
    expect(changes).toEqual([])
  })

  it('a refused removal claims nothing: another client’s container of that name is outside', async () => {
    const { runs, changes, last } = tracker(true)
    runs.commandStarted({ ...command, commandLine: 'docker rm -f web', startedAt: 1000 })
    call(runs, { method: 'DELETE', path: '/v1.41/containers/web?force=1', startedAt: 1100 }, { status: 404 })
    runs.engineEvent(event('container', 'create', B, 1120, 'web'))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 1, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.containers.created).toEqual([])
    expect(changes.find((e) => e.source === 'outside')?.containers.created.map((c) => c.name)).toEqual(['web'])
  })

  it('a create with no answer claims nothing once its command has ended', async () => {
    const { runs, changes, last } = tracker(true)
    runs.commandStarted({ ...command, startedAt: 1000 })
    const create = call(runs, { method: 'POST', path: '/v1.41/containers/create', startedAt: 1100 }, null)
    runs.engineEvent(event('volume', 'create', 'someone-elses', 1120))
    await vi.advanceTimersByTimeAsync(100)
    // While the create may still answer, the volume might be its: no one is told yet.
    expect(changes).toEqual([])
    // Ctrl-C: the client went away, its call ended unanswered.
    runs.exchange({ terminalId: 't1', exchange: { ...create, finishedAt: 1200, aborted: true }, phase: 'answer' })
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 130, finishedAt: 1250 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.volumes.created).toEqual([])
    expect(changes.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['someone-elses'])
  })

  it('a container’s anonymous volumes are its create’s, from the container’s own mounts', async () => {
    const { runs, changes, last } = tracker(true, undefined, { [A]: ['anon123'] })
    runs.commandStarted({ ...command, commandLine: 'docker run -v /data x', startedAt: 1000 })
    call(runs, { method: 'POST', path: '/v1.41/containers/create', startedAt: 1100 }, { status: 201, json: { Id: A } })
    runs.engineEvent(event('volume', 'create', 'anon123', 1120))
    runs.engineEvent(event('container', 'create', A, 1130, 'x'))
    runs.engineEvent(event('volume', 'create', 'data-prod', 1135))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.volumes.created.map((v) => v.name)).toEqual(['anon123'])
    expect(changes.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['data-prod'])
  })

  it('without a proxy: by time, the command whose window holds the event (approximate)', async () => {
    const { runs, changes, last } = tracker(false)
    runs.commandStarted({ ...command, startedAt: 1000 })
    runs.engineEvent(event('container', 'create', B, 1200, 'theirs'))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    runs.engineEvent(event('volume', 'create', 'later', 5000))
    await vi.runAllTimersAsync()
    expect(last('c1')?.effects?.containers.created.map((c) => c.name)).toEqual(['theirs'])
    // Said so: the UI marks these effects as attributed by time.
    expect(last('c1')?.approximate).toBe(true)
    expect(last('c1')?.effects?.approximate).toBe(true)
    expect(changes.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['later'])
  })

  it('a terminal killed mid-command ends its run: later changes are outside', async () => {
    const { runs, changes, last } = tracker(true)
    vi.setSystemTime(2000)
    runs.commandStarted({ ...command, startedAt: 1000 })
    runs.terminalGone('t1')
    runs.engineEvent(event('volume', 'create', 'after-kill', 2100))
    await vi.runAllTimersAsync()
    expect(last('c1')).toMatchObject({ exitCode: null, finishedAt: 2000, state: 'settled' })
    expect(changes.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['after-kill'])
  })

  it('labels the app’s own actions: what an action names is its, another client’s change meanwhile is outside', async () => {
    const { runs, changes } = tracker(true)
    const scope = runs.begin({ kind: 'container.stop', target: 'web' }, [claim('container', 'web')])
    runs.engineEvent(event('container', 'die', 'c'.repeat(64), 1010, 'web'))
    runs.engineEvent(event('container', 'create', 'd'.repeat(64), 1020, 'theirs'))
    vi.setSystemTime(1100)
    scope.end()
    await vi.runAllTimersAsync()
    const app = changes.find((e) => e.source === 'app')
    expect(app).toMatchObject({
      action: { kind: 'container.stop', target: 'web' },
      commandId: null,
      approximate: false,
    })
    expect(app?.containers.stopped.map((c) => c.name)).toEqual(['web'])
    expect(changes.find((e) => e.source === 'outside')?.containers.created.map((c) => c.name)).toEqual(['theirs'])
  })

  it('an action whose answer names what it removed (a prune) holds unclaimed events until that answer', async () => {
    const { runs, changes } = tracker(true)
    const scope = runs.begin({ kind: 'prune.volumes', target: '' }, [], { awaitsAnswer: true })
    runs.engineEvent(event('volume', 'destroy', 'old-data', 1010))
    runs.engineEvent(event('volume', 'create', 'someone-elses', 1020))
    await vi.advanceTimersByTimeAsync(2000)
    // Nothing is called "outside" while the answer is awaited.
    expect(changes).toEqual([])
    scope.claim(claim('volume', 'old-data'))
    scope.end()
    await vi.runAllTimersAsync()
    expect(changes.find((e) => e.source === 'app')?.volumes.removed.map((v) => v.name)).toEqual(['old-data'])
    expect(changes.find((e) => e.source === 'outside')?.volumes.created.map((v) => v.name)).toEqual(['someone-elses'])
  })

  it('a build’s step containers are the build’s (and left out); an action that changed nothing is not reported', async () => {
    const { runs, changes } = tracker(true)
    const quiet = runs.begin({ kind: 'container.start', target: 'x' }, [claim('container', 'x')])
    quiet.end()
    const build = runs.begin({ kind: 'build', target: 'lab:v1' }, [claim('image', 'lab:v1')], { buildSteps: true })
    const step = { image: 'sha256:' + 'a'.repeat(64) }
    runs.engineEvent({
      ...event('container', 'create', 'e'.repeat(64), 1010),
      Actor: { ID: 'e'.repeat(64), Attributes: step },
    })
    runs.engineEvent({
      ...event('container', 'destroy', 'e'.repeat(64), 1020),
      Actor: { ID: 'e'.repeat(64), Attributes: step },
    })
    runs.engineEvent(event('image', 'tag', 'sha256:' + 'b'.repeat(64), 1030, 'lab:v1'))
    build.end()
    await vi.runAllTimersAsync()
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ source: 'app', action: { kind: 'build', target: 'lab:v1' } })
    expect(changes[0]?.images.built.map((i) => i.name)).toEqual(['lab:v1'])
    expect(changes[0]?.containers.created).toEqual([])
  })

  it('what was already there is no creation: a pull that was up to date, a volume created again', async () => {
    const nginx = 'sha256:' + 'f'.repeat(64)
    const { runs, last } = tracker(true, { imageRefs: new Map([['nginx:latest', nginx]]), volumes: new Set(['data']) })
    runs.commandStarted({ ...command, commandLine: 'docker pull nginx && docker volume create data', startedAt: 1000 })
    call(
      runs,
      { method: 'POST', path: '/v1.41/images/create?fromImage=nginx&tag=latest', startedAt: 1100 },
      { lines: [] },
    )
    call(
      runs,
      { method: 'POST', path: '/v1.41/volumes/create', startedAt: 1100 },
      { status: 201, json: { Name: 'data' } },
    )
    runs.engineEvent(event('image', 'pull', 'nginx:latest', 1140, 'nginx'))
    runs.engineEvent(event('volume', 'create', 'data', 1145))
    runs.commandFinished({ ...command, startedAt: 1000, exitCode: 0, finishedAt: 1300 })
    await vi.runAllTimersAsync()
    const mine = last('c1')?.effects
    expect(mine?.images.pulled).toEqual([{ id: nginx, name: 'nginx', size: 10, layers: 2, existedBefore: true }])
    expect(mine?.volumes.created).toEqual([])
    expect(mine?.approximate).toBe(false)
  })
})
