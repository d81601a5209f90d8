import type { DiskUsage } from '@shared/contract'

/** The part of the engine's `GET /system/df` answer the disk panel reads. */
export interface SystemDf {
  LayersSize?: number
  Images?: Array<{ Size: number; SharedSize: number; Containers: number }> | null
  Containers?: Array<{ SizeRw?: number; State: string }> | null
  Volumes?: Array<{ UsageData?: { Size: number; RefCount: number } | null }> | null
  BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }> | null
}

/**
 * The rows of `docker system df`, computed as the CLI does: shared image layers count once, and what nothing uses
 * is reclaimable. Sizes the engine reports as -1 (not computed) count as 0.
 */
export function diskUsageOf(df: SystemDf): DiskUsage {
  const images = df.Images ?? []
  const containers = df.Containers ?? []
  const volumes = df.Volumes ?? []
  const cache = df.BuildCache ?? []
  const own = (i: { Size: number; SharedSize: number }): number => Math.max(0, i.Size - Math.max(0, i.SharedSize))
  const shared = Math.max(0, ...images.map((i) => i.SharedSize))
  // The engine's own total when it gives one; else each image's own layers plus the shared ones once.
  const imageSize = df.LayersSize ?? images.reduce((s, i) => s + own(i), 0) + shared
  const activeImages = images.filter((i) => i.Containers > 0)
  const volumeSize = (v: (typeof volumes)[number]): number => Math.max(0, v.UsageData?.Size ?? 0)
  const inUse = (v: (typeof volumes)[number]): boolean => (v.UsageData?.RefCount ?? 0) > 0
  const rw = (c: (typeof containers)[number]): number => Math.max(0, c.SizeRw ?? 0)
  return {
    rows: [
      {
        type: 'Images',
        total: images.length,
        active: activeImages.length,
        size: imageSize,
        // As the CLI: what the images in use hold beyond their shared layers is not reclaimable, the rest is.
        reclaimable: Math.max(0, imageSize - activeImages.reduce((s, i) => s + own(i), 0)),
      },
      {
        type: 'Containers',
        total: containers.length,
        active: containers.filter((c) => c.State === 'running').length,
        size: containers.reduce((s, c) => s + rw(c), 0),
        reclaimable: containers.filter((c) => c.State !== 'running').reduce((s, c) => s + rw(c), 0),
      },
      {
        type: 'Local Volumes',
        total: volumes.length,
        active: volumes.filter(inUse).length,
        size: volumes.reduce((s, v) => s + volumeSize(v), 0),
        reclaimable: volumes.filter((v) => !inUse(v)).reduce((s, v) => s + volumeSize(v), 0),
      },
      {
        type: 'Build Cache',
        total: cache.length,
        active: cache.filter((c) => c.InUse).length,
        size: cache.reduce((s, c) => s + Math.max(0, c.Size), 0),
        reclaimable: cache.filter((c) => !c.InUse && !c.Shared).reduce((s, c) => s + Math.max(0, c.Size), 0),
      },
    ],
  }
}
