import type { TutorialStep } from '@shared/contract'
import { isUsableValue } from '@shared/tutorial/templates'
import { inputKind, kindKey, type InputKind, type ObjectKind } from '@shared/tutorial/input-kind'

export { inputKind, type InputKind }

function linkedKind(step: TutorialStep, placeholder: string): ObjectKind | undefined {
  const kind = inputKind(step, placeholder)
  return kind === 'term' ? undefined : kind
}

/**
 * The value a step's input starts with: the one the chapter remembers for its template, or else the last one named of
 * its kind. Never for an optional input, nor where the step asks for two of a kind (`docker tag <镜像1> <镜像2>`): the
 * same name twice is not what either means.
 */
export function rememberedValue(
  step: TutorialStep,
  placeholder: string,
  saved: Record<string, string> | undefined,
): string | undefined {
  const own = saved?.[placeholder]
  if (own) return own
  const kind = linkedKind(step, placeholder)
  if (!kind || step.optional.includes(placeholder)) return undefined
  const required = step.placeholders.filter((p) => !step.optional.includes(p) && linkedKind(step, p) === kind)
  return required.length === 1 ? saved?.[kindKey(kind)] : undefined
}

/** What the chapter remembers of a step's inputs: each usable value under its template, and under its kind. */
export function valuesToRemember(step: TutorialStep, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of step.placeholders) {
    const value = values[p]
    if (value === undefined || !isUsableValue(value)) continue
    out[p] = value
    const kind = linkedKind(step, p)
    if (kind) out[kindKey(kind)] = value
  }
  return out
}

/**
 * Whether a reset forgot the value a step's input shows: the chapter remembered it, under the input's template or its
 * kind, before (`before`) and no longer does under that key (`after`). By key, as main forgets: a container named
 * `nginx` stays remembered when the image `nginx` went, and an input of the image then forgets it while one of the
 * container keeps it.
 */
export function forgottenByReset(
  step: TutorialStep,
  placeholder: string,
  shown: string | undefined,
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
): boolean {
  if (!shown) return false
  const kind = linkedKind(step, placeholder)
  const keys = kind ? [placeholder, kindKey(kind)] : [placeholder]
  return keys.some((key) => before?.[key] === shown && after?.[key] === undefined)
}
