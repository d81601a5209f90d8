import type { CommandRecord, Effects, FinishedCommandRecord } from '@shared/contract'
import { claimsOf, isClaimed, type Claim } from '../engine-proxy/exchange-claims'
import type { TerminalExchange } from '../engine-proxy/terminal-proxies'
import { eventTimeMs, type EngineEvent } from './engine-event'

export interface ImageFacts {
  size: number | null
  layers: number | null
  tags: string[]
}

export interface EffectsDeps {
  emit: (effects: Effects) => void
  /** Size and layer count of an image, and how many layers its parent had (for "layers added"). */
  imageFacts: (id: string, parent?: string) => Promise<ImageFacts & { parentLayers: number | null }>
  /** Published ports of a container, once started. */
  containerPorts: (id: string) => Promise<Array<{ privatePort: number; publicPort: number; type: string }>>
  /** Tags an image had before it was deleted (the delete event only names its id). */
  knownTags: (id: string) => string[]
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

interface Window {
  command: CommandRecord
  finished?: FinishedCommandRecord
  events: EngineEvent[]
  /** What the command's own API calls made or touched (through its terminal's proxy). */
  claims: Set<Claim>
  /** When its container creations were in flight: a volume or network made implicitly then is theirs. */
  creating: Array<{ from: number; to: number }>
  /** Its terminal went through the engine proxy when the command started (fixed: the terminal may be gone later). */
  proxied: boolean
}

function emptyEffects(
  base: Pick<
    Effects,
    'source' | 'terminalId' | 'commandId' | 'commandLine' | 'runId' | 'exitCode' | 'startedAt' | 'finishedAt'
  >,
): Effects {
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
 * Attributes engine events to the terminal command that caused them, and turns them into an effects record per
 * command. For a terminal whose docker CLI goes through the app's engine proxy, an event is a command's only when one
 * of that command's own API calls made or touched what the event is about (`exchange-claims.ts`); for any other
 * terminal (an ssh:// engine), by time: the command whose window (commandStarted to commandFinished, plus a short
 * grace) contains it. Everything else is reported as changed outside the app.
 */
export class EffectsTracker {
  private readonly open = new Map<string, Window>()
  private outside: EngineEvent[] = []
  private outsideTimer: NodeJS.Timeout | undefined
  readonly history: Effects[] = []

  constructor(private readonly deps: EffectsDeps) {}

  commandStarted(command: CommandRecord): void {
    this.open.set(command.commandId, this.window(command))
  }

  private window(command: CommandRecord): Window {
    const proxied = this.deps.proxied?.(command.terminalId) ?? false
    return { command, events: [], claims: new Set(), creating: [], proxied }
  }

  /** One API call from a terminal's docker CLI, as its proxy saw it (on arrival, and again once answered). */
  exchange(x: TerminalExchange): void {
    const w = x.commandId ? this.open.get(x.commandId) : undefined
    if (!w) return
    for (const claim of claimsOf(x.exchange)) w.claims.add(claim)
    if (x.exchange.method === 'POST' && /\/containers\/create/.test(x.exchange.path)) {
      const span = w.creating.find((c) => c.from === x.exchange.startedAt)
      if (span) span.to = x.exchange.finishedAt
      else w.creating.push({ from: x.exchange.startedAt, to: x.early ? Infinity : x.exchange.finishedAt })
    }
  }

  /** A terminal was killed or restarted mid-command: its open windows close now, and claim nothing more. */
  terminalGone(terminalId: string): void {
    const now = (this.deps.now ?? Date.now)()
    for (const w of this.open.values()) {
      if (w.command.terminalId !== terminalId || w.finished) continue
      this.commandFinished({ ...w.command, exitCode: null, finishedAt: now })
    }
  }

  commandFinished(record: FinishedCommandRecord): void {
    const w = this.open.get(record.commandId) ?? this.window(record)
    w.finished = record
    this.open.set(record.commandId, w)
    setTimeout(() => void this.close(record.commandId), (this.deps.graceMs ?? 400) + (this.deps.settleMs ?? 250))
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
      const end = w.finished ? w.finished.finishedAt + grace : Infinity
      return t >= w.command.startedAt - 20 && t <= end
    })
    const proxied = (w: Window): boolean => w.proxied
    const implicit = (w: Window): boolean =>
      (e.Type === 'volume' || e.Type === 'network') && w.creating.some((c) => t >= c.from - 50 && t <= c.to + grace)
    // By request where the terminal's calls are known; by time (the most recent command) where they are not.
    let owner = inWindow.find((w) => proxied(w) && (isClaimed(e, w.claims) || implicit(w)))
    if (!owner) {
      for (const w of inWindow.filter((x) => !proxied(x))) {
        if (!owner || w.command.startedAt > owner.command.startedAt) owner = w
      }
    }
    if (owner) owner.events.push(e)
    else if (e.Type !== 'container' || !/^exec_/.test(e.Action)) {
      this.outside.push(e)
      this.outsideTimer ??= setTimeout(() => void this.flushOutside(), this.deps.outsideWindowMs ?? 1000)
    }
  }

