import type { Chapter, CodeBlock, Lang } from '@shared/contract'
import { codeKind, createMarkdown, slugify } from '@shared/tutorial/markdown'
import { OUTDATED_NOTES } from '@shared/tutorial/notes'
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

/** Parses one chapter file into headings, code blocks with their steps, and the notes its prose needs. */
export function buildChapter(file: BookFile): { chapter: Chapter; links: BookLink[] } {
  const { meta, body } = splitFrontMatter(file.text)
  const tokens = md.parse(body, {})
  const headings: Chapter['headings'] = []
  const blocks: CodeBlock[] = []
  const links: BookLink[] = []
  const prose: string[] = []
  const fences = tokens.filter((t) => t.type === 'fence')
  const networkBuild = fences.some(
    (t) => codeKind(t.info) === 'dockerfile' && /^\s*FROM\s+(?!scratch\b)\S+/im.test(t.content),
  )
  let stepNumber = 1

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
        links.push({ url: href, label: children[k + 1]?.content ?? href, chapterId: meta.id })
      })
      // Bare URLs are also sources (chapter 3's resources, chapter 4's links).
      for (const url of t.content.match(/(?<!\]\()https?:\/\/[^\s)）]+/g) ?? []) {
        if (!links.some((l) => l.url === url)) links.push({ url, label: url, chapterId: meta.id })
      }
    }
    if (t.type === 'fence') {
      const index = blocks.length
      const kind = codeKind(t.info)
      const steps = kind === 'shell' ? extractSteps(t.content, meta.id, index, stepNumber, { networkBuild }) : []
      stepNumber += steps.length
      blocks.push({ index, lang: t.info.trim(), kind, code: t.content, steps })
    }
  })

  const proseText = prose.join('\n')
  return {
    chapter: {
      id: meta.id,
      title: meta.title,
      order: meta.order,
      lang: file.lang,
      headings,
      stepIds: blocks.flatMap((b) => b.steps.map((s) => s.id)),
      markdown: body,
      blocks,
      notes: OUTDATED_NOTES.filter((n) => n.match.test(proseText)).map((n) => n.id),
    },
    links,
  }
}

export interface Book {
  chapters: Record<Lang, Chapter[]>
  links: BookLink[]
}

export function buildBook(files: BookFile[]): Book {
  const chapters: Record<Lang, Chapter[]> = { 'zh-CN': [], en: [] }
  const links: BookLink[] = []
  for (const file of files) {
    const built = buildChapter(file)
    chapters[file.lang].push(built.chapter)
    if (file.lang === 'zh-CN') links.push(...built.links)
  }
  for (const list of Object.values(chapters)) list.sort((a, b) => a.order - b.order)
  return { chapters, links }
}
