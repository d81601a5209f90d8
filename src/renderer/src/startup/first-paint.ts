/** Longest the rest of the page waits for the first view, should the backend be slow to send it. */
export const WAIT_AT_MOST_MS = 1500

let done: () => void = () => {}

/**
 * Resolves once the page has drawn what the learner opened it for (the chapter, or a view without one), or after
 * WAIT_AT_MOST_MS. The lab column (xterm, the panels) waits for it: fetched and started alongside, its code would be
 * parsed and mounted on the one thread while the chapter's answer waited behind it.
 */
export const firstPaint = new Promise<void>((resolve) => {
  done = resolve
  setTimeout(resolve, WAIT_AT_MOST_MS)
})

/** The first view is in the DOM: resolves `firstPaint` once the frame that draws it is done. */
export function firstViewShown(): void {
  requestAnimationFrame(() => setTimeout(done))
}