  private async close(commandId: string): Promise<void> {
    const w = this.open.get(commandId)
    if (!w?.finished) return
    this.open.delete(commandId)
    const f = w.finished
    const effects = await this.summarize(w.events, {
      source: 'command',
      terminalId: f.terminalId,
      commandId: f.commandId,
      commandLine: f.commandLine,
      runId: f.runId ?? null,
      exitCode: f.exitCode,
      startedAt: f.startedAt,
      finishedAt: f.finishedAt,
    })
    this.publish(effects)
  }

  private async flushOutside(): Promise<void> {
    this.outsideTimer = undefined
    const events = this.outside
    this.outside = []
    if (events.length === 0) return
    const times = events.map(eventTimeMs)
    const effects = await this.summarize(events, {
      source: 'outside',
      terminalId: null,
      commandId: null,
      commandLine: null,
      runId: null,
      exitCode: null,
      startedAt: Math.min(...times),
      finishedAt: Math.max(...times),
    })
    if (!isEmpty(effects)) this.publish(effects)
  }

  private publish(effects: Effects): void {
    this.history.unshift(effects)
    if (this.history.length > 500) this.history.pop()
    this.deps.emit(effects)
  }

  private async summarize(events: EngineEvent[], base: Parameters<typeof emptyEffects>[0]): Promise<Effects> {
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
    const building = /\bdocker\s+(?:image\s+)?build\b/.test(base.commandLine ?? '')
    const add = <T extends { id: string }>(list: T[], item: T): void => {
      if (!list.some((x) => x.id === item.id)) list.push(item)
    }
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
            add(fx.images.committed, {
              id: imageId,
              name: e.Actor.Attributes?.imageRef ?? facts?.tags[0] ?? imageId.slice(7, 19),
              size: facts?.size ?? null,
              layers: facts ? layersAdded(facts) : null,
            })
          }
        }
      } else if (e.Type === 'image') {
        if (e.Action === 'tag' && !committed.has(id)) {
          const facts = await this.deps.imageFacts(id).catch(() => undefined)
          const item = {
            id,
            name: e.Actor.Attributes?.name ?? id,
            size: facts?.size ?? null,
            layers: facts ? layersAdded(facts) : null,
          }
          add(building ? fx.images.built : fx.images.tagged, item)
        } else if (e.Action === 'pull') {
          const facts = await this.deps.imageFacts(id).catch(() => undefined)
          add(fx.images.pulled, {
            id,
            name: e.Actor.Attributes?.name ?? id,
            size: facts?.size ?? null,
            layers: facts?.layers ?? null,
          })
        } else if (e.Action === 'delete') {
          add(fx.images.removed, {
            id,
            name: this.deps.knownTags(id)[0] ?? id.replace(/^sha256:/, '').slice(0, 12),
            size: null,
            layers: null,
          })
        }
      } else if (e.Type === 'volume') {
        if (e.Action === 'create') add(fx.volumes.created, { id, name: id })
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
