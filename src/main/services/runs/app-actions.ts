import type { AppAction } from '@shared/contract'
import type { Claim } from './claims'

/** One of the app's own actions while it runs: the engine changes it claims are reported as its effects. */
export interface ActionScope {
  /** More objects it acted on, learnt from the engine's answer (a prune's or an image removal's deleted ids). */
  claim(...claims: Claim[]): void
  /** Done: its effects are reported once the engine's last events about it have arrived. */
  end(): void
}

export interface ActionOptions {
  /**
   * Its answer names what it removed (prune, image removal, load): until it ends, an engine event nobody claims waits
   * for that answer instead of being called "outside" at once. Only for short actions.
   */
  awaitsAnswer?: boolean
  /** A build: the containers it runs its steps in (made from an image id, gone again) are its own. */
  buildSteps?: boolean
}

export interface AppActions {
  begin(action: AppAction, claims: Claim[], options?: ActionOptions): ActionScope
}

/** Runs `work` as one app action; a caller that already has a scope (a reset removing several things) passes it. */
export async function asAppAction<T>(
  actions: AppActions,
  action: AppAction,
  claims: Claim[],
  work: (scope: ActionScope) => Promise<T>,
  options: ActionOptions & { within?: ActionScope } = {},
): Promise<T> {
  if (options.within) {
    options.within.claim(...claims)
    return work(options.within)
  }
  const scope = actions.begin(action, claims, options)
  try {
    return await work(scope)
  } finally {
    scope.end()
  }
}
