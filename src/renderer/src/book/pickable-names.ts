import type { Resources } from '@shared/contract'
import { isImageRef, isObjectName } from '@shared/docker-names'
import type { ObjectKind } from '@shared/tutorial/input-kind'

/**
 * The engine's names a template input of this kind offers to pick: only names that pass the engine's grammars. An
 * engine may hold a network named `x;id>pwned;#` (it validates few network names): such a name is never offered.
 */
export function pickableNames(kind: ObjectKind | undefined, state: Resources): string[] | undefined {
  if (kind === 'container') return state.containers.map((c) => c.name).filter(isObjectName)
  if (kind === 'image') return state.images.flatMap((i) => i.tags).filter(isImageRef)
  if (kind === 'volume') return state.volumes.map((v) => v.name).filter(isObjectName)
  if (kind === 'network') return state.networks.map((n) => n.name).filter(isObjectName)
  return undefined
}
