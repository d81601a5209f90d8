/**
 * The runId a chapter step's Run sends with its command (`step:<stepId>:<nonce>`), so that the command's result and
 * effects find their way back to the step. The one place that writes or reads it.
 */
const PREFIX = 'step:'

export function stepRunId(stepId: string, nonce: string): string {
  return `${PREFIX}${stepId}:${nonce}`
}

/** The step (and its chapter) a runId belongs to; undefined for any other runId. */
export function parseStepRunId(runId: string | null | undefined): { stepId: string; chapterId: string } | undefined {
  if (!runId?.startsWith(PREFIX)) return undefined
  const rest = runId.slice(PREFIX.length)
  const colon = rest.lastIndexOf(':')
  const stepId = colon > 0 ? rest.slice(0, colon) : ''
  const chapterId = stepId.split('/')[0] ?? ''
  return stepId && chapterId && stepId.includes('/') ? { stepId, chapterId } : undefined
}
