import { lstatSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type {
  About,
  Chapter,
  ChapterImage,
  ChapterResource,
  ChapterSummary,
  Effects,
  FinishedCommandRecord,
  Lang,
  Progress,
  SearchHit,
} from '@shared/contract'
import { canonicalImageRef } from '@shared/docker-names'
import { ApiError } from '@shared/errors'
import { parseStepRunId } from '@shared/tutorial/run-id'
import { writeFileAtomic } from '../../util/atomic-file'
import type { Book } from './build-book'
import { imagesNeeded, type NeededImage } from './chapter-images'
import type { ProgressStore } from './progress-store'
import type { BookSearch } from './search-index'

export interface TutorialServiceDeps {
  book: Book
  search: BookSearch
  progress: ProgressStore
  /** Where each chapter's lab folder lives (`<dataDir>/labs`). */
  labsDir: string
  attribution: string
  onProgress: (p: Progress) => void
  /** Which of these engine resources still exist. */
  stillThere: (items: ChapterResource[]) => ChapterResource[]
  /** Removes one engine resource (containers by force). */
  removeResource: (item: ChapterResource) => Promise<void>
  /** The engine's images now (tags and sizes), for a chapter's readiness. */
  localImages?: () => Array<{ tags: string[]; size: number }>
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

  chapter(id: string, lang: Lang): Chapter {
    const chapter = this.deps.book.chapters[lang].find((c) => c.id === id)
    if (!chapter) throw new ApiError('BAD_REQUEST', `No chapter ${id}`, { id })
    return chapter
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

  /** A step run from the app that exits 0 is marked done by itself. */
  onCommandFinished(record: FinishedCommandRecord): void {
    const step = parseStepRunId(record.runId)
    if (step && record.exitCode === 0 && !this.deps.progress.get().done[step.stepId])
      this.markStep(step.stepId, true, true)
  }

  /** Remembers what a chapter's step created in the engine, so the chapter can be reset later. */
  onEffects(fx: Effects): void {
    const chapterId = parseStepRunId(fx.runId)?.chapterId
    const named = (kind: ChapterResource['kind'], xs: Array<{ id: string; name: string }>): ChapterResource[] =>
      xs.map((x) => ({ kind, id: x.id, name: x.name }))
    const removed = [...fx.containers.removed, ...fx.images.removed, ...fx.volumes.removed, ...fx.networks.removed].map(
      (x) => x.id,
    )
    // Not a chapter's step: nothing to remember (what it removed simply will not be there at reset).
    if (!chapterId) return
    this.deps.progress.recordCreated(
      chapterId,
      [
        ...named('container', fx.containers.created),
        ...named('image', [...fx.images.built, ...fx.images.committed, ...fx.images.tagged, ...fx.images.pulled]),
        ...named('volume', fx.volumes.created),
        ...named('network', fx.networks.created),
      ],
      removed,
    )
  }

  resetPreview(chapterId: string): ChapterResource[] {
    this.chapter(chapterId, 'zh-CN')
    return this.deps.stillThere(this.deps.progress.created(chapterId))
  }

  /** Removes what the chapter's steps created (containers first, so their images and volumes can go). */
  async reset(
    chapterId: string,
  ): Promise<{ removed: ChapterResource[]; failed: Array<{ name: string; message: string }> }> {
    const order: ChapterResource['kind'][] = ['container', 'image', 'volume', 'network']
    const items = this.resetPreview(chapterId).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    const removed: ChapterResource[] = []
    const failed: Array<{ name: string; message: string }> = []
    for (const item of items) {
      try {
        await this.deps.removeResource(item)
        removed.push(item)
      } catch (error) {
        failed.push({ name: item.name, message: error instanceof Error ? error.message : String(error) })
      }
    }
    const gone = new Set(this.deps.stillThere(this.deps.progress.created(chapterId)).map((r) => r.id))
    this.deps.progress.forgetCreated(
      chapterId,
      this.deps.progress
        .created(chapterId)
        .filter((r) => !gone.has(r.id))
        .map((r) => r.id),
    )
    return { removed, failed }
  }

  chapterImages(chapterId: string): ChapterImage[] {
    const chapter = this.chapter(chapterId, 'zh-CN')
    const local = new Map<string, number>()
    for (const image of this.deps.localImages?.() ?? []) {
      for (const tag of image.tags) local.set(canonicalImageRef(tag), image.size)
    }
    let needed = this.needed.get(chapterId)
    if (!needed) this.needed.set(chapterId, (needed = imagesNeeded(chapter)))
    return needed.map(({ image, steps }) => {
      const size = local.get(image)
      return { image, present: size !== undefined, size: size ?? null, steps }
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
