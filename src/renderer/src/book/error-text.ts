import type { DockerFailure, Lang } from '@shared/contract'
import { ApiError, errorMessage } from '@shared/errors'

/**
 * What a failed call says to the learner: the classifier's explanation in their language when the backend gave one
 * (the engine refused a panel's action), else the error's own message.
 */
export function errorText(error: unknown, lang: Lang): string {
  const failure =
    error instanceof ApiError ? (error.details as { failure?: DockerFailure } | undefined)?.failure : undefined
  if (!failure) return errorMessage(error)
  const text = failure.text[lang]
  return `${text.what} ${text.fix} (${failure.message})`
}
