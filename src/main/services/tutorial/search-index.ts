import MiniSearch from 'minisearch'
import type { Chapter, Lang, SearchHit } from '@shared/contract'
import { isCjk, stem, tokenize } from '@shared/search-terms'
import { slugify } from '@shared/tutorial/markdown'
import { OUTDATED_NOTES } from '@shared/tutorial/notes'
import { NOTES_NAME } from '@shared/tutorial/notes-name'

export { tokenize }

interface SectionDoc {
  id: string
  chapterId: string
  lang: Lang
  chapterTitle: string
  section: string
  slug: string
  text: string
  /**
   * The chapter's title, on its opening section only: the chapter about a word comes first, and its other sections
   * are found by their own words (a hit on a title word alone would have nothing in its snippet to show or mark).
   */
  opening: string
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
        opening: docs.length === 0 ? chapter.title : '',
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
  // Whalebook's notes on the chapter's text (a registry mirror, an outdated version): found by search too, under
  // their own name, so that a hit says whose words it found, and a short note does not outrank the book's own text on
  // a word of the chapter's title (a short section scores higher for as many words).
  const notes = OUTDATED_NOTES.filter((n) => chapter.notes.includes(n.id)).map((n) =>
    chapter.lang === 'en' ? n.en : n.zh,
  )
  if (notes.length) {
    section = NOTES_NAME[chapter.lang]
    slug = ''
    text = notes
    flush()
  }
  return docs
}

/** A table's rule under its head (`| --- | :-: |`), or a thematic break (`---`): no text a reader sees. */
const TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/

/**
 * A section's markdown as the plain text a reader sees: no code fences (their commands stay), backticks, link targets,
 * emphasis markers, heading, quote or list markers; a table's rows as their cells, its rule gone.
 */
export function plainMarkdown(markdown: string): string {
  let inFence = false
  const lines: string[] = []
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence
      continue
    }
    // A command in a code block is shown as it is written (a pipeline may start with |, YAML with ---).
    if (inFence) lines.push(line)
    else if (TABLE_RULE.test(line)) continue
    else if (/^\s*\|/.test(line)) lines.push(tableCells(line))
    else lines.push(line.replace(/^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)/, ''))
  }
  return lines
    .join('\n')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
}

/** A table's row as its cells, a written `\|` as the bar it stands for. */
function tableCells(row: string): string {
  return row
    .trim()
    .replace(/^\||(?<!\\)\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'))
    .filter(Boolean)
    .join(' · ')
}

/**
 * Offline full-text search over every section of the book, in both editions. The index is built when first needed
 * (the first search, or `prepare` once main has a moment), never at start-up, where it would delay the first chapter.
 */
export class BookSearch {
  private index: MiniSearch<SectionDoc> | undefined

  constructor(private readonly chapters: Chapter[]) {}

  /** True once the index exists. */
  get ready(): boolean {
    return this.index !== undefined
  }

  /** Builds the index now, if no search has yet. */
  prepare(): MiniSearch<SectionDoc> {
    if (this.index) return this.index
    const index = new MiniSearch<SectionDoc>({
      fields: ['opening', 'section', 'text'],
      storeFields: ['chapterId', 'lang', 'chapterTitle', 'section', 'slug', 'text'],
      tokenize,
      processTerm: stem,
      searchOptions: { boost: { section: 2 }, combineWith: 'AND' },
    })
    index.addAll(this.chapters.flatMap(sections))
    return (this.index = index)
  }

  search(query: string, lang?: Lang, limit = 30): SearchHit[] {
    const q = query.trim()
    if (!q) return []
    const latinPrefix = (term: string): boolean => !isCjk(term) && term.length > 2
    const results = this.prepare().search(q, {
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
  const flat = plainMarkdown(text).replace(/\s+/g, ' ').trim()
  const lower = flat.toLowerCase()
  let at = lower.indexOf(query.toLowerCase())
  for (const t of terms) if (at === -1) at = lower.indexOf(t)
  const start = Math.max(0, at - 40)
  return (start > 0 ? '…' : '') + flat.slice(start, start + 120) + (start + 120 < flat.length ? '…' : '')
}
