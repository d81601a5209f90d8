import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  ContainerStats,
  ContainerSummary,
  Effects,
  OperationProgress,
  Resources,
  ResourcesChanged,
} from '@shared/contract'
import { call, on } from '../api/client'

export type Mark = 'added' | 'changed' | 'removed'
type Kind = 'containers' | 'images' | 'volumes' | 'networks'

const HIGHLIGHT_MS = 4000
const keyOf: Record<Kind, (x: { id?: string; name?: string }) => string> = {
  containers: (x) => x.id ?? '',
  images: (x) => x.id ?? '',
  volumes: (x) => x.name ?? '',
  networks: (x) => x.id ?? '',
}

/** A fingerprint of what the panels show of an item, to tell "changed" from "same". */
function fingerprint(x: unknown): string {
  return JSON.stringify(x)
}

/**
 * The engine's resources as pushed by main, with what the last change did to each item
 * (added / changed / removed, for a few seconds), the effects history, and live stats.
 */
export const useResourcesStore = defineStore('resources', () => {
  const state = ref<Resources>({ containers: [], images: [], volumes: [], networks: [], syncedAt: 0 })
  /** `${kind}:${key}` → mark, cleared after a few seconds. Removed items stay visible (greyed) meanwhile. */
  const marks = ref<Record<string, Mark>>({})
  const ghosts = ref<Record<Kind, unknown[]>>({ containers: [], images: [], volumes: [], networks: [] })
  const effects = ref<Effects[]>([])
  const stats = ref<Record<string, ContainerStats[]>>({})
  const loaded = ref(false)
  /** Pulls and builds started from the UI, newest first. */
  const operations = ref<OperationProgress[]>([])

  function mark(kind: Kind, key: string, m: Mark): void {
    const k = `${kind}:${key}`
    marks.value[k] = m
    setTimeout(() => {
      if (marks.value[k] === m) delete marks.value[k]
      if (m === 'removed')
        ghosts.value[kind] = ghosts.value[kind].filter((g) => keyOf[kind](g as { id?: string }) !== key)
    }, HIGHLIGHT_MS)
  }

  /** An item that went: marked removed, and shown greyed (a ghost) while the mark lasts. */
  function markGone(kind: Kind, key: string, old: unknown): void {
    mark(kind, key, 'removed')
    ghosts.value[kind] = [...ghosts.value[kind], old]
  }

  /**
   * The containers an event named, merged in place: every other row keeps its object (and what the panel cached of
   * it), and the change costs what those few rows do, not the whole list.
   */
  function applyContainerChanges({ upserted, removed }: NonNullable<ResourcesChanged['containerChanges']>): void {
    const list = state.value.containers
    const gone = new Set(removed)
    const added: ContainerSummary[] = []
    for (const item of upserted) {
      const i = list.findIndex((c) => c.id === item.id)
      if (i === -1) added.push(item)
      else if (fingerprint(list[i]) !== fingerprint(item)) {
        if (loaded.value) mark('containers', item.id, 'changed')
        list[i] = item
      }
    }
    if (gone.size) {
      const kept = list.filter((c) => {
        if (!gone.has(c.id)) return true
        if (loaded.value) markGone('containers', c.id, c)
        return false
      })
      list.splice(0, list.length, ...kept)
    }
    if (added.length) {
      if (loaded.value) for (const c of added) mark('containers', c.id, 'added')
      list.unshift(...added)
    }
  }

  function apply(change: ResourcesChanged): void {
    if (change.containerChanges) applyContainerChanges(change.containerChanges)
    for (const kind of ['containers', 'images', 'volumes', 'networks'] as const) {
      const next = change[kind]
      if (!next) continue
      const before = new Map(
        (state.value[kind] as Array<{ id?: string; name?: string }>).map((x) => [keyOf[kind](x), x]),
      )
      if (loaded.value && !change.full) {
        for (const item of next as Array<{ id?: string; name?: string }>) {
          const key = keyOf[kind](item)
          const old = before.get(key)
          if (!old) mark(kind, key, 'added')
          else if (fingerprint(old) !== fingerprint(item)) mark(kind, key, 'changed')
          before.delete(key)
        }
        for (const [key, old] of before) markGone(kind, key, old)
      }
      ;(state.value as Record<Kind, unknown[]>)[kind] = next
    }
    state.value.syncedAt = change.syncedAt
  }

  on('resources.changed', apply)
  on('resources.effects', (fx) => {
    effects.value = [fx, ...effects.value].slice(0, 300)
  })

  on('resources.progress', (p) => {
    const i = operations.value.findIndex((o) => o.opId === p.opId)
    if (i === -1) operations.value = [p, ...operations.value].slice(0, 20)
    else operations.value[i] = p
  })

  /** A long pull or build may end while the learner is elsewhere: ask, once, to tell them (a user's click asks). */
  function askToNotify(): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default')
      void Notification.requestPermission().catch(() => undefined)
  }

  async function pull(image: string): Promise<string> {
    askToNotify()
    return (await call('resources.pull', { image })).opId
  }

  async function build(chapterId: string, tag: string): Promise<string> {
    askToNotify()
    return (await call('resources.build', { chapterId, tag })).opId
  }

  async function load(): Promise<void> {
    // The lists are taken the moment they answer: a change that comes after them is merged into them, not lost
    // under them when they are taken later (only what a change names comes again).
    const listed = call('resources.list').then((all) => {
      state.value = all
    })
    const [history] = await Promise.all([call('resources.effectsHistory'), listed])
    effects.value = history
    loaded.value = true
  }

  async function sampleStats(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    for (const s of await call('resources.stats', { ids })) {
      stats.value[s.id] = [...(stats.value[s.id] ?? []), s].slice(-30)
    }
  }

  return {
    state,
    marks,
    ghosts,
    effects,
    stats,
    loaded,
    operations,
    load,
    sampleStats,
    pull,
    build,
  }
})

/** One line per kind of change, e.g. "created webserver; port 80→80". */
