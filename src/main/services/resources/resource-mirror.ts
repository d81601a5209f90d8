import type Docker from 'dockerode'
import type { ContainerSummary, ResourceKind, Resources, ResourcesChanged } from '@shared/contract'
import { canonicalImageRef } from '@shared/docker/image-ref'
import { ApiError, errorMessage } from '@shared/errors'
import type { BeforeState } from '../runs/effects-summary'
import { eventTimeMs, kindsTouched, type EngineEvent } from '../engine/engine-event'
import { EngineEventStream } from './engine-event-stream'
import { ContainerTimesCache } from './container-times'
import { FreshList } from './fresh-list'
import { ALL_KINDS, listContainers, listKinds } from './list-resources'

export interface ResourceMirrorDeps {
  /** The engine's clients, read at each use: `streams` has no request timeout, for the long-lived event stream. */
  connection: { docker: Docker; streams: Docker }
  onChanged: (change: ResourcesChanged) => void
  onEvent: (e: EngineEvent) => void
  /** The stream dropped or came back: the status bar should re-probe now. */
  onConnection: (connected: boolean) => void
  /**
   * Bursts of events (a `docker compose up`, a prune) are coalesced: lists are asked for at most once in this long. An
   * event after a quiet spell is listed at once; the rest of its burst waits for the end of the window.
   */
  batchMs?: number
  /**
   * The engine announces some changes a moment before its lists show them (`pause`, `unpause` and `die` are in the
   * events before `docker ps` says so): the containers an event named are listed again after each of these delays.
   */
  confirmMs?: readonly number[]
  now?: () => number
}

/** Beyond this many containers in one batch of events, listing them all is as cheap as naming them. */
const SOME_CONTAINERS_AT_MOST = 50

/**
 * The engine's containers, images, volumes and networks, kept current from one /events
 * subscription: each event re-lists only the kinds it touches (batched briefly), and of the containers only those it
 * names, merged into the known list; every (re)connect lists everything again, so nothing stale survives a lost stream.
 */
export class ResourceMirror {
  private state: Resources = { containers: [], images: [], volumes: [], networks: [], syncedAt: 0 }
  private readonly pending = new Set<ResourceKind>()
  /** The containers the batched events named: listed alone, however many others there are. */
  private readonly pendingContainers = new Set<string>()
  private readonly containers = new FreshList<ContainerSummary>()
  /** Per delay of `confirmMs`, the containers an event named that are to be listed again after it. */
  private readonly confirming = new Map<number, Set<string>>()
  private readonly confirmTimers = new Map<number, NodeJS.Timeout>()
  /** The newest event a pending listing will reflect: when what it finds first appeared, at the latest. */
  private pendingEventTime: number | null = null
  private timer: NodeJS.Timeout | undefined
  /** When the last batch was listed (a monotonic clock): the next waits out the window from then. */
  private lastFlush = -Infinity
  private readonly stream: EngineEventStream
  /** Every tag an image id was seen with: a delete event names only the id, after its tags are gone. */
  private readonly tagsSeen = new Map<string, string[]>()
  /**
   * When each volume name and each image name (with the image it names) was first listed, by the engine's clock:
   * what was there before a moment in the past (a command's start, read late under a flood) is told from this.
   */
  private readonly appeared = new Map<string, number>()
  /** When each container started and ended, inspected once and forgotten when an event says they changed. */
  private readonly times = new ContainerTimesCache()
  /** Listings are numbered as they start; per kind, the number of the one the state holds (containers: `containers`). */
  private listings = 0
  private readonly holds = new Map<ResourceKind, number>()

