import type { Chapter, CodeBlock, Lang } from '@shared/contract'
import { codeKind, createMarkdown, slugify } from '@shared/tutorial/markdown'
import { OUTDATED_NOTES } from '@shared/tutorial/notes'
import { renderChapterHtml, renderInlineHtml } from '@shared/tutorial/render-html'
import { namedContainers } from '@shared/tutorial/step-inputs'
import { extractSteps } from './extract-steps'
import { splitFrontMatter } from './front-matter'

export interface BookFile {
  lang: Lang
  path: string
  text: string
}

export interface BookLink {
  url: string
  label: string
  chapterId: string
}

const md = createMarkdown()

interface Parsed {
  headings: Chapter['headings']
  blocks: CodeBlock[]
  links: BookLink[]
  prose: string
}

/**
 * Headings, code blocks with their steps, links and prose of one markdown body. Blocks and steps are numbered on from
 * `firstBlock` and `firstStep`, so that an addendum's continue the chapter's.
 */
/** What the whole book tells each chapter's steps: the container names its steps create, and its language. */
interface BookContext {
  known: ReadonlySet<string>
  lang: 'zh-CN' | 'en'
}

function parseBody(body: string, chapterId: string, firstBlock: number, firstStep: number, book: BookContext): Parsed {
  const tokens = md.parse(body, {})
  const headings: Chapter['headings'] = []
  const blocks: CodeBlock[] = []
  const links: BookLink[] = []
  const prose: string[] = []
  const fences = tokens.filter((t) => t.type === 'fence')
  const networkBuild = fences.some(
    (t) => codeKind(t.info) === 'dockerfile' && /^\s*FROM\s+(?!scratch\b)\S+/im.test(t.content),
  )
  let stepNumber = firstStep

  tokens.forEach((t, i) => {
    if (t.type === 'heading_open') {
      const text = tokens[i + 1]?.content ?? ''
      headings.push({ level: Number(t.tag.slice(1)), text, slug: slugify(text) })
    }
    if (t.type === 'inline') {
      prose.push(t.content)
      const children = t.children ?? []
      children.forEach((c, k) => {
        if (c.type !== 'link_open') return
        const href = c.attrGet('href') ?? ''
        if (!/^https?:/.test(href)) return
        links.push({ url: href, label: children[k + 1]?.content ?? href, chapterId })
      })
      // Bare URLs are also sources (chapter 3's resources, chapter 4's links).
      for (const url of t.content.match(/(?<!\]\()https?:\/\/[^\s)）]+/g) ?? []) {
        if (!links.some((l) => l.url === url)) links.push({ url, label: url, chapterId })
      }
    }
    if (t.type === 'fence') {
      const index = firstBlock + blocks.length
      const [lang = '', ...attributes] = t.info.trim().split(/\s+/)
      const kind = codeKind(lang)
      let steps =
        kind === 'shell' ? extractSteps(t.content, chapterId, index, stepNumber, { networkBuild, ...book }) : []
      // ```bash gui: a graphical program, run with the display helper's flags.
      if (attributes.includes('gui')) steps = steps.map((s) => ({ ...s, gui: true }))
      stepNumber += steps.length
      blocks.push({ index, lang, kind, code: t.content, steps })
    }
  })
  return { headings, blocks, links, prose: prose.join('\n') }
}

/** Parses one chapter file into headings, code blocks with their steps, and the notes its prose needs. */
export function buildChapter(
  file: BookFile,
  addendum?: BookFile,
  known: ReadonlySet<string> = new Set(),
  /** Render the page's HTML: not in a pass that only reads the steps. */
  render = true,
): { chapter: Chapter; links: BookLink[] } {
  const { meta, body } = splitFrontMatter(file.text)
  const context: BookContext = { known, lang: file.lang }
  const book = parseBody(body, meta.id, 0, 1, context)
  let extra: Parsed | undefined
  let addendumBody: string | undefined
  if (addendum) {
    const added = splitFrontMatter(addendum.text)
    if (added.meta.id !== meta.id) throw new Error(`addendum ${addendum.path} is for chapter ${added.meta.id}`)
    addendumBody = added.body
    const steps = book.blocks.reduce((n, b) => n + b.steps.length, 0)
    extra = parseBody(added.body, meta.id, book.blocks.length, steps + 1, context)
  }
  const blocks = [...book.blocks, ...(extra?.blocks ?? [])]
  const steps = blocks.flatMap((b) => b.steps)
  // The notes on outdated commands are about the book's text; the addendum is current by design.
  const notes = OUTDATED_NOTES.filter((n) => n.match.test(book.prose)).map((n) => n.id)
  const shownNotes = OUTDATED_NOTES.filter((n) => notes.includes(n.id) || steps.some((s) => s.notes.includes(n.id)))
  return {
    chapter: {
      id: meta.id,
      title: meta.title,
      order: meta.order,
      lang: file.lang,
      headings: [...book.headings, ...(extra?.headings ?? []).map((h) => ({ ...h, addendum: true }))],
      stepIds: blocks.flatMap((b) => b.steps.map((s) => s.id)),
      markdown: body,
      html: render ? renderChapterHtml(body) : '',
      blocks,
      captionHtml: Object.fromEntries(
        steps.flatMap((s) => (s.caption === null || !render ? [] : [[s.id, renderInlineHtml(s.caption)]])),
      ),
      notes,
      noteHtml: Object.fromEntries(
        render ? shownNotes.map((n) => [n.id, renderInlineHtml(file.lang === 'en' ? n.en : n.zh)]) : [],
      ),
      noteModern: Object.fromEntries(shownNotes.flatMap((n) => (n.modern ? [[n.id, n.modern]] : []))),
      addendum:
        addendumBody === undefined
          ? null
          : {
              markdown: addendumBody,
              html: render ? renderChapterHtml(addendumBody, book.blocks.length) : '',
              firstBlock: book.blocks.length,
            },
    },
    // The About page lists the book's sources; the addendum's links are Whalebook's.
    links: book.links,
  }
}

export interface Book {
  chapters: Record<Lang, Chapter[]>
  links: BookLink[]
}

export function buildBook(files: BookFile[], addenda: BookFile[] = []): Book {
  const chapters: Record<Lang, Chapter[]> = { 'zh-CN': [], en: [] }
  const links: BookLink[] = []
  const addendumOf = new Map(addenda.map((a) => [`${a.lang}:${splitFrontMatter(a.text).meta.id}`, a]))
  // A container a step names is the learner's when some step of the book (any chapter, its addendum) creates it:
  // the steps are read once to know those names, then again with them.
  const known = new Map<Lang, Set<string>>()
  for (const file of files) {
    const addendum = addendumOf.get(`${file.lang}:${splitFrontMatter(file.text).meta.id}`)
    const { chapter } = buildChapter(file, addendum, undefined, false)
    const lines = chapter.blocks.flatMap((b) => b.steps.map((s) => s.lint[0]?.fixed ?? s.command))
    known.set(file.lang, new Set([...(known.get(file.lang) ?? []), ...namedContainers(lines)]))
  }
  for (const file of files) {
    const key = `${file.lang}:${splitFrontMatter(file.text).meta.id}`
    const built = buildChapter(file, addendumOf.get(key), known.get(file.lang))
    addendumOf.delete(key)
    chapters[file.lang].push(built.chapter)
    if (file.lang === 'zh-CN') links.push(...built.links)
  }
  const orphan = [...addendumOf.values()][0]
  if (orphan) throw new Error(`addendum ${orphan.path} has no chapter to follow`)
  for (const list of Object.values(chapters)) list.sort((a, b) => a.order - b.order)
  return { chapters, links }
}
