import type { AppAction, CommandRecord, EffectImage, Effects, FinishedCommandRecord } from '@shared/contract'
import { parseApiPath } from '@shared/docker/api-path'
import { runsDocker } from '@shared/docker/command'
import { canonicalImageRef } from '@shared/docker/image-ref'
import { claimsOf, isClaimed, type Claim } from '../engine-proxy/exchange-claims'
import type { TerminalExchange } from '../engine-proxy/terminal-proxies'
import type { ActionOptions, ActionScope, AppActions } from './app-actions'
import { eventTimeMs, type EngineEvent } from './engine-event'

export interface ImageFacts {
  /** The image's id (a pull's event names it by reference only). */
  id: string | null
  size: number | null
  layers: number | null
  tags: string[]
}

/** What was there when a command or action began: a name that already named the same image is nothing new. */
export interface BeforeState {
  /** Canonical image reference → image id. */
  imageRefs: ReadonlyMap<string, string>
  volumes: ReadonlySet<string>
}

export interface EffectsDeps {
  emit: (effects: Effects) => void
  /** Size and layer count of an image, and how many layers its parent had (for "layers added"). */
  imageFacts: (id: string, parent?: string) => Promise<ImageFacts & { parentLayers: number | null }>
  /** Published ports of a container, once started. */
  containerPorts: (id: string) => Promise<Array<{ privatePort: number; publicPort: number; type: string }>>
  /** Tags an image had before it was deleted (the delete event only names its id). */
  knownTags: (id: string) => string[]
  /** The engine's objects as the panels know them now. */
  before?: () => BeforeState
  now?: () => number
  /** How long after a command ends its engine events may still arrive. */
  graceMs?: number
  /** Events outside any command are gathered for this long into one "outside" record. */
  outsideWindowMs?: number
  /** How long an engine event waits for the terminal's news before it is attributed. */
  settleMs?: number
  /** Whether a terminal's docker CLI goes through the app's engine proxy (then attribution is by request). */
  proxied?: (terminalId: string) => boolean
}

type Base = Pick<
  Effects,
  | 'source'
  | 'action'
  | 'approximate'
  | 'terminalId'
  | 'commandId'
  | 'commandLine'
  | 'runId'
  | 'exitCode'
  | 'startedAt'
  | 'finishedAt'
>

interface Window {
  base: Base
  /** Set once the command or action has ended. */
  finishedAt?: number
  events: EngineEvent[]
  /** What its own API calls made or touched (through its terminal's proxy, or named by the app's action). */
  claims: Set<Claim>
  /** When its container creations were in flight: a volume or network made implicitly then is theirs. */
  creating: Array<{ from: number; to: number }>
  /** Attributed by its claims (a proxied terminal, an app action); by time otherwise (fixed at the start). */
  byClaims: boolean
  before: BeforeState
  options: ActionOptions
  /** Unclaimed events held until this action's answer has named what it removed. */
  held: EngineEvent[]
}

const NOTHING: BeforeState = { imageRefs: new Map(), volumes: new Set() }

/** The record of changes no terminal made: the app's own action, or a change made outside the app. */
function untied(source: 'app' | 'outside', action: AppAction | null, startedAt: number, finishedAt: number): Base {
  const none = { terminalId: null, commandId: null, commandLine: null, runId: null, exitCode: null }
  return { source, action, approximate: false, ...none, startedAt, finishedAt }
}

function emptyEffects(base: Base): Effects {
  return {
    ...base,
    containers: { created: [], started: [], stopped: [], removed: [] },
    images: { pulled: [], built: [], tagged: [], committed: [], removed: [] },
    volumes: { created: [], removed: [] },
    networks: { created: [], removed: [] },
    ports: [],
  }
}

/**
 * Attributes engine events to the terminal command or app action that caused them, and turns them into an effects
 * record each. For a terminal whose docker CLI goes through the app's engine proxy, an event is a command's only when
 * one of that command's own API calls made or touched what the event is about (`exchange-claims.ts`); for the app's
 * own actions, when the action named it; for any other terminal (an ssh:// engine), by time: the command whose
 * window (commandStarted to commandFinished, plus a short grace) contains it, marked approximate. Everything else is
 * reported as changed outside the app.
 */
