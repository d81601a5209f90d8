import type { DeletionItem, StepCheck, StepDifference } from '@shared/contract'
import type { Format } from '../i18n/format'

type Translate = (key: string, values?: Record<string, unknown>) => string

/** What a verified step was checked for, in the UI's language ("container web running, port 80:80 published"). */
export function checkText(checked: StepCheck[], t: Translate): string {
  return checked.map((c) => t(`step.check.${c.code}`, { name: c.name })).join(', ')
}

/** How a step's outcome differs from what it is meant to do, one plain sentence each. */
export function differenceLines(differences: StepDifference[], t: Translate): string[] {
  return differences.map((d) =>
    t(`step.difference.${d.code}`, {
      name: d.name,
      kind: d.kind ? t(`book.kind.${d.kind}`) : '',
      exitCode: d.exitCode ?? '?',
      expected: d.expected ?? '',
      actual: d.actual ?? '',
    }),
  )
}

/** A deleting step's preview, as the confirmation lists it: kind, name, age, size. */
export function deletionLine(item: DeletionItem, t: Translate, fmt: Format, now = Date.now()): string {
  const parts = [`${t(`step.deletion.kind.${item.kind}`)} ${item.name}`]
  if (item.effect === 'untag') parts.push(t('step.deletion.untag'))
  else {
    if (item.created !== null) parts.push(t('step.deletion.age', { age: fmt.ago(item.created, now) }))
    if (item.size !== null && item.size > 0) parts.push(fmt.bytes(item.size))
  }
  return parts.join(' · ')
}
