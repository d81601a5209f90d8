import type { TutorialStep } from '../contract'

/** An engine object a template can name (the contract's ResourceKind is the panels' plural). */
export type ObjectKind = 'container' | 'image' | 'volume' | 'network'
export type InputKind = ObjectKind | 'term'

/**
 * What a step's template input names, from how the book spells it (`[cname]`, `<container>`, `<镜像1>`,
 * `[imagename:tag]`, `数据卷名`): its input then offers the existing ones of that kind. Undefined for anything else.
 */
export function placeholderKind(placeholder: string): ObjectKind | undefined {
  const p = placeholder.toLowerCase()
  if (/容器|container|cname|cid\b/.test(p)) return 'container'
  if (/镜像|image|repository|仓库名/.test(p)) return 'image'
  if (/数据卷|volume/.test(p)) return 'volume'
  if (/网络|network/.test(p)) return 'network'
  return undefined
}

/**
 * What a step's template input names: the CLI's usage says it where the step has it (`docker search []`: a search
 * term), the book's spelling of the template otherwise (`[cname]`).
 */
export function inputKind(step: TutorialStep, placeholder: string): InputKind | undefined {
  return step.inputs?.[placeholder]?.kind ?? placeholderKind(placeholder)
}

/**
 * Where a chapter remembers the last container (image, volume, network) the learner named in any of its inputs, beside
 * each template's own value. The book names one container three ways in one chapter (`[cname]`, `<容器>`,
 * `[containername]`): the learner who called it `ws` where it was created finds `ws` where it is inspected, copied to,
 * stopped and removed.
 */
export const kindKey = (kind: ObjectKind): string => `@${kind}`

/** What a value a chapter remembers under `key` names: its kind key's kind, or its template's in the chapter's steps. */
export function rememberedKind(steps: readonly TutorialStep[], key: string): InputKind | undefined {
  if (key.startsWith('@')) {
    const kind = key.slice(1)
    return kind === 'container' || kind === 'image' || kind === 'volume' || kind === 'network' ? kind : undefined
  }
  const step = steps.find((s) => s.placeholders.includes(key))
  return step ? inputKind(step, key) : placeholderKind(key)
}
