import type { Chapter } from '@shared/contract'
import { dockerCommands, flagValues } from '@shared/docker/command'
import { isImageRef } from '@shared/docker-names'
import { canonicalImageRef } from '@shared/docker/image-ref'

/** The images a chapter's steps need, each with the steps that need it: what a class pulls while it has a network. */
export interface NeededImage {
  image: string
  steps: string[]
}

/** Images a command makes itself (`docker commit … IMAGE`, `docker build -t IMAGE`, `docker tag SRC IMAGE`). */
function imagesMade(command: string): string[] {
  return dockerCommands(command).flatMap((c) => {
    if (c.verb === 'build') return flagValues(c, '--tag')
    if (c.verb === 'commit' || c.verb === 'tag') return c.args[1] ? [c.args[1]] : []
    return []
  })
}

/** Images a command needs: what `run`, `create` and `pull` name. */
function imagesUsed(command: string): string[] {
  return dockerCommands(command).flatMap((c) =>
    (c.verb === 'run' || c.verb === 'create' || c.verb === 'pull') && c.args[0] ? [c.args[0]] : [],
  )
}

/** From `docker run`/`create`/`pull` steps, and the FROM lines of the chapter's Dockerfiles (what `docker build` needs). */
export function imagesNeeded(chapter: Chapter): NeededImage[] {
  const found = new Map<string, Set<string>>()
  const add = (ref: string | null | undefined, stepId: string): void => {
    // Templates (`[imagename:tag]`), variables and anything else that is no image reference are left out.
    if (!ref || !isImageRef(ref) || /^(?:sha256:)?[0-9a-f]{4,64}$/.test(ref)) return
    const image = canonicalImageRef(ref)
    const steps = found.get(image) ?? new Set<string>()
    steps.add(stepId)
    found.set(image, steps)
  }
  const buildSteps: string[] = []
  const made = new Set<string>()
  for (const block of chapter.blocks) {
    for (const step of block.steps) {
      // The book's copy-paste traps (a comment inside a continuation) are read as their corrected command.
      const command = step.lint.find((l) => l.fixed)?.fixed ?? step.command
      for (const image of imagesUsed(command)) add(image, step.id)
      for (const image of imagesMade(step.command)) made.add(canonicalImageRef(image))
      if (dockerCommands(step.command).some((c) => c.verb === 'build')) buildSteps.push(step.id)
    }
  }
  for (const block of chapter.blocks.filter((b) => b.kind === 'dockerfile')) {
    for (const m of block.code.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)) {
      if (m[1] && m[1] !== 'scratch') for (const id of buildSteps.length ? buildSteps : ['']) add(m[1], id)
    }
  }
  return [...found]
    .filter(([image]) => !made.has(image))
    .map(([image, steps]) => ({ image, steps: [...steps].filter(Boolean) }))
}
