import anchor from 'markdown-it-anchor'
import { createMarkdown, slugify } from './markdown'

/**
 * The book as the page shows it, rendered once by main when it reads the book: the page then needs no markdown parser
 * to draw a chapter (nor the time to run one). Raw HTML stays off (`createMarkdown`): the book is rendered, never
 * trusted as markup.
 */
const md = createMarkdown()
md.use(anchor, { slugify, tabIndex: false })
// Each code block becomes a placeholder that the chapter view fills with a live component (steps, Run, Copy).
md.renderer.rules.fence = (_tokens, _idx, _options, env: { blocks?: number }) => {
  const index = env.blocks ?? 0
  env.blocks = index + 1
  return `<div class="wb-block" id="wb-block-${index}"></div>\n`
}
// Inline code wraps only between its words: `docker-ce` or `--shm-size=1g` is never cut inside (as CommandText).
md.renderer.rules.code_inline = (tokens, idx) => {
  const words = (tokens[idx]?.content ?? '')
    .split(/(\s+)/)
    .filter((p) => p !== '')
    .map((p) => (/^\s/.test(p) ? md.utils.escapeHtml(p) : `<span class="word">${md.utils.escapeHtml(p)}</span>`))
  return `<code>${words.join('')}</code>`
}
const defaultLink = md.renderer.rules.link_open
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // External links open in the OS browser (the main process enforces it), never in the app window.
  tokens[idx]?.attrSet('target', '_blank')
  tokens[idx]?.attrSet('rel', 'noopener noreferrer')
  return defaultLink ? defaultLink(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options)
}

/** A chapter's HTML; an addendum's code blocks are numbered on from `firstBlock`, after the chapter's own. */
export function renderChapterHtml(markdown: string, firstBlock = 0): string {
  return md.render(markdown, { blocks: firstBlock })
}

/** One line of the book's or the app's own text with its inline markdown (`code`, *emphasis*, links) rendered. */
export function renderInlineHtml(text: string): string {
  return md.renderInline(text, {})
}
