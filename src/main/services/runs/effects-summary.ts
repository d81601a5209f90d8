import type { AppAction, EffectImage, Effects } from '@shared/contract'
import { canonicalImageRef } from '@shared/docker/image-ref'
import type { EngineEvent } from '../engine/engine-event'

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

export const NOTHING_BEFORE: BeforeState = { imageRefs: new Map(), volumes: new Set() }

/** What the summary asks the engine (inspects), each allowed to fail. */
export interface EngineFacts {
  /** Size and layer count of an image, and how many layers its parent had (for "layers added"). */
  imageFacts: (id: string, parent?: string) => Promise<ImageFacts & { parentLayers: number | null }>
  /** Published ports of a container, once started. */
  containerPorts: (id: string) => Promise<Array<{ privatePort: number; publicPort: number; type: string }>>
  /** Tags an image had before it was deleted (the delete event only names its id). */
  knownTags: (id: string) => string[]
}

/** The fields of an effects record that say whose it is. */
export type EffectsBase = Pick<
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

/** The record of changes no terminal made: the app's own action, or a change made outside the app. */
export function untied(
  source: 'app' | 'outside',
  action: AppAction | null,
  startedAt: number,
  finishedAt: number,
): EffectsBase {
  const none = { terminalId: null, commandId: null, commandLine: null, runId: null, exitCode: null }
  return { source, action, approximate: false, ...none, startedAt, finishedAt }
}

function emptyEffects(base: EffectsBase): Effects {
  return {
    ...base,
    containers: { created: [], started: [], stopped: [], removed: [] },
    images: { pulled: [], built: [], tagged: [], committed: [], imported: [], removed: [] },
    volumes: { created: [], removed: [] },
    networks: { created: [], removed: [] },
    ports: [],
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

/**
 * Turns the engine events that were one command's (or action's) into what it did: containers created, started,
 * stopped, removed; images pulled, built, tagged, committed, removed; volumes and networks; published ports.
 * `building`: the events are a build's (its tags are "built", not "tagged").
 */
export async function summarize(
  facts: EngineFacts,
  events: EngineEvent[],
  base: EffectsBase,
  before: BeforeState,
  building: boolean,
): Promise<Effects> {
  const fx = emptyEffects(base)
  const name = (e: EngineEvent): string => e.Actor.Attributes?.name ?? e.Actor.ID.slice(0, 12)
  const created = new Set(events.filter((e) => e.Type === 'container' && e.Action === 'create').map((e) => e.Actor.ID))
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
    f: Facts | undefined,
    layers: (f: Facts) => number | null,
  ): EffectImage => ({
    id: imageId,
    name: ref,
    size: f?.size ?? null,
    layers: f ? layers(f) : null,
    existedBefore: before.imageRefs.get(canonicalImageRef(ref)) === imageId,
  })
  // The engine sends a commit's `image tag` before its `container commit`: know the committed ids up front.
  const committed = new Set(
    events
      .filter((e) => e.Type === 'container' && e.Action === 'commit')
      .map((e) => e.Actor.Attributes?.imageID)
      .filter((id): id is string => !!id),
  )
  // An import's or load's names are the import's (the engine may tag before or after it reports the import).
  const imported = new Set(
    events.filter((e) => e.Type === 'image' && (e.Action === 'import' || e.Action === 'load')).map((e) => e.Actor.ID),
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
          const f = await facts.imageFacts(imageId, e.Actor.Attributes?.image).catch(() => undefined)
          const ref = e.Actor.Attributes?.imageRef ?? f?.tags[0] ?? imageId.slice(7, 19)
          addImage(fx.images.committed, imageItem(imageId, ref, f, layersAdded))
        }
      }
    } else if (e.Type === 'image') {
      if ((e.Action === 'import' || e.Action === 'load') && !fx.images.imported.some((i) => i.id === id)) {
        // The event names the image by id only: its names are the engine's now.
        const f = await facts.imageFacts(id).catch(() => undefined)
        // Names it had before (a load of an image already here under another name) are not this load's.
        const tags = f?.tags ?? []
        const fresh = tags.filter((t) => before.imageRefs.get(canonicalImageRef(t)) !== (f?.id ?? id))
        const refs = fresh.length ? fresh : tags.length ? tags : [id.replace(/^sha256:/, '').slice(0, 12)]
        for (const ref of refs)
          addImage(
            fx.images.imported,
            imageItem(f?.id ?? id, ref, f, (x) => x.layers),
          )
      } else if (e.Action === 'tag' && !committed.has(id) && !imported.has(id)) {
        const f = await facts.imageFacts(id).catch(() => undefined)
        const item = imageItem(id, e.Actor.Attributes?.name ?? id, f, layersAdded)
        addImage(building ? fx.images.built : fx.images.tagged, item)
      } else if (e.Action === 'pull') {
        // The pull event names the image by the reference asked for, in its id (tag and all: its `name` is the
        // repository alone, which for `ubuntu:18.04` would name `ubuntu:latest`), shown as the CLI shows it (no
        // `:latest`); the image's id comes from the engine.
        const f = await facts.imageFacts(id).catch(() => undefined)
        const ref = /^(?:sha256:)?[0-9a-f]{64}$/.test(id)
          ? (e.Actor.Attributes?.name ?? id)
          : id.replace(/:latest$/, '')
        addImage(
          fx.images.pulled,
          imageItem(f?.id ?? id, ref, f, (x) => x.layers),
        )
      } else if (e.Action === 'delete') {
        addImage(fx.images.removed, {
          id,
          name: facts.knownTags(id)[0] ?? id.replace(/^sha256:/, '').slice(0, 12),
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
    const ports = await facts.containerPorts(c.id).catch(() => [])
    for (const p of ports) fx.ports.push({ container: c.name, ...p })
  }
  return fx
}
