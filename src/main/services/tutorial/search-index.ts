import MiniSearch from 'minisearch'
import type { Chapter, Lang, SearchHit } from '@shared/contract'
import { slugify } from '@shared/tutorial/markdown'

interface SectionDoc {
  id: string
  chapterId: string
  lang: Lang
  chapterTitle: string
  section: string
  slug: string
  text: string
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/

/**
 * Tokens for both languages. Chinese has no spaces, so each run of CJK characters becomes its
 * overlapping bigrams (a single character stays a unigram); other text splits into words. The
 * same function tokenizes queries, so "数据卷" matches wherever 数据 and 据卷 occur together.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  for (const run of text.toLowerCase().match(/[\u3400-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}_.:/-]+/gu) ?? []) {
    if (CJK.test(run)) {
      if (run.length === 1) tokens.push(run)
      for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2))
    } else {
      tokens.push(run)
      // Also the parts of `nginx:v2`, `--mount`, `my-vol` so either form finds it.
      for (const part of run.split(/[.:/-]+/)) if (part && part !== run) tokens.push(part)
    }
  }
  return tokens
}

function sections(chapter: Chapter): SectionDoc[] {
  const docs: SectionDoc[] = []
  let section = chapter.title
  let slug = ''
  let text: string[] = []
  const flush = (): void => {
    if (text.join('').trim()) {
      docs.push({
        id: `${chapter.lang}:${chapter.id}:${docs.length}`,
        chapterId: chapter.id,
        lang: chapter.lang,
        chapterTitle: chapter.title,
        section,
        slug,
        text: text.join('\n'),
      })
    }
    text = []
  }
  let inFence = false
  // Whalebook's addendum is searched too: its headings are the chapter's, marked as the addendum's.
  const all = chapter.addendum ? `${chapter.markdown}\n${chapter.addendum.markdown}` : chapter.markdown
  for (const line of all.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence
    const h = inFence ? null : /^(#{1,6})\s+(.*)$/.exec(line)
    if (h) {
      flush()
      section = h[2] ?? ''
      slug = slugify(section)
    } else text.push(line)
  }
  flush()
  return docs
}

/** Offline full-text search over every section of the book, in both editions. */
export class BookSearch {
  private readonly index = new MiniSearch<SectionDoc>({
    fields: ['section', 'text'],
    storeFields: ['chapterId', 'lang', 'chapterTitle', 'section', 'slug', 'text'],
    tokenize,
    processTerm: (t) => t,
    searchOptions: { boost: { section: 2 }, combineWith: 'AND' },
  })

  constructor(chapters: Chapter[]) {
    this.index.addAll(chapters.flatMap(sections))
  }

  search(query: string, lang?: Lang, limit = 30): SearchHit[] {
    const q = query.trim()
    if (!q) return []
    const latinPrefix = (term: string): boolean => !CJK.test(term) && term.length > 2
    const results = this.index.search(q, {
      prefix: latinPrefix,
      fuzzy: (term) => (latinPrefix(term) && term.length > 4 ? 0.15 : false),
      ...(lang ? { filter: (r) => r.lang === lang } : {}),
    })
    return results.slice(0, limit).map((r) => ({
      chapterId: String(r.chapterId),
      lang: r.lang as Lang,
      chapterTitle: String(r.chapterTitle),
      section: String(r.section),
      slug: String(r.slug),
      snippet: snippet(String(r.text), q, r.terms),
      score: r.score,
    }))
  }
}

function snippet(text: string, query: string, terms: string[]): string {
  const flat = text.replace(/\s+/g, ' ')
  const lower = flat.toLowerCase()
  let at = lower.indexOf(query.toLowerCase())
  for (const t of terms) if (at === -1) at = lower.indexOf(t)
  const start = Math.max(0, at - 40)
  return (start > 0 ? '…' : '') + flat.slice(start, start + 120) + (start + 120 < flat.length ? '…' : '')
}