export class EffectsTracker implements AppActions {
  private readonly open = new Map<string, Window>()
  private outside: EngineEvent[] = []
  private outsideTimer: NodeJS.Timeout | undefined
  private actions = 0
  readonly history: Effects[] = []

  constructor(private readonly deps: EffectsDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  commandStarted(command: CommandRecord): void {
    this.open.set(command.commandId, this.commandWindow(command))
  }

  private commandWindow(command: CommandRecord): Window {
    const byClaims = this.deps.proxied?.(command.terminalId) ?? false
    return this.window(
      {
        source: 'command',
        action: null,
        approximate: !byClaims,
        terminalId: command.terminalId,
        commandId: command.commandId,
        commandLine: command.commandLine,
        runId: command.runId ?? null,
        exitCode: null,
        startedAt: command.startedAt,
        finishedAt: command.startedAt,
      },
      byClaims,
      {},
    )
  }

  private window(base: Base, byClaims: boolean, options: ActionOptions): Window {
    const before = this.deps.before?.() ?? NOTHING
    return { base, events: [], claims: new Set(), creating: [], byClaims, before, options, held: [] }
  }

  /** One of the app's own actions begins (a panel's button, the GPU test, a chapter reset). */
  begin(action: AppAction, claims: Claim[], options: ActionOptions = {}): ActionScope {
    const key = `app:${++this.actions}`
    const startedAt = this.now()
    const w = this.window(untied('app', action, startedAt, startedAt), true, options)
    for (const c of claims) w.claims.add(c)
    this.open.set(key, w)
    let ended = false
    return {
      claim: (...more) => {
        for (const c of more) w.claims.add(c)
      },
      end: () => {
        if (ended) return
        ended = true
        // Events held for the answer are judged again now that it has named what it touched.
        const held = w.held
        w.held = []
        w.options = { ...w.options, awaitsAnswer: false }
        for (const e of held) this.attribute(e)
        this.finish(key, w, this.now(), null)
      },
    }
  }

  /** One API call from a terminal's docker CLI, as its proxy saw it (on arrival, and again once answered). */
  exchange(x: TerminalExchange): void {
    const w = x.commandId ? this.open.get(x.commandId) : undefined
    if (!w) return
    for (const claim of claimsOf(x.exchange)) w.claims.add(claim)
    if (x.exchange.method === 'POST' && parseApiPath(x.exchange.path).path === '/containers/create') {
      const span = w.creating.find((c) => c.from === x.exchange.startedAt)
      if (span) span.to = x.exchange.finishedAt
      else w.creating.push({ from: x.exchange.startedAt, to: x.early ? Infinity : x.exchange.finishedAt })
    }
  }

  /** A terminal was killed or restarted mid-command: its open windows close now, and claim nothing more. */
  terminalGone(terminalId: string): void {
    const now = this.now()
    for (const [key, w] of this.open) {
      if (w.base.terminalId !== terminalId || w.finishedAt !== undefined) continue
      this.finish(key, w, now, null)
    }
  }

  commandFinished(record: FinishedCommandRecord): void {
    const w = this.open.get(record.commandId) ?? this.commandWindow(record)
    this.open.set(record.commandId, w)
    this.finish(record.commandId, w, record.finishedAt, record.exitCode)
  }

  private finish(key: string, w: Window, finishedAt: number, exitCode: number | null): void {
    w.finishedAt = finishedAt
    w.base = { ...w.base, finishedAt, exitCode }
    setTimeout(() => void this.close(key), (this.deps.graceMs ?? 400) + (this.deps.settleMs ?? 250))
  }

  /**
   * The engine may report an event before the PTY output that says a command started has been
   * read: attribution waits a moment, then goes by the timestamps alone.
   */
  engineEvent(e: EngineEvent): void {
    setTimeout(() => this.attribute(e), this.deps.settleMs ?? 250)
  }

  private attribute(e: EngineEvent): void {
    const t = eventTimeMs(e)
    const grace = this.deps.graceMs ?? 400
    const inWindow = [...this.open.values()].filter((w) => {
      const end = w.finishedAt !== undefined ? w.finishedAt + grace : Infinity
      return t >= w.base.startedAt - 20 && t <= end
    })
    const implicit = (w: Window): boolean =>
      (e.Type === 'volume' || e.Type === 'network') && w.creating.some((c) => t >= c.from - 50 && t <= c.to + grace)
    const buildStep = (w: Window): boolean =>
      !!w.options.buildSteps && e.Type === 'container' && (e.Actor.Attributes?.image ?? '').startsWith('sha256:')
    // By request where the calls are known; by time (the most recent command) where they are not.
    let owner = inWindow.find((w) => w.byClaims && (isClaimed(e, w.claims) || implicit(w) || buildStep(w)))
    if (!owner) {
      for (const w of inWindow.filter((x) => !x.byClaims)) {
        if (!owner || w.base.startedAt > owner.base.startedAt) owner = w
      }
    }
    const waiting = owner ? undefined : inWindow.find((w) => w.options.awaitsAnswer && w.finishedAt === undefined)
    if (owner) owner.events.push(e)
    else if (waiting) waiting.held.push(e)
    else if (e.Type !== 'container' || !/^exec_/.test(e.Action)) {
      this.outside.push(e)
      this.outsideTimer ??= setTimeout(() => void this.flushOutside(), this.deps.outsideWindowMs ?? 1000)
    }
  }

  private async close(key: string): Promise<void> {
    const w = this.open.get(key)
    if (w?.finishedAt === undefined) return
    this.open.delete(key)
    const effects = await this.summarize(w.events, w.base, w.before)
    // A command is reported even when it changed nothing (its step shows "no change"); an app action only if it did.
    if (w.base.source === 'command' || !isEmpty(effects)) this.publish(effects)
  }

  private async flushOutside(): Promise<void> {
    this.outsideTimer = undefined
    const events = this.outside
    this.outside = []
    if (events.length === 0) return
    const times = events.map(eventTimeMs)
    const effects = await this.summarize(events, untied('outside', null, Math.min(...times), Math.max(...times)))
    if (!isEmpty(effects)) this.publish(effects)
  }

  private publish(effects: Effects): void {
    this.history.unshift(effects)
    if (this.history.length > 500) this.history.pop()
    this.deps.emit(effects)
  }

  private async summarize(events: EngineEvent[], base: Base, before: BeforeState = NOTHING): Promise<Effects> {
    const fx = emptyEffects(base)
    const name = (e: EngineEvent): string => e.Actor.Attributes?.name ?? e.Actor.ID.slice(0, 12)
    const created = new Set(
      events.filter((e) => e.Type === 'container' && e.Action === 'create').map((e) => e.Actor.ID),
    )
    const destroyed = new Set(
      events.filter((e) => e.Type === 'container' && e.Action === 'destroy').map((e) => e.Actor.ID),
    )
    // A build's intermediate containers (made from an image id and gone again) are not the learner's.
    const transient = new Set(
      events
        .filter((e) => e.Type === 'container' && created.has(e.Actor.ID) && destroyed.has(e.Actor.ID))
        .filter((e) => (e.Actor.Attributes?.image ?? '').startsWith('sha256:'))
        .map((e) => e.Actor.ID),
    )
    const building = base.action?.kind === 'build' || runsDocker(base.commandLine ?? '', 'build')
    const add = <T extends { id: string }>(list: T[], item: T): void => {
      if (!list.some((x) => x.id === item.id)) list.push(item)
    }
    // One image may gain several names in one command: each is an effect of its own.
    const addImage = (list: EffectImage[], item: EffectImage): void => {
      if (!list.some((x) => x.id === item.id && x.name === item.name)) list.push(item)
    }
    type Facts = ImageFacts & { parentLayers: number | null }
    const imageItem = (
      imageId: string,
      ref: string,
      facts: Facts | undefined,
      layers: (f: Facts) => number | null,
    ): EffectImage => ({
      id: imageId,
      name: ref,
      size: facts?.size ?? null,
      layers: facts ? layers(facts) : null,
      existedBefore: before.imageRefs.get(canonicalImageRef(ref)) === imageId,
    })
    // The engine sends a commit's `image tag` before its `container commit`: know the committed ids up front.
    const committed = new Set(
      events
        .filter((e) => e.Type === 'container' && e.Action === 'commit')
        .map((e) => e.Actor.Attributes?.imageID)
        .filter((id): id is string => !!id),
    )

    for (const e of events) {
      const id = e.Actor.ID
      if (e.Type === 'container') {
        if (transient.has(id)) continue
        const item = { id, name: name(e) }
        if (e.Action === 'create') add(fx.containers.created, item)
        else if (e.Action === 'start') add(fx.containers.started, item)
        else if (e.Action === 'die' || e.Action === 'stop') add(fx.containers.stopped, item)
        else if (e.Action === 'destroy') add(fx.containers.removed, item)
        else if (e.Action === 'commit') {
          const imageId = e.Actor.Attributes?.imageID
          if (imageId) {
            const facts = await this.deps.imageFacts(imageId, e.Actor.Attributes?.image).catch(() => undefined)
            const ref = e.Actor.Attributes?.imageRef ?? facts?.tags[0] ?? imageId.slice(7, 19)
            addImage(fx.images.committed, imageItem(imageId, ref, facts, layersAdded))
          }
        }
      } else if (e.Type === 'image') {
        if (e.Action === 'tag' && !committed.has(id)) {
          const facts = await this.deps.imageFacts(id).catch(() => undefined)
          const item = imageItem(id, e.Actor.Attributes?.name ?? id, facts, layersAdded)
          addImage(building ? fx.images.built : fx.images.tagged, item)
        } else if (e.Action === 'pull') {
          // The pull event names the image by the reference asked for; its id comes from the engine.
          const facts = await this.deps.imageFacts(id).catch(() => undefined)
          addImage(
            fx.images.pulled,
            imageItem(facts?.id ?? id, e.Actor.Attributes?.name ?? id, facts, (f) => f.layers),
          )
        } else if (e.Action === 'delete') {
          addImage(fx.images.removed, {
            id,
            name: this.deps.knownTags(id)[0] ?? id.replace(/^sha256:/, '').slice(0, 12),
            size: null,
            layers: null,
            existedBefore: true,
          })
        }
      } else if (e.Type === 'volume') {
        // Creating a volume that is already there changes nothing (and Reset must never take it).
        if (e.Action === 'create' && !before.volumes.has(id)) add(fx.volumes.created, { id, name: id })
        else if (e.Action === 'destroy') add(fx.volumes.removed, { id, name: id })
      } else if (e.Type === 'network') {
        if (e.Action === 'create') add(fx.networks.created, { id, name: name(e) })
        else if (e.Action === 'destroy') add(fx.networks.removed, { id, name: name(e) })
      }
    }
    for (const c of fx.containers.started) {
      const ports = await this.deps.containerPorts(c.id).catch(() => [])
      for (const p of ports) fx.ports.push({ container: c.name, ...p })
    }
    return fx
  }
}

function layersAdded(f: ImageFacts & { parentLayers: number | null }): number | null {
  if (f.layers === null) return null
  return f.parentLayers === null ? f.layers : f.layers - f.parentLayers
}

export function isEmpty(fx: Effects): boolean {
  const lists = [
    ...Object.values(fx.containers),
    ...Object.values(fx.images),
    ...Object.values(fx.volumes),
    ...Object.values(fx.networks),
    fx.ports,
  ]
  return lists.every((l) => l.length === 0)
}
