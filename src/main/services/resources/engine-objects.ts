import type Docker from 'dockerode'
import type { ContainerStats, DiskUsage, DockerFailure, ResourceKind } from '@shared/contract'
import { explainEngineError } from '@shared/docker/failure'
import { isImageId } from '@shared/docker/image-ref'
import { ApiError } from '@shared/errors'
import { claim } from '../runs/claims'
import { demuxLogs } from '../engine/demux-logs'
import { asAppAction, type ActionScope, type AppActions } from '../runs/app-actions'
import { computeStats, type RawStats } from './container-stats'
import { DeletionPreviewer } from './deletion-preview'
import { diskUsageOf, type SystemDf } from './disk-usage'
import type { ImageFacts } from '../runs/effects-summary'

export interface EngineObjectsDeps {
  /** The engine's clients, read at each use: `streams` has no request timeout (stats, waits). */
  connection: { docker: Docker; streams: Docker }
  /** Where the app's own changes are reported as such ("Containers panel: stop web"). */
  actions: AppActions
  /** A refusal as the engine's state accounts for it (EngineService.account); as classified where not given. */
  account?: (failure: DockerFailure) => DockerFailure
}

/** A container's state as a step's verification reads it. */
export interface ContainerState {
  id: string
  name: string
  running: boolean
  exitCode: number | null
  ports: Array<{ privatePort: number; publicPort: number; type: string }>
}

interface InspectedPorts {
  NetworkSettings?: { Ports?: Record<string, Array<{ HostPort?: string }> | null> }
}

/** The published ports in a container's inspect answer, one entry per distinct host port. */
function publishedPorts(c: InspectedPorts): Array<{ privatePort: number; publicPort: number; type: string }> {
  return Object.entries(c.NetworkSettings?.Ports ?? {}).flatMap(([key, bindings]) => {
    const [port = '0', type = 'tcp'] = key.split('/')
    return [...new Set((bindings ?? []).map((b) => Number(b.HostPort)).filter((p) => p > 0))].map((publicPort) => ({
      privatePort: Number(port),
      publicPort,
      type,
    }))
  })
}

/**
 * One-shot requests about the engine's objects: inspect, history, logs, stats, disk usage, and the changes the panels
 * ask for (start, stop, remove, prune), each reported as an app action.
 */
export class EngineObjects {
  /** What a deleting command would delete: the prune previews are asked of it too, so there is one set of rules. */
  readonly previewer: DeletionPreviewer

  constructor(private readonly deps: EngineObjectsDeps) {
    this.previewer = new DeletionPreviewer(deps.connection)
  }

  /** The engine's refusal as the API's error, with why and what to do (the panels show it in the learner's language). */
  private refusal(error: unknown): ApiError {
    const e = error as { statusCode?: number }
    // A connection error reads as a local engine's (the status bar tells remote engines apart).
    const failure = explainEngineError(error, { socketKind: 'unix', dockerInstalled: true })
    const details = {
      failure: this.deps.account?.(failure) ?? failure,
      ...(e.statusCode === 409 ? { conflict: true } : {}),
    }
    return new ApiError(e.statusCode === 404 ? 'BAD_REQUEST' : 'ENGINE_ERROR', failure.message, details)
  }

  async diskUsage(): Promise<DiskUsage> {
    try {
      return diskUsageOf((await this.deps.connection.docker.df()) as SystemDf)
    } catch (error) {
      throw this.refusal(error)
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
      throw this.refusal(error)
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
      throw this.refusal(error)
    }
  }

  /** A panel's button on one container; `within` when it is part of a larger action (a chapter reset). */
  async containerAction(
    id: string,
    action: 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove',
    within?: ActionScope,
  ): Promise<void> {
    // `streams`, not the 5-second client: a stop waits out the container's grace period (10 s) before it kills.
    const c = this.deps.connection.streams.getContainer(id)
    const kind = `container.${action}` as const
    await asAppAction(
      this.deps.actions,
      { kind, target: id },
      [claim('container', id)],
      async () => {
        try {
          if (action === 'remove') await c.remove({ force: true })
          else if (action === 'start') await c.start()
          else if (action === 'stop') await c.stop()
          else if (action === 'restart') await c.restart()
          else if (action === 'pause') await c.pause()
          else await c.unpause()
        } catch (error) {
          throw this.refusal(error)
        }
      },
      { within },
    )
  }

