import type Docker from 'dockerode'
import type { ContainerStats, DiskUsage, ResourceKind, Resources, ResourcesChanged } from '@shared/contract'
import { ApiError } from '@shared/errors'
import { computeStats, type RawStats } from './container-stats'
import { eventTimeMs, kindsTouched, type EngineEvent } from './engine-event'
import { EngineEventStream } from './engine-event-stream'
import { ALL_KINDS, listKinds } from './list-resources'
import { demuxLogs } from '../engine/demux-logs'

export interface ResourcesServiceDeps {
  /** The engine's clients, read at each use: `streams` has no request timeout, for the long-lived event stream. */
  connection: { docker: Docker; streams: Docker }
  onChanged: (change: ResourcesChanged) => void
  onEvent: (e: EngineEvent) => void
  /** The stream dropped or came back: the status bar should re-probe now. */
  onConnection: (connected: boolean) => void
  /** Bursts of events (a `docker compose up`, a prune) are coalesced for this long. */
  batchMs?: number
  now?: () => number
}

function engineError(error: unknown): ApiError {
  const e = error as { statusCode?: number; json?: { message?: string }; message?: string }
  const message = e.json?.message ?? e.message ?? String(error)
  if (e.statusCode === 404) return new ApiError('BAD_REQUEST', message)
  if (e.statusCode === 409) return new ApiError('ENGINE_ERROR', message, { conflict: true })
  return new ApiError('ENGINE_ERROR', message)
}

/**
 * The engine's containers, images, volumes and networks, kept current from one /events
 * subscription: each event re-lists only the kinds it touches (batched briefly), and every
 * (re)connect lists everything again, so nothing stale survives a lost stream.
 */
export class ResourcesService {
  private state: Resources = { containers: [], images: [], volumes: [], networks: [], syncedAt: 0 }
  private readonly pending = new Set<ResourceKind>()
  private pendingEventTime: number | null = null
  private timer: NodeJS.Timeout | undefined
  private readonly stream: EngineEventStream
  /** Every tag an image id was seen with: a delete event names only the id, after its tags are gone. */
  private readonly tagsSeen = new Map<string, string[]>()

