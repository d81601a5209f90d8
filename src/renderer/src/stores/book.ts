import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { Chapter, ChapterSummary, Lang, Progress, SearchHit } from '@shared/contract'
import { chapterOfStep } from '@shared/tutorial/step-id'
import { call, on } from '../api/client'
import { uiLang } from '../i18n'
import type { Route } from './router'

/** The book as the reader sees it: chapters in the UI's language, progress and search. */
export const useBookStore = defineStore('book', () => {
  const lang = uiLang
  // What the backend sends is replaced whole, never changed in place: shallow, so that reading a chapter (its blocks,
  // steps and headings) or the progress of every step makes no reactive proxy and no dependency per element.
  const chapters = shallowRef<ChapterSummary[]>([])
  const chapter = shallowRef<Chapter | undefined>()
  const progress = shallowRef<Progress>({ done: {}, last: null, inputs: {}, resetAt: {}, warning: null })
  const hits = shallowRef<SearchHit[]>([])
  const query = ref('')
  const searchMs = ref<number | undefined>()

  on('tutorial.progressChanged', (p) => (progress.value = p))

  async function loadChapters(): Promise<void> {
    chapters.value = await call('tutorial.chapters', { lang: lang.value })
  }

  /**
   * The first view's chapter, asked for before the page was built (`id` when the address named one), taken by the view
   * that opens it: its answer, or its failure, is that view's.
   */
  let early: { id: string | undefined; lang: Lang; answer: Promise<Chapter> } | undefined

  async function open(id: string): Promise<void> {
    const asked = early?.lang === lang.value && (early.id ?? id) === id ? early : undefined
    early = undefined
    const first = asked ? await asked.answer : undefined
    chapter.value = first?.id === id ? first : await call('tutorial.chapter', { id, lang: lang.value })
    void call('tutorial.setLocation', { chapterId: id }).catch(() => {})
  }

  async function loadProgress(): Promise<void> {
    progress.value = await call('tutorial.progress')
  }

  let firstView: Promise<void> | undefined
  /**
   * What the first view needs, asked for at once before the page builds itself, so that the backend answers
   * meanwhile: the chapter list, the progress, and the chapter the address names or (without one) the one the reader
   * left off in, which the backend knows without waiting for the progress to reach the page.
   */
  function loadFirstView(route: Route): Promise<void> {
    if (!firstView) {
      if (route.name !== 'about') {
        const id = route.name === 'chapter' ? route.id : undefined
        const answer = call('tutorial.chapter', id === undefined ? { lang: lang.value } : { id, lang: lang.value })
        // Nobody may take it (the first view failed): its failure is then nobody's to report.
        answer.catch(() => {})
        early = { id, lang: lang.value, answer }
      }
      firstView = Promise.all([loadChapters(), loadProgress()]).then(() => undefined)
    }
    return firstView
  }

  async function search(q: string): Promise<void> {
    query.value = q
    if (!q.trim()) {
      hits.value = []
      return
    }
    const r = await call('tutorial.search', { query: q, lang: lang.value })
    if (query.value === q) {
      hits.value = r.hits
      searchMs.value = r.tookMs
    }
  }

  async function mark(stepId: string, done: boolean): Promise<void> {
    progress.value = await call('tutorial.markStep', { stepId, done })
  }

  async function setInputs(chapterId: string, inputs: Record<string, string>): Promise<void> {
    progress.value = await call('tutorial.setInputs', { chapterId, inputs })
  }

  /** When a step's chapter was last reset: what ran before then is not the step's result any more. */
  function resetAtOf(stepId: string): number {
    return progress.value.resetAt[chapterOfStep(stepId)] ?? 0
  }

  function doneIn(summary: { stepIds: string[] }): number {
    return summary.stepIds.filter((id) => progress.value.done[id]).length
  }

  /** Steps the app verified (their run did what it is meant to), and steps ticked by hand. */
  function verifiedIn(summary: { stepIds: string[] }): { verified: number; byHand: number } {
    const marks = summary.stepIds.map((id) => progress.value.done[id]).filter((d) => d !== undefined)
    return { verified: marks.filter((d) => d.auto).length, byHand: marks.filter((d) => !d.auto).length }
  }

  // A search was typed for the other edition (a Chinese word finds nothing in the English one): it is cleared, and
  // an answer still on its way is dropped.
  watch(lang, async () => {
    query.value = ''
    hits.value = []
    await loadChapters()
    if (chapter.value) await open(chapter.value.id)
  })

  return {
    lang,
    chapters,
    chapter,
    progress,
    hits,
    query,
    searchMs,
    loadChapters,
    open,
    loadProgress,
    loadFirstView,
    search,
    mark,
    setInputs,
    doneIn,
    verifiedIn,
    resetAtOf,
  }
})
