/** The chapter a step belongs to: a step's id is its chapter's id, a slash, and its number (`2.3/1`). */
export function chapterOfStep(stepId: string): string {
  return stepId.slice(0, stepId.lastIndexOf('/'))
}
