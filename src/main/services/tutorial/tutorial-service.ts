import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { About, Chapter, ChapterSummary, FinishedCommandRecord, Lang, Progress, SearchHit } from '@shared/contract'
import { ApiError } from '@shared/errors'
import type { Book } from './build-book'
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
}

/** `step:<stepId>:<nonce>`: the runId a chapter step's Run sends, so its result can find its way back. */
export function stepRunId(stepId: string, nonce: string): string {
  return `step:${stepId}:${nonce}`
}

/** The book: chapters in both editions, search, the learner's progress, and each chapter's lab folder. */
export class TutorialService {
  constructor(private readonly deps: TutorialServiceDeps) {}

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
    const p = this.deps.progress.mark(stepId, done, auto)
    this.deps.onProgress(p)
    return p
  }

  setInputs(chapterId: string, inputs: Record<string, string>): Progress {
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
    const m = /^step:([^:]+):/.exec(record.runId ?? '')
    if (m?.[1] && record.exitCode === 0 && !this.deps.progress.get().done[m[1]]) this.markStep(m[1], true, true)
  }

  labDir(chapterId: string): string {
    this.chapter(chapterId, 'zh-CN')
    const dir = join(this.deps.labsDir, chapterId)
    mkdirSync(dir, { recursive: true })
    return dir
  }

  saveLabFile(chapterId: string, blockIndex: number): { path: string; dir: string } {
    const block = this.chapter(chapterId, 'zh-CN').blocks[blockIndex]
    if (!block || block.kind !== 'dockerfile') {
      throw new ApiError('BAD_REQUEST', `Block ${blockIndex} of chapter ${chapterId} is not a Dockerfile`)
    }
    const dir = this.labDir(chapterId)
    const path = join(dir, 'Dockerfile')
    writeFileSync(path, block.code)
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
