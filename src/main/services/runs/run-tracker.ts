import type { AppAction, CommandRun, DockerFailure, Effects, RunExchange, RunVerdict } from '@shared/contract'
import { RUN_LIMITS } from '@shared/contract'
import { chapterOfStep } from '@shared/tutorial/step-id'
import { parseApiPath } from '@shared/docker/api-path'
import { dockerCommands, type DockerCommand } from '@shared/docker/command'
import { eventTimeMs, type EngineEvent } from '../engine/engine-event'
import type { ProxiedExchange } from '../engine-proxy/docker-proxy'
import type { TerminalExchange } from '../engine-proxy/terminal-proxies'
import type { FinishedTerminalCommand, TerminalCommand } from '../terminal/terminal-session'
import type { ActionOptions, ActionScope, AppActions } from './app-actions'
import {
  claimOwns,
  fulfils,
  isClaimed,
  mightClaim,
  readAnswer,
  type AnswerReading,
  type Claim,
  type Expectation,
} from './claims'
import {
  isEmpty,
  NOTHING_BEFORE,
  summarize,
  untied,
  type BeforeState,
  type EffectsBase,
  type EngineFacts,
} from './effects-summary'

/** What a run needs to know to judge a step's outcome. */
export interface RunToJudge {
  runId: string
  stepId: string
  commands: DockerCommand[]
  effects: Effects
  exitCode: number | null
  /** The end of what it printed (a listener is judged by it). */
  outputTail: string | null
}

/** The steps a run calls as it completes: none of them is told through an event. */
export interface RunSteps {
  /** A step's run, checked against what its command is meant to do. */
  verify: (run: RunToJudge) => Promise<RunVerdict>
  /** Why a command failed, read once from what it printed and its command line; null when its words say nothing known. */
  explainFailure: (outputTail: string, commandLine: string) => Promise<DockerFailure | null>
}

export interface RunTrackerDeps {
  /** A run was made or changed: the port its record leaves by (the renderer, the lab log, the tutorial). */
  runChanged: (run: CommandRun) => void
  /** A change no command made (one of the app's own actions, or another client's): its effects. */
  changed: (effects: Effects) => void
  facts: EngineFacts & {
    /** The volumes a container mounts (its anonymous ones and those its create made), by name. */
    containerVolumes: (id: string) => Promise<string[]>
  }
  steps: RunSteps
  /** The engine's objects as they were at a moment (a command's start by the shell's clock; now for an action). */
  before?: (at?: number) => BeforeState
  /** Whether a terminal's docker CLI goes through the app's engine proxy (then attribution is by its answers). */
  proxied: (terminalId: string) => boolean
  /** The chapter open now: a command typed by hand belongs to it. */
  currentChapter?: () => string | null
  now?: () => number
  timing?: Partial<typeof RUN_TIMING>
}

export const RUN_TIMING = {
  /** How long after a command (without a proxy) or an app action ends its engine events may still be its own. */
  graceMs: 400,
  /**
   * The same for a command with a proxy, whose events come from its calls and so happen before its end: only an
   * immediate consequence (a `die` just after a `kill`) lands after it.
   */
  proxiedGraceMs: 100,
  /** The longest a ended run waits for its calls' answers and the events they promise before it is summed up. */
  settleCapMs: 2000,
  /** Events outside any command are gathered for this long into one "outside" record. */
  outsideWindowMs: 1000,
  /** The longest an event waits for a call that might still claim it. */
  holdMaxMs: 60_000,
  /** Calls nothing has claimed (no command started after them) are forgotten after this long. */
  inboxMs: 60_000,
  /** How long a run stays open past its wait for events it is owed that have not come (a slow event stream). */
  owedMs: 15_000,
}

/** One API call through a terminal's proxy, from its arrival to its answer, and the run it belongs to. */
interface Call {
  terminalId: string
  exchange: ProxiedExchange
  answered: boolean
  reading?: AnswerReading
  run?: Run
  /** Its entry in the run's record, kept current. */
  entry?: RunExchange
}

interface Run {
  record: CommandRun
  commands: DockerCommand[]
  byClaims: boolean
  before: BeforeState
  calls: Call[]
  claims: Claim[]
  expects: Expectation[]
  events: EngineEvent[]
  /** Inspects of created containers (their volumes) still on their way. */
  lookups: number
  /** One of its calls was a build (its tags are "built"). */
  building: boolean
  /** Its effects have been summed up once. */
  summed: boolean
  /** Sums in progress are numbered: only the latest one's effects are kept. */
  sums: number
  /** No more events will be its own (its grace after the end has passed). */
  closed: boolean
  /** When main read its end (main's clock). */
  endedAt?: number
  capTimer?: NodeJS.Timeout
}