  constructor(private readonly deps: ResourcesServiceDeps) {
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

  tagsOf(imageId: string): string[] {
    return this.tagsSeen.get(imageId) ?? []
  }

  private remember(state: Partial<Resources>): void {
    for (const image of state.images ?? []) {
      if (image.tags.length) this.tagsSeen.set(image.id, image.tags)
    }
  }

  async list(): Promise<Resources> {
    if (!this.stream.isConnected || this.state.syncedAt === 0) await this.resync()
    return this.state
  }

  private onEvent(e: EngineEvent): void {
    this.deps.onEvent(e)
    const kinds = kindsTouched(e)
    if (kinds.length === 0) return
    for (const k of kinds) this.pending.add(k)
    this.pendingEventTime = Math.max(this.pendingEventTime ?? 0, eventTimeMs(e))
    this.timer ??= setTimeout(() => void this.flush(), this.deps.batchMs ?? 20)
  }

  private async flush(): Promise<void> {
    this.timer = undefined
    const kinds = [...this.pending]
    const eventTime = this.pendingEventTime
    this.pending.clear()
    this.pendingEventTime = null
    try {
      const lists = await listKinds(this.deps.connection.docker, kinds)
      const change: ResourcesChanged = { ...lists, full: false, syncedAt: this.now(), eventTime }
      this.state = { ...this.state, ...lists, syncedAt: change.syncedAt }
      this.remember(this.state)
      this.deps.onChanged(change)
    } catch {
      // The engine went away mid-list; the stream's reconnect will resync everything.
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
      const all = (await listKinds(this.deps.connection.docker, ALL_KINDS)) as Omit<Resources, 'syncedAt'>
      this.state = { ...all, syncedAt: this.now() }
      this.remember(this.state)
      this.deps.onChanged({ ...all, full: true, syncedAt: this.state.syncedAt, eventTime: null })
    } catch (error) {
      throw new ApiError('ENGINE_UNAVAILABLE', `Cannot list the engine's resources: ${(error as Error).message}`)
    }
    return this.state
  }

  async diskUsage(): Promise<DiskUsage> {
    try {
      const df = (await this.deps.connection.docker.df()) as {
        Images?: Array<{ Size: number; SharedSize: number; Containers: number }>
        Containers?: Array<{ SizeRw?: number; State: string }>
        Volumes?: Array<{ UsageData?: { Size: number; RefCount: number } }>
        BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }>
      }
      const images = df.Images ?? []
      const containers = df.Containers ?? []
      const volumes = df.Volumes ?? []
      const cache = df.BuildCache ?? []
      // As `docker system df`: shared image layers count once; reclaimable is what nothing uses.
      const imageSize =
        images.reduce((s, i) => s + i.Size - Math.max(0, i.SharedSize), 0) +
        Math.max(0, ...images.map((i) => i.SharedSize))
      const activeImages = images.filter((i) => i.Containers > 0)
      const containerSize = containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0)
      const volumeSize = volumes.reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0)
      return {
        rows: [
          {
            type: 'Images',
            total: images.length,
            active: activeImages.length,
            size: imageSize,
            reclaimable: Math.max(
              0,
              imageSize - activeImages.reduce((s, i) => s + i.Size - Math.max(0, i.SharedSize), 0),
            ),
          },
          {
            type: 'Containers',
            total: containers.length,
            active: containers.filter((c) => c.State === 'running').length,
            size: containerSize,
            reclaimable: containers.filter((c) => c.State !== 'running').reduce((s, c) => s + (c.SizeRw ?? 0), 0),
          },
          {
            type: 'Local Volumes',
            total: volumes.length,
            active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
            size: volumeSize,
            reclaimable: volumes
              .filter((v) => (v.UsageData?.RefCount ?? 0) === 0)
              .reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0),
          },
          {
            type: 'Build Cache',
            total: cache.length,
            active: cache.filter((c) => c.InUse).length,
            size: cache.reduce((s, c) => s + c.Size, 0),
            reclaimable: cache.filter((c) => !c.InUse && !c.Shared).reduce((s, c) => s + c.Size, 0),
          },
        ],
      }
    } catch (error) {
      throw engineError(error)
    }
  }

  async imageHistory(
    id: string,
  ): Promise<Array<{ id: string; createdBy: string; size: number; created: number; tags: string[] }>> {
    try {
      const layers = (await this.deps.connection.docker.getImage(id).history()) as Array<{
        Id: string
        CreatedBy: string
        Size: number
        Created: number
        Tags: string[] | null
      }>
      return layers.map((l) => ({
        id: l.Id,
        createdBy: l.CreatedBy,
        size: l.Size,
        created: l.Created * 1000,
        tags: l.Tags ?? [],
      }))
    } catch (error) {
      throw engineError(error)
    }
  }

  async inspect(kind: 'container' | 'image' | 'volume' | 'network', id: string): Promise<unknown> {
    const d = this.deps.connection.docker
    try {
      if (kind === 'container') return await d.getContainer(id).inspect()
      if (kind === 'image') return await d.getImage(id).inspect()
      if (kind === 'volume') return await d.getVolume(id).inspect()
      return await d.getNetwork(id).inspect()
    } catch (error) {
      throw engineError(error)
    }
  }

  async containerAction(
    id: string,
    action: 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove',
  ): Promise<void> {
    const c = this.deps.connection.docker.getContainer(id)
    try {
      if (action === 'remove') await c.remove({ force: true })
      else if (action === 'start') await c.start()
      else if (action === 'stop') await c.stop()
      else if (action === 'restart') await c.restart()
      else if (action === 'pause') await c.pause()
      else await c.unpause()
    } catch (error) {
      throw engineError(error)
    }
  }

  async remove(kind: 'image' | 'volume' | 'network', id: string, force = false): Promise<void> {
    const d = this.deps.connection.docker
    try {
      if (kind === 'image') await d.getImage(id).remove({ force })
      else if (kind === 'volume') await d.getVolume(id).remove({ force })
      else await d.getNetwork(id).remove()
    } catch (error) {
      throw engineError(error)
    }
  }

  /** Exactly what `prune` would remove now, by the engine's own rules (stopped, dangling, unused). */
  async prunePreview(kind: ResourceKind): Promise<Array<{ id: string; name: string }>> {
    const d = this.deps.connection.docker
    if (kind === 'containers') {
      const list = await d.listContainers({ all: true, filters: { status: ['exited', 'created', 'dead'] } })
      return list.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, '') }))
    }
    if (kind === 'images') {
      const list = await d.listImages({ filters: { dangling: ['true'] } })
      return list.map((i) => ({ id: i.Id, name: i.Id.slice(7, 19) }))
    }
    if (kind === 'volumes') {
      const { Volumes } = await d.listVolumes({ filters: { dangling: ['true'] } })
      // From API 1.42 (Engine 23) prune removes only anonymous volumes by default; before, every unused one.
      const { ApiVersion } = await d.version()
      const anonymousOnly = compareVersions(ApiVersion ?? '0', '1.42') >= 0
      return (Volumes ?? [])
        .filter((v) => !anonymousOnly || v.Labels?.['com.docker.volume.anonymous'] !== undefined)
        .map((v) => ({ id: v.Name, name: v.Name }))
    }
    const nets = await d.listNetworks()
    const used = new Set(
      (await d.listContainers({ all: true })).flatMap((c) =>
        Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID),
      ),
    )
    return nets
      .filter((n) => !['bridge', 'host', 'none'].includes(n.Name) && !used.has(n.Id))
      .map((n) => ({ id: n.Id, name: n.Name }))
  }

  async prune(kind: ResourceKind): Promise<{ removed: string[]; spaceReclaimed: number }> {
    const d = this.deps.connection.docker
    try {
      if (kind === 'containers') {
        const r = await d.pruneContainers()
        return { removed: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 }
      }
      if (kind === 'images') {
        const r = await d.pruneImages()
        return {
          removed: (r.ImagesDeleted ?? []).map((x) => x.Deleted ?? x.Untagged ?? ''),
          spaceReclaimed: r.SpaceReclaimed ?? 0,
        }
      }
      if (kind === 'volumes') {
        const r = await d.pruneVolumes()
        return { removed: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 }
      }
      const r = await d.pruneNetworks()
      return { removed: r.NetworksDeleted ?? [], spaceReclaimed: 0 }
    } catch (error) {
      throw engineError(error)
    }
  }

  async logs(id: string, tail = 500): Promise<string> {
    try {
      const buf = (await this.deps.connection.docker
        .getContainer(id)
        .logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer
      return demuxLogs(buf)
    } catch (error) {
      throw engineError(error)
    }
  }

  async stats(ids: string[]): Promise<ContainerStats[]> {
    const out = await Promise.all(
      ids.map(async (id) => {
        try {
          const raw = (await this.deps.connection.streams
            .getContainer(id)
            .stats({ stream: false })) as unknown as RawStats
          return computeStats(id, raw)
        } catch {
          return undefined
        }
      }),
    )
    return out.filter((s): s is ContainerStats => s !== undefined)
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
