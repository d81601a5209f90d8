import type { Resources } from '@shared/contract'
import { isImageRef, isObjectName } from '@shared/docker-names'

/**
 * What a step's template input names, from how the book spells it (`[cname]`, `<container>`, `<镜像1>`,
 * `[imagename:tag]`, `数据卷名`): its input then offers the existing ones of that kind. Undefined for anything else.
 */
export function placeholderKind(placeholder: string): 'container' | 'image' | 'volume' | 'network' | undefined {
  const p = placeholder.toLowerCase()
  if (/容器|container|cname|cid\b/.test(p)) return 'container'
  if (/镜像|image|repository|仓库名/.test(p)) return 'image'
  if (/数据卷|volume/.test(p)) return 'volume'
  if (/网络|network/.test(p)) return 'network'
  return undefined
}

/**
 * The engine's names a template input of this kind offers to pick: only names that pass the engine's grammars. An
 * engine may hold a network named `x;id>pwned;#` (it validates few network names): such a name is never offered.
 */
export function pickableNames(kind: ReturnType<typeof placeholderKind>, state: Resources): string[] | undefined {
  if (kind === 'container') return state.containers.map((c) => c.name).filter(isObjectName)
  if (kind === 'image') return state.images.flatMap((i) => i.tags).filter(isImageRef)
  if (kind === 'volume') return state.volumes.map((v) => v.name).filter(isObjectName)
  if (kind === 'network') return state.networks.map((n) => n.name).filter(isObjectName)
  return undefined
}
