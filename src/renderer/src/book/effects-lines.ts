import type { Effects } from '@shared/contract'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** A command's effects as short lines in the UI's language (the step's summary and the History panel). */
export function effectLines(fx: Effects, t: Translate): string[] {
  const lines: string[] = []
  const names = (xs: Array<{ name: string }>): string => xs.map((x) => x.name).join(', ')
  const images = (xs: Array<{ name: string; layers: number | null; existedBefore: boolean }>): string =>
    xs
      .map((x) =>
        x.existedBefore
          ? `${x.name} ${t('effects.existed')}`
          : x.layers === null
            ? x.name
            : `${x.name} ${x.layers === 1 ? t('effects.layer') : t('effects.layers', { n: x.layers })}`,
      )
      .join(', ')
  const add = (key: string, list: Array<{ name: string }>, text = names(list)): void => {
    if (list.length) lines.push(t(key, { names: text }))
  }
  add('effects.containerCreated', fx.containers.created)
  add('effects.containerStarted', fx.containers.started)
  add('effects.containerStopped', fx.containers.stopped)
  add('effects.containerRemoved', fx.containers.removed)
  add('effects.imagePulled', fx.images.pulled, images(fx.images.pulled))
  add('effects.imageBuilt', fx.images.built, images(fx.images.built))
  add('effects.imageCommitted', fx.images.committed, images(fx.images.committed))
  add('effects.imageTagged', fx.images.tagged, images(fx.images.tagged))
  add('effects.imageImported', fx.images.imported, images(fx.images.imported))
  add('effects.imageRemoved', fx.images.removed)
  add('effects.volumeCreated', fx.volumes.created)
  add('effects.volumeRemoved', fx.volumes.removed)
  add('effects.networkCreated', fx.networks.created)
  add('effects.networkRemoved', fx.networks.removed)
  for (const p of fx.ports) lines.push(`⇄ ${p.container}: ${p.publicPort}→${p.privatePort}/${p.type}`)
  return lines
}

/**
 * Which of the app's own actions made these changes, in the UI's language ("Images panel: pull nginx"); null for a
 * terminal command or a change made outside the app. `nameOf` turns a container id into its name where known.
 */
export function actionLabel(fx: Effects, t: Translate, nameOf: (id: string) => string = (id) => id): string | null {
  if (!fx.action) return null
  const target = /^[0-9a-f]{64}$/.test(fx.action.target) ? nameOf(fx.action.target) : fx.action.target
  return t(`effects.action.${fx.action.kind}`, { target })
}
