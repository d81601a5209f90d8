import { shallowRef } from 'vue'
import { firstPaint } from '../startup/first-paint'

type Reader = typeof import('@shared/docker/command') & typeof import('@shared/docker/prompts')

const reader = shallowRef<Reader>()
let loading: Promise<Reader> | undefined

/**
 * Fetches the reader once (again after a failed fetch), after the first view is drawn: asked for while the chapter
 * is being built, its fetch and the preloads it starts would be work done before the chapter's first frame.
 */
export function loadDockerReader(): Promise<Reader> {
  loading ??= firstPaint
    .then(() => Promise.all([import('@shared/docker/command'), import('@shared/docker/prompts')]))
    .then(
      ([command, prompts]) => (reader.value = { ...command, ...prompts }),
      (error: unknown) => {
        loading = undefined
        throw error
      },
    )
  return loading
}

/**
 * The one reader of docker commands, as the page has it: undefined until its chunk has arrived. It carries the CLI's
 * whole flag table, and what a chapter needs of it (which steps are a `docker run`, the tag its Dockerfile is built
 * with) can come a moment after the text, so it is not part of the first paint. Read in a computed, the computed is
 * redone when the reader arrives.
 */
export function dockerReader(): Reader | undefined {
  void loadDockerReader().catch(() => undefined)
  return reader.value
}
