/** The Run action of each step on screen, by step id: the Run button and the keyboard shortcut call the same one. */
const runners = new Map<string, () => void>()

/** A step row offers its Run action; the returned function withdraws it (the row went away). */
export function offerStepRun(stepId: string, run: () => void): () => void {
  runners.set(stepId, run)
  return () => {
    if (runners.get(stepId) === run) runners.delete(stepId)
  }
}

/** Runs a step as its Run button would; false when no row on screen offers that step. */
export function runStep(stepId: string): boolean {
  const run = runners.get(stepId)
  run?.()
  return run !== undefined
}
