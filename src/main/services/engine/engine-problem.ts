import type { EngineProblem } from '@shared/contract'
import type { FailureKind } from '@shared/docker/failure'

const PROBLEMS: Partial<Record<FailureKind, EngineProblem>> = {
  'engine-not-installed': 'not-installed',
  'engine-not-running': 'not-running',
  'engine-permission': 'permission-denied',
  'engine-unreachable': 'unreachable',
  'engine-tls': 'tls',
  'engine-api-version': 'api-version',
}

/** The engine status's problem (what the welcome page and the status bar key on) for a failure's kind. */
export function engineProblemOf(kind: FailureKind): EngineProblem {
  return PROBLEMS[kind] ?? 'unknown'
}