interface Action {
  base: EffectsBase
  finishedAt?: number
  closed?: boolean
  claims: Claim[]
  options: ActionOptions
  before: BeforeState
  events: EngineEvent[]
  /** Events nobody claimed, held until this action's answer has named what it removed. */
  held: EngineEvent[]
}

function exchangeEntry(x: ProxiedExchange, answered: boolean): RunExchange {
  return {
    method: x.method.slice(0, 16),
    path: x.path.slice(0, 512),
    status: x.status,
    startedAt: x.startedAt,
    finishedAt: answered ? x.finishedAt : null,
  }
}

/**
 * The life of every command run, and the attribution of every engine change to whoever made it.
 *
 * A run is made when the shell reports a command's start; the calls its docker CLI makes through the terminal's engine
 * proxy are its own by the shell's own times (a call that arrives before main has read the start mark waits for it).
 * An engine event is a run's only when one of its successful answers named the object (`claims.ts`); an event that a
 * call still in flight might claim waits for that answer; anything else is another client's ("outside"). Once the run
 * has ended, its calls are answered and the events their answers promise are in, its effects are summed up at once,
 * then its step (if any) is judged. Terminals without a proxy (an ssh:// engine) are attributed by time, marked
 * approximate. The app's own actions (`app-actions.ts`) are attributed by what they name.
 */
export class RunTracker implements AppActions {
  private readonly timing: typeof RUN_TIMING
  private readonly runs: Run[] = []
  private readonly calls = new Map<string, Call>()
  private readonly actions = new Set<Action>()
  private pending: Array<{ e: EngineEvent; since: number }> = []
  private outside: EngineEvent[] = []
  private outsideTimer: NodeJS.Timeout | undefined
  private holdTimer: NodeJS.Timeout | undefined
  /** The app's and outside changes, newest first (command runs keep their own). */
  readonly history: Effects[] = []

