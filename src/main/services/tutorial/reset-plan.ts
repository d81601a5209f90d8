import type { ChapterResource, KeptResource, ResetPreview, Resources } from '@shared/contract'
import { canonicalImageRef, isImageId, sameImageRef } from '@shared/docker/image-ref'
import type { InputKind } from '@shared/tutorial/input-kind'

/** What a chapter's steps did to one engine object, as remembered for Reset. */
export interface Touched extends ChapterResource {
  /** It was there before the step (a container started again, an image pulled that was up to date). */
  hadBefore?: boolean
}

/** One removal Reset will make: `target` is what the engine is asked to remove (an image's name, not its id). */
export interface Removal extends ChapterResource {
  target: string
}

const ORDER: ChapterResource['kind'][] = ['container', 'image', 'volume', 'network']

/**
 * Decides, from what the chapter's steps touched and what is there now, what Reset removes and what it keeps, and
 * why. Only what the steps created goes, and only while it is still the same object: an image name that now names
 * another image stays, as does anything a container outside the reset still uses. An image is removed by its name
 * (never forced), so an image that has other names keeps them. Containers go first, so their images and volumes can.
 */
export function planReset(touched: readonly Touched[], now: Resources): { remove: Removal[]; keep: KeptResource[] } {
  const remove: Removal[] = []
  const keep: KeptResource[] = []
  const kept = (t: Touched, reason: KeptResource['reason'], by: string[] = []): void => {
    keep.push({ kind: t.kind, id: t.id, name: t.name, reason, by })
  }
  const item = (t: Touched, target = t.id): Removal => ({ kind: t.kind, id: t.id, name: t.name, target })

  const containers = new Map(now.containers.map((c) => [c.id, c]))
  const goingContainers = new Set(
    touched.filter((t) => t.kind === 'container' && !t.hadBefore && containers.has(t.id)).map((t) => t.id),
  )
  const staying = now.containers.filter((c) => !goingContainers.has(c.id))

  for (const t of [...touched].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind))) {
    if (t.kind === 'container') {
      if (!containers.has(t.id)) continue
      if (t.hadBefore) kept(t, 'had-before')
      else remove.push(item(t))
    } else if (t.kind === 'image') {
      const ref = canonicalImageRef(t.name)
      const named = now.images.find((i) => i.tags.some((tag) => canonicalImageRef(tag) === ref))
      const byId = now.images.find((i) => i.id === t.id)
      // The name is gone: only an image left with no name at all is still the step's to remove (by id).
      const target = named ? t.name : byId && byId.tags.length === 0 ? t.id : undefined
      if (!target) continue
      if (named && named.id !== t.id) {
        kept(t, 'renamed')
        continue
      }
      if (t.hadBefore) {
        kept(t, 'had-before')
        continue
      }
      // Taking one of several names only untags; the image itself would go only with its last name.
      const lastName = !named || named.tags.length <= 1
      const users = lastName ? staying.filter((c) => c.imageId === t.id).map((c) => c.name) : []
      if (users.length) kept(t, 'in-use', users)
      else remove.push(item(t, target))
    } else if (t.kind === 'volume') {
      const volume = now.volumes.find((v) => v.name === t.id)
      if (!volume) continue
      const stayingNames = new Set(staying.map((c) => c.name))
      const users = volume.usedBy.filter((name) => stayingNames.has(name))
      if (t.hadBefore) kept(t, 'had-before')
      else if (users.length) kept(t, 'in-use', users)
      else remove.push(item(t))
    } else if (now.networks.some((n) => n.id === t.id)) {
      if (t.hadBefore) kept(t, 'had-before')
      else remove.push(item(t))
    }
  }
  return { remove, keep }
}

/** The preview as the contract states it (the engine targets stay inside main). */
export function previewOf(plan: { remove: Removal[]; keep: KeptResource[] }): ResetPreview {
  return { remove: plan.remove.map(({ kind, id, name }) => ({ kind, id, name })), keep: plan.keep }
}

/**
 * Whether a step's input value names one of `gone` (what Reset removed), as docker would read it there: a container,
 * volume or network by name, by id or by an id's prefix of at least the 12 digits docker shows; an image by any
 * spelling of the reference Reset removed, and by its id only where Reset removed it by id (it is gone then; removed
 * by one name, it may have kept others). `kind`, what the input names where known, keeps a container named `nginx`
 * when the image `nginx` went.
 */
export function namesRemoved(value: string, gone: readonly Removal[], kind?: InputKind): boolean {
  const v = value.trim()
  if (!v || kind === 'term') return false
  const hex = /^[0-9a-f]{12,64}$/.test(v) ? v : undefined
  return gone.some((g) => {
    if (kind && g.kind !== kind) return false
    const byId = v === g.id || (hex !== undefined && g.id.replace(/^sha256:/, '').startsWith(hex))
    if (g.kind === 'image') return g.target === g.id ? byId : !isImageId(v) && sameImageRef(v, g.name)
    return v === g.name || byId
  })
}
