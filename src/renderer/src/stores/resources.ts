import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ContainerStats, Effects, OperationProgress, Resources, ResourcesChanged } from '@shared/contract'
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

  function apply(change: ResourcesChanged): void {
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
        for (const [key, old] of before) {
          mark(kind, key, 'removed')
          ghosts.value[kind] = [...ghosts.value[kind], old]
        }
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
    const [all, history] = await Promise.all([call('resources.list'), call('resources.effectsHistory')])
    state.value = all
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