  constructor(private readonly deps: RunTrackerDeps) {
    this.timing = { ...RUN_TIMING, ...deps.timing }
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  /** The runs main remembers (the latest 200), oldest first. */
  recent(): CommandRun[] {
    return this.runs.map((r) => r.record)
  }

  // ——— Runs ———

  commandStarted(command: TerminalCommand): void {
    const existing = this.runs.find((r) => r.record.commandId === command.commandId)
    if (existing) return
    const stepId = command.run?.stepId ?? null
    const byClaims = this.deps.proxied(command.terminalId)
    const run: Run = {
      record: {
        runId: command.run?.runId ?? command.commandId,
        terminalId: command.terminalId,
        commandId: command.commandId,
        stepId,
        chapterId: stepId ? chapterOfStep(stepId) : (this.deps.currentChapter?.() ?? null),
        commandLine: command.commandLine.slice(0, RUN_LIMITS.commandLine),
        cwd: command.cwd,
        startedAt: command.startedAt,
        finishedAt: null,
        exitCode: null,
        state: 'running',
        approximate: !byClaims,
        outputTail: null,
        exchanges: [],
        events: [],
        effects: null,
        verdict: null,
        failure: null,
      },
      // The command line is read once, here: verification and the summary take it from the run.
      commands: dockerCommands(command.commandLine),
      byClaims,
      // As the engine was when the shell started it, however late main reads that.
      before: this.deps.before?.(command.startedAt) ?? NOTHING_BEFORE,
      calls: [],
      claims: [],
      expects: [],
      events: [],
      lookups: 0,
      building: false,
      summed: false,
      sums: 0,
      closed: false,
    }
    this.runs.push(run)
    if (this.runs.length > 200) this.runs.shift()
    this.changed(run)
    // Calls that reached the proxy before main read this start mark are this run's, by the shell's clock.
    for (const call of this.calls.values()) {
      if (call.terminalId === command.terminalId && !call.run) this.assign(call)
    }
    this.decide()
  }

  commandFinished(command: FinishedTerminalCommand): void {
    if (!this.runs.some((r) => r.record.commandId === command.commandId)) this.commandStarted(command)
    const run = this.runs.find((r) => r.record.commandId === command.commandId)
    if (!run || run.record.finishedAt !== null) return
    this.end(run, command.finishedAt, command.exitCode, command.outputTail)
  }

  /** A terminal was killed or restarted: its running command ends now, and its calls will never be answered. */
  terminalGone(terminalId: string): void {
    for (const [key, call] of this.calls) {
      if (call.terminalId !== terminalId) continue
      this.calls.delete(key)
      if (!call.answered) this.answer(call, { ...call.exchange, finishedAt: this.now(), aborted: true })
    }
    const now = this.now()
    for (const run of this.runs) {
      if (run.record.terminalId === terminalId && run.record.finishedAt === null) this.end(run, now, null, undefined)
    }
  }

  private end(run: Run, finishedAt: number, exitCode: number | null, outputTail: string | undefined): void {
    const r = run.record
    run.endedAt = this.now()
    r.finishedAt = Math.max(finishedAt, r.startedAt)
    r.exitCode = exitCode
    r.state = 'ended'
    r.outputTail = outputTail ? outputTail.slice(-RUN_LIMITS.outputTail) : null
    // Calls made after its end (a job it left in the background) are not its own.
    for (const call of [...run.calls]) {
      if (call.exchange.startedAt > r.finishedAt) this.unassign(call)
    }
    if (exitCode !== 0 && r.outputTail) {
      void this.deps.steps
        .explainFailure(r.outputTail, r.commandLine)
        .then((failure) => {
          if (!failure) return
          r.failure = failure
          this.changed(run)
        })
        .catch(() => undefined)
    }
    this.changed(run)
    if (run.byClaims) {
      run.capTimer = setTimeout(() => void this.sum(run), this.timing.settleCapMs)
      this.settleIfKnown(run)
    } else {
      // Without a proxy nothing tells when its last event is in: its grace decides.
      run.capTimer = setTimeout(() => void this.sum(run), this.timing.graceMs)
    }
    setTimeout(() => this.close(run), this.openAfter(run))
  }

  /** Sums a proxied run up as soon as everything it is owed has come. */
  private settleIfKnown(run: Run): void {
    if (run.summed || run.record.finishedAt === null || !run.byClaims) return
    if (run.lookups > 0 || run.calls.some((c) => !c.answered)) return
    if (!run.expects.every((x) => run.events.some((e) => fulfils(e, x)))) return
    void this.sum(run)
  }

  private async sum(run: Run): Promise<void> {
    clearTimeout(run.capTimer)
    run.summed = true
    const generation = ++run.sums
    const r = run.record
    const building = run.building || run.commands.some((c) => c.verb === 'build')
    const base: EffectsBase = {
      source: 'command',
      action: null,
      approximate: r.approximate,
      terminalId: r.terminalId,
      commandId: r.commandId,
      commandLine: r.commandLine,
      runId: r.runId,
      exitCode: r.exitCode,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt ?? r.startedAt,
    }
    const effects = await summarize(this.deps.facts, [...run.events], base, run.before, building)
    if (generation !== run.sums) return
    r.effects = effects
    r.state = 'settled'
    this.changed(run)
    await this.judge(run)
  }

  private async judge(run: Run): Promise<void> {
    const r = run.record
    if (!r.stepId || !r.effects) return
    try {
      r.verdict = await this.deps.steps.verify({
        runId: r.runId,
        stepId: r.stepId,
        commands: run.commands,
        effects: r.effects,
        exitCode: r.exitCode,
        outputTail: r.outputTail,
      })
      this.changed(run)
    } catch {
      // The engine went away mid-check: the step stays unjudged, its effects shown.
    }
  }

  /** A step is judged again (a container it verified running died). */
  async rejudge(runId: string): Promise<void> {
    const run = this.runs.find((r) => r.record.runId === runId)
    if (run) await this.judge(run)
  }

  /** Its grace has passed: later events are not its own, and its calls are let go. */
  private close(run: Run): void {
    // Events its answers promised that have not come yet (a slow event stream) keep it open a while longer.
    const owed = run.byClaims && !run.expects.every((x) => run.events.some((e) => fulfils(e, x)))
    if (owed && this.now() - (run.endedAt ?? 0) < this.timing.owedMs) {
      setTimeout(() => this.close(run), 250)
      return
    }
    run.closed = true
    for (const call of run.calls) this.calls.delete(this.key(call.terminalId, call.exchange.seq))
    this.decide()
  }

  private changed(run: Run): void {
    try {
      this.deps.runChanged(structuredClone(run.record))
    } catch {
      // A consumer's failure is its own; the run goes on.
    }
  }

  // ——— Calls through the terminals' proxies ———

  private key(terminalId: string, seq: number): string {
    return `${terminalId}#${seq}`
  }

  exchange(x: TerminalExchange): void {
    const key = this.key(x.terminalId, x.exchange.seq)
    let call = this.calls.get(key)
    if (!call) {
      call = { terminalId: x.terminalId, exchange: x.exchange, answered: false }
      this.calls.set(key, call)
      this.assign(call)
    }
    if (x.phase === 'answer') this.answer(call, x.exchange)
    this.forgetOldCalls()
    this.decide()
  }

  /** The run whose span (by the shell's clock) holds the call's arrival, if main knows it yet. */
  private assign(call: Call): void {
    const t = call.exchange.startedAt
    const run = this.runs.find(
      (r) =>
        r.record.terminalId === call.terminalId &&
        !r.closed &&
        r.record.startedAt <= t &&
        (r.record.finishedAt === null || t <= r.record.finishedAt),
    )
    if (!run) return
    call.run = run
    run.calls.push(call)
    if (run.record.exchanges.length < RUN_LIMITS.exchanges) {
      call.entry = exchangeEntry(call.exchange, call.answered)
      run.record.exchanges.push(call.entry)
    }
    if (run.calls.length > 256) {
      // A long command's answered calls have told what they had to; only those in flight still matter.
      const drop = run.calls.findIndex((c) => c.answered)
      if (drop >= 0) run.calls.splice(drop, 1)
    }
    if (call.reading) this.absorb(run, call)
    // An answered call with its run has nothing more to tell the attribution of others.
    if (call.answered) this.calls.delete(this.key(call.terminalId, call.exchange.seq))
  }

  /** A call that turned out to be after its run's end (a job left in the background): not that run's, nor its claims. */
  private unassign(call: Call): void {
    const run = call.run
    if (!run) return
    run.calls = run.calls.filter((c) => c !== call)
    if (call.entry) run.record.exchanges = run.record.exchanges.filter((e) => e !== call.entry)
    const reading = call.reading
    if (reading) {
      run.claims = run.claims.filter((c) => !reading.claims.includes(c))
      run.expects = run.expects.filter((x) => !reading.expects.includes(x))
    }
    call.run = undefined
    call.entry = undefined
    // It may be the next run's, once that run's start mark is read.
    this.calls.set(this.key(call.terminalId, call.exchange.seq), call)
  }

  private answer(call: Call, exchange: ProxiedExchange): void {
    call.exchange = exchange
    call.answered = true
    call.reading = readAnswer(exchange)
    if (call.entry) Object.assign(call.entry, exchangeEntry(exchange, true))
    const run = call.run
    if (!run) return
    this.calls.delete(this.key(call.terminalId, call.exchange.seq))
    this.absorb(run, call)
    this.changed(run)
    this.settleIfKnown(run)
  }

  /** A call's answer joins its run: what it named, and what the engine is now sure to report. */
  private absorb(run: Run, call: Call): void {
    const reading = call.reading
    if (!reading) return
    run.claims.push(...reading.claims)
    run.expects.push(...reading.expects)
    const x = call.exchange
    if (parseApiPath(x.path).parts[0] === 'build') run.building = true
    for (const r of reading.resolve ?? []) {
      // A name whose event will carry only the image's id (a load's): the engine is asked which id it names now.
      run.lookups++
      void this.deps.facts
        .imageFacts(r.ref)
        .then((f) => {
          if (!f.id) return
          run.claims.push({ kind: 'image', ref: f.id, made: true, within: r.within })
          run.expects.push({ kind: 'image', ref: f.id, actions: r.actions, after: x.startedAt })
        })
        .catch(() => undefined)
        .finally(() => {
          run.lookups--
          this.decide()
          this.settleIfKnown(run)
        })
    }
    const created = reading.claims.find((c) => c.kind === 'container' && c.made && c.within === undefined)
    if (created && parseApiPath(x.path).parts[1] === 'create') {
      // A container's create makes the volumes it mounts that were not there (anonymous ones included): its answer
      // names only the container, so the container is asked, once, which volumes it mounts.
      run.lookups++
      void this.deps.facts
        .containerVolumes(created.ref)
        .then((names) => {
          const within = { from: x.startedAt - 250, to: x.finishedAt + 1000 }
          for (const name of names) run.claims.push({ kind: 'volume', ref: name, made: true, within })
        })
        .catch(() => undefined)
        .finally(() => {
          run.lookups--
          this.decide()
          this.settleIfKnown(run)
        })
    }
  }

  /** Calls no command took (a background job between commands, a shell without marks) are let go in time. */
  private forgetOldCalls(): void {
    const before = this.now() - this.timing.inboxMs
    for (const [key, call] of this.calls) {
      if (!call.run && call.answered && call.exchange.finishedAt < before) this.calls.delete(key)
    }
  }

  // ——— Engine events ———

  engineEvent(e: EngineEvent): void {
    // exec_* events are never "outside" (an exec is not a change of any list).
    if (e.Type === 'container' && /^exec_/.test(e.Action)) return
    this.pending.push({ e, since: this.now() })
    this.decide()
  }

  /**
   * How long after its end a run still takes events: those that happened within its grace, arriving late. With a
   * proxy, as long as it waits for what its answers promised.
   */
  private openAfter(run: Run): number {
    return (run.byClaims ? Math.max(this.timing.graceMs, this.timing.settleCapMs) : this.timing.graceMs) + 50
  }

  /** An event (by the engine's clock) inside a command's or action's span, or its grace after. */
  private inWindow(start: number, end: number | null | undefined, t: number, grace = this.timing.graceMs): boolean {
    return t >= start - 20 && (end === null || end === undefined || t <= end + grace)
  }

  /** Who owns an event: a run, an app action, 'wait' while a call in flight might still claim it, or nobody. */
  private ownerOf(e: EngineEvent, since: number): Run | Action | 'wait' | undefined {
    const t = eventTimeMs(e)
    const runs = this.runs.filter(
      (r) =>
        !r.closed &&
        this.inWindow(
          r.record.startedAt,
          r.record.finishedAt,
          t,
          r.byClaims ? this.timing.proxiedGraceMs : this.timing.graceMs,
        ),
    )
    // A call still waiting for its answer may be the cause: its answer decides (an older run's name for the same object
    // may match too, but the call in flight is the likelier cause).
    if (this.now() - since < this.timing.holdMaxMs) {
      for (const call of this.calls.values()) {
        if (!call.answered && mightClaim(call.exchange, e)) return 'wait'
        // Answered before main read its command's start mark: its claims wait for the run to be made.
        if (!call.run && call.reading?.claims.some((c) => claimOwns(c, e))) return 'wait'
      }
      if ((e.Type === 'volume' || e.Type === 'image') && runs.some((r) => r.lookups > 0)) return 'wait'
    }
    // The newest run or action that claims it: a later command or button acting on the same name caused it, not an
    // earlier one still in its grace (a Reset removing what the step before it made, moments after).
    const claimed = runs.findLast((r) => r.byClaims && isClaimed(e, r.claims))
    const actions = [...this.actions].filter((a) => this.inWindow(a.base.startedAt, a.finishedAt, t))
    const buildStep = (a: Action): boolean =>
      !!a.options.buildSteps && e.Type === 'container' && (e.Actor.Attributes?.image ?? '').startsWith('sha256:')
    const action = actions.findLast((a) => isClaimed(e, a.claims) || buildStep(a))
    if (claimed && action) return action.base.startedAt > claimed.record.startedAt ? action : claimed
    if (claimed ?? action) return claimed ?? action
    const waiting = actions.find((a) => a.options.awaitsAnswer && a.finishedAt === undefined)
    if (waiting) return waiting
    // By time where the calls are not known: the most recent command whose window holds it.
    let latest: Run | undefined
    for (const r of runs) if (!r.byClaims && (!latest || r.record.startedAt > latest.record.startedAt)) latest = r
    return latest
  }

  private deciding = false
  private decideAgain = false

  /**
   * Gives each waiting event to its owner. Owners told of an event may act at once (an action that now has all it
   * waited for closes, and asks for this again): such a call only marks that another pass is due.
   */
  private decide(): void {
    if (this.deciding) {
      this.decideAgain = true
      return
    }
    this.deciding = true
    try {
      do {
        this.decideAgain = false
        const pending = this.pending
        this.pending = []
        for (const p of pending) {
          const owner = this.ownerOf(p.e, p.since)
          if (owner === 'wait') this.pending.push(p)
          else if (owner === undefined) this.toOutside(p.e)
          else if ('record' in owner) this.give(owner, p.e)
          else if (owner.options.awaitsAnswer && owner.finishedAt === undefined && !isClaimed(p.e, owner.claims))
            owner.held.push(p.e)
          else {
            owner.events.push(p.e)
            this.settleAction(owner)
          }
        }
      } while (this.decideAgain)
    } finally {
      this.deciding = false
    }
    clearTimeout(this.holdTimer)
    this.holdTimer = undefined
    if (this.pending.length) this.holdTimer = setTimeout(() => this.decide(), this.timing.holdMaxMs)
  }

  private give(run: Run, e: EngineEvent): void {
    run.events.push(e)
    if (run.record.events.length < RUN_LIMITS.events) {
      const name = e.Actor.Attributes?.name ?? null
      run.record.events.push({ type: e.Type, action: e.Action, id: e.Actor.ID, name, time: eventTimeMs(e) })
    }
    // An event after its effects were summed up (a container that died at once): summed up again.
    if (run.summed) void this.sum(run)
    else this.settleIfKnown(run)
  }

  private toOutside(e: EngineEvent): void {
    this.outside.push(e)
    this.outsideTimer ??= setTimeout(() => void this.flushOutside(), this.timing.outsideWindowMs)
  }

  private async flushOutside(): Promise<void> {
    this.outsideTimer = undefined
    const events = this.outside
    this.outside = []
    if (events.length === 0) return
    const times = events.map(eventTimeMs)
    const base = untied('outside', null, Math.min(...times), Math.max(...times))
    const effects = await summarize(this.deps.facts, events, base, NOTHING_BEFORE, false)
    if (!isEmpty(effects)) this.publish(effects)
  }

  private publish(effects: Effects): void {
    this.history.unshift(effects)
    if (this.history.length > 500) this.history.pop()
    try {
      this.deps.changed(effects)
    } catch {
      // A consumer's failure is its own.
    }
  }

  // ——— The app's own actions ———

  /** One of the app's own actions begins (a panel's button, the GPU test, a chapter reset). */
  begin(appAction: AppAction, claims: Claim[], options: ActionOptions = {}): ActionScope {
    const startedAt = this.now()
    const action: Action = {
      base: untied('app', appAction, startedAt, startedAt),
      claims: [...claims],
      options,
      before: this.deps.before?.() ?? NOTHING_BEFORE,
      events: [],
      held: [],
    }
    this.actions.add(action)
    let ended = false
    return {
      claim: (...more) => {
        action.claims.push(...more)
      },
      end: () => {
        if (ended) return
        ended = true
        action.finishedAt = this.now()
        action.base = { ...action.base, finishedAt: action.finishedAt }
        // Events held for the answer are judged again now that it has named what it touched.
        const held = action.held
        action.held = []
        action.options = { ...action.options, awaitsAnswer: false }
        this.pending.push(...held.map((e) => ({ e, since: this.now() })))
        this.decide()
        this.settleAction(action)
        setTimeout(() => this.capAction(action), this.timing.settleCapMs)
      },
    }
  }

  /**
   * At its cap an action is summed up with what it has; one that has had no event at all yet (a busy engine's stream
   * may lag) waits longer for them, while a change that made none (a start of a running container) is never reported.
   */
  private capAction(action: Action): void {
    const waited = this.now() - (action.finishedAt ?? 0)
    if (action.events.length === 0 && waited < this.timing.owedMs) setTimeout(() => this.capAction(action), 250)
    else void this.closeAction(action)
  }

  /**
   * An action is summed up once its grace has passed and every object it named has an event (a busy engine's events
   * may come late); one whose objects never all report, at its cap.
   */
  private settleAction(action: Action): void {
    if (action.closed || action.finishedAt === undefined) return
    if (action.claims.some((c) => !action.events.some((e) => claimOwns(c, e)))) return
    const left = action.finishedAt + this.timing.graceMs - this.now()
    if (left > 0) setTimeout(() => this.settleAction(action), left)
    else void this.closeAction(action)
  }

  private async closeAction(action: Action): Promise<void> {
    if (action.closed) return
    action.closed = true
    this.actions.delete(action)
    this.decide()
    const building = action.base.action?.kind === 'build'
    const effects = await summarize(this.deps.facts, action.events, action.base, action.before, building)
    // An action is reported only if it changed something.
    if (!isEmpty(effects)) this.publish(effects)
  }
}
