import type { DockerFailure } from '@shared/contract'
import { ApiError, errorMessage } from '@shared/errors'
import type { FailureText } from './failure-text'

/**
 * What a failed call says to the learner: the failure's account (`account`, in their language) when the backend gave
 * one (the engine refused a panel's action), else the error's own message.
 */
export function errorText(error: unknown, account: (failure: DockerFailure) => FailureText): string {
  const failure =
    error instanceof ApiError ? (error.details as { failure?: DockerFailure } | undefined)?.failure : undefined
  if (!failure) return errorMessage(error)
  const text = account(failure)
  return `${text.what} ${text.fix} (${failure.message})`
}