  /** Removes an image (by id, or by name: then only that name goes unless it was the last), a volume or a network. */
  async remove(kind: 'image' | 'volume' | 'network', id: string, force = false, within?: ActionScope): Promise<void> {
    // Removing a large image's layers can take longer than the request timeout of the quick client.
    const d = this.deps.connection.streams
    await asAppAction(
      this.deps.actions,
      { kind: `${kind}.remove`, target: id },
      [claim(kind, id)],
      async (scope) => {
        try {
          if (kind === 'image') {
            // Docker names an untag's event by the image's id only: removing one of several names is claimed by it.
            if (!isImageId(id)) scope.claim(claim('image', (await d.getImage(id).inspect()).Id))
            const answer = (await d.getImage(id).remove({ force })) as Array<{ Deleted?: string; Untagged?: string }>
            for (const r of answer ?? []) {
              if (r.Deleted) scope.claim(claim('image', r.Deleted))
              if (r.Untagged) scope.claim(claim('image', r.Untagged))
            }
          } else if (kind === 'volume') await d.getVolume(id).remove({ force })
          else await d.getNetwork(id).remove()
        } catch (error) {
          throw this.refusal(error)
        }
      },
      { within, awaitsAnswer: kind === 'image' },
    )
  }

  /** Exactly what `prune` would remove now, by the engine's own rules (stopped, dangling, unused). */
  async prunePreview(kind: ResourceKind): Promise<Array<{ id: string; name: string }>> {
    const group = ({ containers: 'container', images: 'image', volumes: 'volume', networks: 'network' } as const)[kind]
    const preview = await this.previewer.preview(`docker ${group} prune`)
    return preview.items.map(({ id, name }) => ({ id, name }))
  }

  async prune(kind: ResourceKind): Promise<{ removed: string[]; spaceReclaimed: number }> {
    const d = this.deps.connection.streams
    const type = ({ containers: 'container', images: 'image', volumes: 'volume', networks: 'network' } as const)[kind]
    return asAppAction(
      this.deps.actions,
      { kind: `prune.${kind}`, target: '' },
      [],
      async (scope) => {
        try {
          const result = await this.pruneNow(d, kind)
          scope.claim(...result.removed.filter(Boolean).map((id) => claim(type, id)))
          return result
        } catch (error) {
          throw this.refusal(error)
        }
      },
      { awaitsAnswer: true },
    )
  }

  private async pruneNow(d: Docker, kind: ResourceKind): Promise<{ removed: string[]; spaceReclaimed: number }> {
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
  }

  /** An image's id, size and layers, and how many layers its parent had (for "layers added"). */
  async imageFacts(id: string, parent?: string): Promise<ImageFacts & { parentLayers: number | null }> {
    const d = this.deps.connection.docker
    const image = (await d.getImage(id).inspect()) as {
      Id?: string
      Size?: number
      RootFS?: { Layers?: string[] }
      RepoTags?: string[]
      Parent?: string
    }
    const parentId = parent ?? (image.Parent || undefined)
    const parentImage = parentId
      ? ((await d
          .getImage(parentId)
          .inspect()
          .catch(() => undefined)) as { RootFS?: { Layers?: string[] } } | undefined)
      : undefined
    return {
      id: image.Id ?? null,
      size: image.Size ?? null,
      layers: image.RootFS?.Layers?.length ?? null,
      parentLayers: parentImage?.RootFS?.Layers?.length ?? null,
      tags: image.RepoTags ?? [],
    }
  }

  /** A container by name or id, or null when there is none. */
  async containerState(ref: string): Promise<ContainerState | null> {
    if (!ref) return null
    try {
      const c = (await this.deps.connection.docker.getContainer(ref).inspect()) as InspectedPorts & {
        Id: string
        Name?: string
        State?: { Running?: boolean; ExitCode?: number }
      }
      return {
        id: c.Id,
        name: (c.Name ?? '').replace(/^\//, ''),
        running: c.State?.Running ?? false,
        exitCode: c.State?.Running ? null : (c.State?.ExitCode ?? null),
        ports: publishedPorts(c),
      }
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null
      throw this.refusal(error)
    }
  }

  /** Whether an image, volume or network of this name or id exists now. */
  async exists(kind: 'image' | 'volume' | 'network', ref: string): Promise<boolean> {
    const d = this.deps.connection.docker
    try {
      if (kind === 'image') await d.getImage(ref).inspect()
      else if (kind === 'volume') await d.getVolume(ref).inspect()
      else await d.getNetwork(ref).inspect()
      return true
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false
      throw this.refusal(error)
    }
  }

  /** A started container's published ports, one entry per distinct host port. */
  async containerPorts(id: string): Promise<Array<{ privatePort: number; publicPort: number; type: string }>> {
    return publishedPorts((await this.deps.connection.docker.getContainer(id).inspect()) as InspectedPorts)
  }

  /** The volumes a container mounts, by name (a created container's anonymous volumes included). */
  async containerVolumes(id: string): Promise<string[]> {
    const c = (await this.deps.connection.docker.getContainer(id).inspect()) as {
      Mounts?: Array<{ Type?: string; Name?: string }>
    }
    return (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name ?? '')
  }

  async logs(id: string, tail = 500): Promise<string> {
    try {
      const buf = (await this.deps.connection.docker
        .getContainer(id)
        .logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer
      return demuxLogs(buf)
    } catch (error) {
      throw this.refusal(error)
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