  constructor(private readonly deps: ResourceMirrorDeps) {
    this.stream = new EngineEventStream(() => deps.connection.streams, {
      onEvent: (e) => this.onEvent(e),
      onConnected: () => {
        deps.onConnection(true)
        void this.resyncWhileConnected()
      },
      onDisconnected: () => deps.onConnection(false),
    })
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  start(): void {
    this.stream.start()
  }

  stop(): void {
    this.stream.stop()
    clearTimeout(this.timer)
    for (const timer of this.confirmTimers.values()) clearTimeout(timer)
    this.confirmTimers.clear()
  }

  /** Another engine was chosen: drop the old stream and everything listed from it, and start over. */
  reconnect(): void {
    this.stream.stop()
    this.stream.start()
  }

  get connected(): boolean {
    return this.stream.isConnected
  }

  current(): Resources {
    return this.state
  }

  /**
   * What was there at `at` (now by default) of what is there now, as the effects of a command or action that began
   * then compare with: a name that already named the same image, a volume that was already there, is nothing new.
   */
  before(at = Infinity): BeforeState {
    const was = (key: string): boolean => (this.appeared.get(key) ?? 0) < at
    const imageRefs = new Map<string, string>()
    for (const image of this.state.images) {
      for (const tag of image.tags) {
        const ref = canonicalImageRef(tag)
        if (was(`image ${ref} ${image.id}`)) imageRefs.set(ref, image.id)
      }
    }
    return { imageRefs, volumes: new Set(this.state.volumes.map((v) => v.name).filter((n) => was(`volume ${n}`))) }
  }

  tagsOf(imageId: string): string[] {
    return this.tagsSeen.get(imageId) ?? []
  }

  /** Tags by image id, and when each name first appeared (`at`: the newest event the lists reflect; 0 at start). */
  private remember(state: Partial<Resources>, at: number): void {
    for (const image of state.images ?? []) {
      if (image.tags.length) this.tagsSeen.set(image.id, image.tags)
      for (const tag of image.tags) this.firstSeen(`image ${canonicalImageRef(tag)} ${image.id}`, at)
    }
    for (const volume of state.volumes ?? []) this.firstSeen(`volume ${volume.name}`, at)
  }

  private firstSeen(key: string, at: number): void {
    if (this.appeared.has(key)) return
    this.appeared.set(key, at)
    // Bounded: the oldest names are forgotten first (then they count as having been there all along).
    if (this.appeared.size > 20_000) this.appeared.delete(this.appeared.keys().next().value ?? '')
  }

  /**
   * What the engine has, listed at least once where it can be: a question asked just after start must not read the
   * empty lists from before the first listing. With no engine it is what was last known.
   */
  async settled(): Promise<Resources> {
    if (this.state.syncedAt !== 0) return this.state
    try {
      return await this.resync()
    } catch {
      return this.state
    }
  }

  async list(): Promise<Resources> {
    if (!this.stream.isConnected || this.state.syncedAt === 0) await this.resync()
    return this.state
  }

  private onEvent(e: EngineEvent): void {
    // A volume's own create event times its appearance exactly (a later list only confirms it).
    if (e.Type === 'volume' && e.Action === 'create' && !this.state.volumes.some((v) => v.name === e.Actor.ID))
      this.firstSeen(`volume ${e.Actor.ID}`, eventTimeMs(e))
    if (e.Type === 'volume' && e.Action === 'destroy') this.appeared.delete(`volume ${e.Actor.ID}`)
    this.deps.onEvent(e)
    const kinds = kindsTouched(e)
    if (kinds.length === 0) return
    for (const k of kinds) {
      if (k === 'containers') this.pendingContainers.add(e.Actor.ID)
      else this.pending.add(k)
    }
    if (e.Type === 'container') this.times.forget(e.Actor.ID)
    this.pendingEventTime = Math.max(this.pendingEventTime ?? 0, eventTimeMs(e))
    const wait = Math.max(0, this.lastFlush + (this.deps.batchMs ?? 20) - performance.now())
    this.timer ??= setTimeout(() => void this.flush(), wait)
  }

  /**
   * What of a listing that started as number `seq` is newer than what the state holds: listings overlap (a burst of
   * events, containers to inspect), and one that started earlier but ended later must not put back what a newer one
   * replaced (a container paused in between shown running again until the next event).
   */
  private fresher(seq: number, lists: Partial<Resources>): Partial<Resources> {
    const out: Partial<Resources> = {}
    for (const kind of ALL_KINDS) {
      if (kind === 'containers') continue
      const list = lists[kind]
      if (!list || (this.holds.get(kind) ?? 0) > seq) continue
      this.holds.set(kind, seq)
      Object.assign(out, { [kind]: list })
    }
    return out
  }

  private async flush(): Promise<void> {
    this.timer = undefined
    this.lastFlush = performance.now()
    const kinds = [...this.pending]
    const ids = [...this.pendingContainers]
    const eventTime = this.pendingEventTime
    this.pending.clear()
    this.pendingContainers.clear()
    this.pendingEventTime = null
    // The containers first and on their own: the row the learner waits for need not wait for the other lists.
    const containers = ids.length ? this.refreshContainers(ids) : Promise.resolve()
    if (ids.length) this.confirmLater(ids)
    if (kinds.length === 0) return containers
    try {
      const seq = ++this.listings
      // A volume's "used by" is read from the containers once those the events named are merged in.
      const users = containers.then(() => this.state.containers)
      const lists = this.fresher(seq, await listKinds(this.deps.connection.docker, kinds, this.times, users))
      if (Object.keys(lists).length === 0) return await containers
      const change: ResourcesChanged = { ...lists, full: false, syncedAt: this.now() }
      this.state = { ...this.state, ...lists, syncedAt: change.syncedAt }
      this.remember(lists, eventTime ?? this.now())
      this.deps.onChanged(change)
    } catch {
      // The engine went away mid-list; the stream's reconnect will resync everything.
    }
    await containers
  }

  private confirmLater(ids: string[]): void {
    for (const delay of this.deps.confirmMs ?? [50, 1000]) {
      const set = this.confirming.get(delay) ?? new Set<string>()
      this.confirming.set(delay, set)
      for (const id of ids) set.add(id)
      if (this.confirmTimers.has(delay)) continue
      this.confirmTimers.set(
        delay,
        setTimeout(() => {
          this.confirmTimers.delete(delay)
          const again = [...set]
          set.clear()
          void this.refreshContainers(again)
        }, delay),
      )
    }
  }

  /** Lists the containers events named (or all, for a burst of many) and sends what changed of them. */
  private async refreshContainers(ids: string[]): Promise<void> {
    const seq = this.containers.begin()
    try {
      const all = ids.length > SOME_CONTAINERS_AT_MOST
      const found = await listContainers(this.deps.connection.docker, this.times, all ? undefined : ids)
      const changes = all ? this.containers.whole(seq, found) : this.containers.some(seq, ids, found)
      if (changes.upserted.length === 0 && changes.removed.length === 0) return
      const syncedAt = this.now()
      this.state = { ...this.state, containers: this.containers.list(), syncedAt }
      this.deps.onChanged({ containerChanges: changes, full: false, syncedAt })
    } catch {
      this.containers.abandon(seq)
    }
  }

  /**
   * After a reconnect the lists must be redone, but a daemon that has just come back may still fail them: keep
   * trying while the stream is up, or the panels would show the state from before the loss until the next one.
   */
  private async resyncWhileConnected(): Promise<void> {
    while (this.stream.isConnected) {
      try {
        await this.resync()
        return
      } catch {
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  }

  async resync(): Promise<Resources> {
    try {
      this.times.forget()
      const seq = ++this.listings
      const containersSeq = this.containers.begin()
      const listed = await listKinds(this.deps.connection.docker, ALL_KINDS, this.times).catch((error: unknown) => {
        this.containers.abandon(containersSeq)
        throw error
      })
      this.containers.whole(containersSeq, listed.containers ?? [])
      const fresh = this.fresher(seq, listed)
      // What the first listing finds was there all along; what a later one finds first came meanwhile.
      this.remember(fresh, this.state.syncedAt === 0 ? 0 : this.now())
      this.state = { ...this.state, ...fresh, containers: this.containers.list(), syncedAt: this.now() }
      const { containers, images, volumes, networks, syncedAt } = this.state
      this.deps.onChanged({ containers, images, volumes, networks, full: true, syncedAt })
    } catch (error) {
      throw new ApiError('ENGINE_UNAVAILABLE', `Cannot list the engine's resources: ${errorMessage(error)}`)
    }
    return this.state
  }
}
