import type { Chapter } from '@shared/contract'
import { canonicalImageRef, isImageRef } from '@shared/docker-names'
import { explainDockerRun } from '@shared/tutorial/docker-run'
import { words } from '@shared/tutorial/shell-lex'

/** The images a chapter's steps need, each with the steps that need it: what a class pulls while it has a network. */
export interface NeededImage {
  image: string
  steps: string[]
}

function imageOfPull(command: string): string | null {
  const w = words(command)
  const i = w.findIndex(
    (x, k) => x === 'docker' && (w[k + 1] === 'pull' || (w[k + 1] === 'image' && w[k + 2] === 'pull')),
  )
  if (i === -1) return null
  const rest = w.slice(i + (w[i + 1] === 'image' ? 3 : 2)).filter((x) => !x.startsWith('-'))
  return rest[0] ?? null
}

/** Images a step makes itself (`docker commit … IMAGE`, `docker build -t IMAGE`, `docker tag SRC IMAGE`): nothing to pull. */
function imageMade(command: string): string | null {
  const w = words(command)
  const i = w.findIndex((x, k) => x === 'docker' && ['commit', 'build', 'tag'].includes(w[k + 1] ?? ''))
  if (i === -1) return null
  const args = w.slice(i + 2)
  if (w[i + 1] === 'build') {
    const t = args.findIndex((x) => x === '-t' || x === '--tag')
    return t === -1 ? null : (args[t + 1] ?? null)
  }
  const plain = args.filter((x) => x !== '\\' && !x.startsWith('-'))
  return plain.length >= 2 ? (plain[plain.length - 1] ?? null) : null
}

/** From `docker run`/`create`/`pull` steps, and the FROM lines of the chapter's Dockerfiles (what `docker build` needs). */
export function imagesNeeded(chapter: Chapter): NeededImage[] {
  const found = new Map<string, Set<string>>()
  const add = (ref: string | null | undefined, stepId: string): void => {
    // Templates (`[imagename:tag]`), variables and anything else that is no image reference are left out.
    if (!ref || !isImageRef(ref) || /^[0-9a-f]{4,64}$/.test(ref)) return
    const image = canonicalImageRef(ref)
    const steps = found.get(image) ?? new Set<string>()
    steps.add(stepId)
    found.set(image, steps)
  }
  const buildSteps: string[] = []
  for (const block of chapter.blocks) {
    for (const step of block.steps) {
      // The book's copy-paste traps (a comment inside a continuation) are read as their corrected command.
      const command = step.lint.find((l) => l.fixed)?.fixed ?? step.command
      add(explainDockerRun(command)?.image, step.id)
      add(imageOfPull(command), step.id)
      if (/\bdocker\s+(?:image\s+)?build\b/.test(step.command)) buildSteps.push(step.id)
    }
  }
  for (const block of chapter.blocks.filter((b) => b.kind === 'dockerfile')) {
    for (const m of block.code.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)) {
      if (m[1] && m[1] !== 'scratch') for (const id of buildSteps.length ? buildSteps : ['']) add(m[1], id)
    }
  }
  const made = new Set(
    chapter.blocks
      .flatMap((b) => b.steps.map((s) => imageMade(s.command)))
      .flatMap((m) => (m ? [canonicalImageRef(m)] : [])),
  )
  return [...found]
    .filter(([image]) => !made.has(image))
    .map(([image, steps]) => ({ image, steps: [...steps].filter(Boolean) }))
}
