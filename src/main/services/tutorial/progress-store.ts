import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import type { Progress } from '@shared/contract'
import { ApiError, errorMessage } from '@shared/errors'
import { isAtomicTemp, writeFileAtomic } from '../../util/atomic-file'

const Saved = z.object({
  version: z.literal(1),
  done: z.record(z.string(), z.object({ at: z.number(), auto: z.boolean() })),
  last: z.object({ chapterId: z.string(), slug: z.string().optional() }).nullable(),
  inputs: z.record(z.string(), z.record(z.string(), z.string())),
  /** What each chapter's steps created in the engine, for "reset this chapter". */
  created: z
    .record(
      z.string(),
      z.array(
        z.object({
          kind: z.enum(['container', 'image', 'volume', 'network']),
          id: z.string(),
          name: z.string(),
          /** Touched but there before (kept by Reset, and the preview says so). */
          hadBefore: z.boolean().optional(),
        }),
      ),
    )
    .default({}),
  /** When each chapter was last reset (ms): its steps' results from before are no longer shown. */
  resetAt: z.record(z.string(), z.number()).default({}),
})
type Saved = z.infer<typeof Saved>

const EMPTY: Saved = { version: 1, done: {}, last: null, inputs: {}, created: {}, resetAt: {} }

/**
 * Bounds on what callers may store: the file must not grow without end, whatever a page sends. Step ids and chapter
 * ids are checked against the book by the tutorial service; these cap what is kept per chapter.
 */
export const PROGRESS_LIMITS = {
  /** Template values remembered per chapter (the book's busiest chapter has a handful). */
  inputsPerChapter: 64,
  /** Engine resources remembered per chapter for "reset this chapter"; the oldest are forgotten first. */
  createdPerChapter: 500,
} as const

/**
 * The learner's progress in one JSON file under the app's data folder, written atomically
 * (temp file, fsync, rename): a crash mid-write leaves the previous file intact. A corrupt file
 * is moved aside (`progress.json.corrupt-<time>`) with a warning, and the app starts fresh.
 */
export class ProgressStore {
  private state: Saved
  private warning: string | null = null

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
    private readonly write: (file: string, data: string) => void = writeFileAtomic,
  ) {
    this.state = this.load()
  }

  private load(): Saved {
    try {
      this.removeStaleTemps()
      if (!existsSync(this.file)) return structuredClone(EMPTY)
    } catch (error) {
      // An unreadable data folder (permissions) must not keep the app from opening: start fresh and say so.
      this.warning = `Progress cannot be read here (${errorMessage(error)}); it will not be saved`
      return structuredClone(EMPTY)
    }
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (error) {
      this.warning = `Progress cannot be read (${errorMessage(error)})`
      return structuredClone(EMPTY)
    }
    try {
      return Saved.parse(JSON.parse(text))
    } catch (error) {
      const aside = `${this.file}.corrupt-${this.now()}`
      try {
        renameSync(this.file, aside)
      } catch {
        // Cannot even move it: leave it, and say so below.
      }
      this.warning = `Progress file was unreadable and was set aside as ${basename(aside)} (${errorMessage(error).split('\n')[0]})`
      return structuredClone(EMPTY)
    }
  }

  /** Temp files left by a crash between write and rename are never the truth: drop them. */
  private removeStaleTemps(): void {
    const dir = dirname(this.file)
    if (!existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      if (isAtomicTemp(name)) rmSync(join(dir, name), { force: true })
    }
  }

  get(): Progress {
    return {
      done: this.state.done,
      last: this.state.last,
      inputs: this.state.inputs,
      resetAt: this.state.resetAt,
      warning: this.warning,
    }
  }

  private update(mutate: (s: Saved) => void): Progress {
    const next = structuredClone(this.state)
    mutate(next)
    try {
      this.write(this.file, JSON.stringify(next, null, 1))
    } catch (error) {
      throw new ApiError('INTERNAL', `Progress could not be saved: ${errorMessage(error)}`)
    }
    this.state = next
    return this.get()
  }

  mark(stepId: string, done: boolean, auto = false): Progress {
    return this.update((s) => {
      if (done) s.done[stepId] = { at: this.now(), auto }
      else delete s.done[stepId]
    })
  }

  /**
   * A chapter starts over: its steps' ticks go (by hand too), results from before now are no longer its, and inputs
   * for which `gone` holds (they named what the reset removed) are forgotten.
   */
  resetChapter(
    chapterId: string,
    stepIds: readonly string[],
    gone: (key: string, value: string) => boolean = () => false,
  ): Progress {
    return this.update((s) => {
      for (const id of stepIds) delete s.done[id]
      s.resetAt[chapterId] = this.now()
      const inputs = s.inputs[chapterId]
      if (inputs) s.inputs[chapterId] = Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !gone(k, v)))
    })
  }

  setInputs(chapterId: string, inputs: Record<string, string>): Progress {
    const merged = { ...this.state.inputs[chapterId], ...inputs }
    if (Object.keys(merged).length > PROGRESS_LIMITS.inputsPerChapter) {
      throw new ApiError(
        'BAD_REQUEST',
        `Chapter ${chapterId} would remember ${Object.keys(merged).length} inputs; at most ${PROGRESS_LIMITS.inputsPerChapter} are kept`,
        { limit: PROGRESS_LIMITS.inputsPerChapter },
      )
    }
    return this.update((s) => {
      s.inputs[chapterId] = merged
    })
  }

  created(chapterId: string): Saved['created'][string] {
    return this.state.created[chapterId] ?? []
  }

  /**
   * Adds what a chapter's step created or touched and forgets what was since removed. One object may have several
   * entries (an image under two names); "created" is never downgraded to "had before".
   */
  recordCreated(chapterId: string, added: Saved['created'][string], removedIds: string[]): void {
    const key = (c: Saved['created'][string][number]): string => `${c.kind}\n${c.id}\n${c.name}`
    const known = new Map(this.created(chapterId).map((c) => [key(c), c]))
    const news = added.filter((a) => {
      const old = known.get(key(a))
      return !old || (old.hadBefore && !a.hadBefore)
    })
    if (news.length === 0 && !removedIds.some((id) => this.created(chapterId).some((c) => c.id === id))) return
    this.update((s) => {
      const list = (s.created[chapterId] ?? []).filter((c) => !removedIds.includes(c.id))
      for (const a of news) {
        const at = list.findIndex((c) => key(c) === key(a))
        if (at >= 0) list[at] = a
        else list.push(a)
      }
      s.created[chapterId] = list.slice(-PROGRESS_LIMITS.createdPerChapter)
    })
  }

  /** Forgets these entries (by kind, id and name: an image removed under one name keeps its others). */
  forgetCreated(chapterId: string, gone: Array<Pick<Saved['created'][string][number], 'kind' | 'id' | 'name'>>): void {
    const same = (a: (typeof gone)[number], b: (typeof gone)[number]): boolean =>
      a.kind === b.kind && a.id === b.id && a.name === b.name
    this.update((s) => {
      s.created[chapterId] = (s.created[chapterId] ?? []).filter((c) => !gone.some((g) => same(g, c)))
    })
  }

  setLocation(chapterId: string, slug?: string): Progress {
    return this.update((s) => {
      s.last = slug ? { chapterId, slug } : { chapterId }
    })
  }
}
