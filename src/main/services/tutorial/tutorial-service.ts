import { lstatSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type {
  About,
  Chapter,
  ChapterImage,
  ChapterSummary,
  CommandRun,
  Effects,
  Lang,
  Progress,
  KeptResource,
  ResetPreview,
  Resources,
  SearchHit,
} from '@shared/contract'
import { canonicalImageRef } from '@shared/docker/image-ref'
import { ApiError, errorMessage } from '@shared/errors'
import { writeFileAtomic } from '../../util/atomic-file'
import { asAppAction, type ActionScope, type AppActions } from '../runs/app-actions'
import { claim } from '../runs/claims'
import type { Book } from './build-book'
import { imagesNeeded, type NeededImage } from './chapter-images'
import { obsoleteImage } from '@shared/tutorial/notes'
import { knownDownloadSize } from './download-sizes'
import type { ProgressStore } from './progress-store'
import { rememberedKind } from '@shared/tutorial/input-kind'
import { namesRemoved, planReset, previewOf, type Removal, type Touched } from './reset-plan'
import type { BookSearch } from './search-index'

export interface TutorialServiceDeps {
  book: Book
  search: BookSearch
  progress: ProgressStore
  /** Where each chapter's lab folder lives (`<dataDir>/labs`). */
  labsDir: string
  attribution: string
  onProgress: (p: Progress) => void
  /** The engine's objects now, as the panels know them. */
  /** The engine's objects, listed at least once where the engine answers. */
  current: () => Promise<Resources>
  /** Removes one engine object as part of a reset (a container by force, an image by name and never by force). */
  removeResource: (item: Removal, within: ActionScope) => Promise<void>
  /** Where a reset is reported as the app's own change ("Reset chapter 2.7"). */
  actions: AppActions
}

/** The book: chapters in both editions, search, the learner's progress, and each chapter's lab folder. */
export class TutorialService {
  /** Every step id of the book: the only keys progress may hold. */
  private readonly stepIds: Set<string>
  /** The images each chapter needs: the book never changes, so read once per chapter. */
  private readonly needed = new Map<string, NeededImage[]>()

  constructor(private readonly deps: TutorialServiceDeps) {
    this.stepIds = new Set(deps.book.chapters['zh-CN'].flatMap((c) => c.stepIds))
  }

  chapters(lang: Lang): ChapterSummary[] {
    return this.deps.book.chapters[lang].map(({ id, title, order, lang: l, headings, stepIds }) => ({
      id,
      title,
      order,
      lang: l,
      headings,
      stepIds,
    }))
  }

  /** The chapter `id`; without one, the chapter the reader left off in (the book's first before any). */
  chapter(id: string | undefined, lang: Lang): Chapter {
    const chapters = this.deps.book.chapters[lang]
    const chapter =
      id === undefined
        ? (chapters.find((c) => c.id === this.progress().last?.chapterId) ?? chapters[0])
        : chapters.find((c) => c.id === id)
    if (!chapter) throw new ApiError('BAD_REQUEST', `No chapter ${id ?? 'in this edition'}`, { id: id ?? null })
    return chapter
  }

  /** Builds the search index ahead of the first search (main calls this once it is idle after start-up). */
  prepareSearch(): void {
    this.deps.search.prepare()
  }

  search(query: string, lang?: Lang): { hits: SearchHit[]; tookMs: number } {
    const start = performance.now()
    const hits = this.deps.search.search(query, lang)
    return { hits, tookMs: performance.now() - start }
  }

  progress(): Progress {
    return this.deps.progress.get()
  }

  markStep(stepId: string, done: boolean, auto = false): Progress {
    if (!this.stepIds.has(stepId)) throw new ApiError('BAD_REQUEST', `No step ${stepId} in the book`, { stepId })
    const p = this.deps.progress.mark(stepId, done, auto)
    this.deps.onProgress(p)
    return p
  }

  setInputs(chapterId: string, inputs: Record<string, string>): Progress {
    this.chapter(chapterId, 'zh-CN')
    const p = this.deps.progress.setInputs(chapterId, inputs)
    this.deps.onProgress(p)
    return p
  }

  setLocation(chapterId: string, slug?: string): void {
    this.chapter(chapterId, 'zh-CN')
    this.deps.progress.setLocation(chapterId, slug)
  }

  /**
   * A step's run changed: what it created is remembered for the chapter's reset once its effects are in, and the step
   * is ticked by itself once verified. A command typed by hand is no step's: nothing to remember (what it removed
   * simply will not be there at reset).
   */
  onRun(run: CommandRun): void {
    if (!run.stepId || !run.chapterId || !this.stepIds.has(run.stepId)) return
    if (run.effects) this.remember(run.chapterId, run.effects)
    if (run.verdict) this.judged(run.stepId, run.verdict.status)
  }

  /**
   * A step run from the app is ticked by itself once it is verified (it did what it is meant to, not merely exit 0),
   * and unticked if a later check finds otherwise (its container died); a step ticked by hand is left as it is.
   */
  private judged(stepId: string, status: 'verified' | 'differs'): void {
    const done = this.deps.progress.get().done[stepId]
    if (status === 'verified' && !done) this.markStep(stepId, true, true)
    else if (status === 'differs' && done?.auto) this.markStep(stepId, false)
  }

  /**
   * Remembers what a chapter's step created in the engine, so the chapter can be reset later, and what it touched
   * that was there before (so the preview can say why that stays).
   */
  private remember(chapterId: string, fx: Effects): void {
    const touched = (kind: Touched['kind'], xs: Array<{ id: string; name: string }>, hadBefore = false): Touched[] =>
      xs.map((x) => ({ kind, id: x.id, name: x.name, ...(hadBefore ? { hadBefore } : {}) }))
    const images = [
      ...fx.images.built,
      ...fx.images.committed,
      ...fx.images.tagged,
      ...fx.images.pulled,
      ...fx.images.imported,
    ]
    const created = new Set(fx.containers.created.map((c) => c.id))
    const removed = [...fx.containers.removed, ...fx.images.removed, ...fx.volumes.removed, ...fx.networks.removed].map(
      (x) => x.id,
    )
    this.deps.progress.recordCreated(
      chapterId,
      [
        ...touched('container', fx.containers.created),
        ...touched(
          'container',
          fx.containers.started.filter((c) => !created.has(c.id)),
          true,
        ),
        ...touched(
          'image',
          images.filter((i) => !i.existedBefore),
        ),
        ...touched(
          'image',
          images.filter((i) => i.existedBefore),
          true,
        ),
        ...touched('volume', fx.volumes.created),
        ...touched('network', fx.networks.created),
      ],
      removed,
    )
  }

  async resetPreview(chapterId: string): Promise<ResetPreview> {
    return previewOf(await this.plan(chapterId))
  }

  private async plan(chapterId: string): Promise<ReturnType<typeof planReset>> {
    this.chapter(chapterId, 'zh-CN')
    return planReset(this.deps.progress.created(chapterId), await this.deps.current())
  }

  /** Removes what the chapter's steps created and nothing else (containers first, so their images and volumes can go). */
  async reset(chapterId: string): Promise<{
    removed: ResetPreview['remove']
    kept: KeptResource[]
    failed: Array<{ name: string; message: string }>
  }> {
    const plan = await this.plan(chapterId)
    const removed: ResetPreview['remove'] = []
    /** The removals made, as planned (an image's by id or by name). */
    const made: Removal[] = []
    const failed: Array<{ name: string; message: string }> = []
    const claims = plan.remove.map((r) => claim(r.kind, r.target))
    await asAppAction(this.deps.actions, { kind: 'chapter.reset', target: chapterId }, claims, async (scope) => {
      for (const item of plan.remove) {
        try {
          await this.deps.removeResource(item, scope)
          removed.push({ kind: item.kind, id: item.id, name: item.name })
          made.push(item)
        } catch (error) {
          failed.push({ name: item.name, message: errorMessage(error) })
        }
      }
    })
    // Forget what is gone; what stays (kept, or failed) is still the chapter's.
    this.deps.progress.forgetCreated(chapterId, removed)
    // The chapter starts over: its ticks, its steps' earlier results, and inputs naming what is gone go with it.
    const chapter = this.chapter(chapterId, 'zh-CN')
    // An input is remembered under its template as the edition read spells it: either edition's steps say its kind.
    const steps = [chapter, this.chapter(chapterId, 'en')].flatMap((c) => c.blocks.flatMap((b) => b.steps))
    this.deps.onProgress(
      this.deps.progress.resetChapter(chapter.id, chapter.stepIds, (key, value) =>
        namesRemoved(value, made, rememberedKind(steps, key)),
      ),
    )
    return { removed, kept: plan.keep, failed }
  }

  async chapterImages(chapterId: string): Promise<ChapterImage[]> {
    const chapter = this.chapter(chapterId, 'zh-CN')
    const local = new Map<string, number>()
    for (const image of (await this.deps.current()).images) {
      for (const tag of image.tags) local.set(canonicalImageRef(tag), image.size)
    }
    let needed = this.needed.get(chapterId)
    if (!needed) this.needed.set(chapterId, (needed = imagesNeeded(chapter)))
    return needed.map(({ image, steps }) => {
      const size = local.get(image)
      return {
        image,
        present: size !== undefined,
        size: size ?? null,
        downloadSize: knownDownloadSize(image),
        steps,
        obsolete: obsoleteImage(image),
      }
    })
  }

  labDir(chapterId: string): string {
    this.chapter(chapterId, 'zh-CN')
    const dir = join(this.deps.labsDir, chapterId)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    // A lab folder is shared with containers; one replaced by a link elsewhere is not written through.
    if (lstatSync(dir).isSymbolicLink()) {
      throw new ApiError('BAD_REQUEST', `The lab folder ${dir} is a symbolic link; move it aside to use it again`, {
        dir,
      })
    }
    return dir
  }

  saveLabFile(chapterId: string, blockIndex: number): { path: string; dir: string } {
    const block = this.chapter(chapterId, 'zh-CN').blocks[blockIndex]
    if (!block || block.kind !== 'dockerfile') {
      throw new ApiError('BAD_REQUEST', `Block ${blockIndex} of chapter ${chapterId} is not a Dockerfile`)
    }
    const dir = this.labDir(chapterId)
    const path = join(dir, 'Dockerfile')
    // Never through a link a container planted (Dockerfile -> ~/.bashrc): the link is replaced, its target untouched.
    writeFileAtomic(path, block.code)
    return { path, dir }
  }

  about(): About {
    const field = (name: string): string =>
      new RegExp(`@${name}:\\s*(.+)`).exec(this.deps.attribution)?.[1]?.trim() ?? ''
    const sources = new Map<string, About['sources'][number]>()
    for (const link of this.deps.book.links) {
      const s = sources.get(link.url) ?? { url: link.url, label: link.label, chapters: [] }
      if (!s.chapters.includes(link.chapterId)) s.chapters.push(link.chapterId)
      sources.set(link.url, s)
    }
    return {
      title: 'Docker 简明教程',
      author: field('Author'),
      github: field('Github'),
      version: field('Version'),
      date: field('LastEditTime').split(' ')[0] ?? '',
      sources: [...sources.values()],
    }
  }
}
