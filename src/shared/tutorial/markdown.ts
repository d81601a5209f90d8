import MarkdownIt from 'markdown-it'

/**
 * The one markdown-it configuration, used by main to find code blocks, headings and links and to render the book
 * (`render-html.ts`), so both count fences and name anchors identically. Raw HTML is
 * off: the book is rendered, never trusted as markup.
 */
export function createMarkdown(): MarkdownIt {
  return new MarkdownIt({ html: false, linkify: false, typographer: false })
}

/** Heading anchors that keep Chinese: "2.3 利用 commit 理解镜像构成" → "23-利用-commit-理解镜像构成" (as GitHub does). */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

export type CodeKind = 'shell' | 'dockerfile' | 'other'

export function codeKind(info: string): CodeKind {
  const lang = info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  if (['bash', 'sh', 'shell', 'console', 'zsh', ''].includes(lang)) return 'shell'
  if (['dockerfile', 'docker'].includes(lang)) return 'dockerfile'
  return 'other'
}
