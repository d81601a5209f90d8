import anchor from 'markdown-it-anchor'
import { isCjk, searchTerms, wordMatches } from '@shared/search-terms'
import { createMarkdown, slugify } from '@shared/tutorial/markdown'

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

/** The chapter's HTML; an addendum's code blocks are numbered on from `firstBlock`, after the chapter's own. */
export function renderChapter(markdown: string, firstBlock = 0): string {
  return md.render(markdown, { blocks: firstBlock })
}

/** One line of the book's or the app's own text with its inline markdown (`code`, *emphasis*, links) rendered. */
export function renderInline(text: string): string {
  return md.renderInline(text, {})
}

/** Removes the marks a previous search left, putting their text back as it was. */
function clearHits(root: HTMLElement): void {
  for (const mark of root.querySelectorAll('mark.wb-hit')) {
    const parent = mark.parentNode
    mark.replaceWith(...mark.childNodes)
    parent?.normalize()
  }
}

/**
 * Marks, in the given parts of the page, every word the search found: the query's Latin words by their stem (as the
 * search matched them: "mirrors" for "mirror", "images" for "image"), its Chinese runs as written. The app's own
 * components inside them (`skip`) are left alone. Returns the marks, in document order.
 */
export function highlightHits(roots: HTMLElement[], query: string, skip = '.wb-block'): HTMLElement[] {
  for (const root of roots) clearHits(root)
  const latin = searchTerms(query).filter((t) => !isCjk(t))
  const cjk = query.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []
  if (!query.trim()) return []
  const marks: HTMLElement[] = []
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    })
    const nodes: Text[] = []
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text)
    for (const node of nodes) {
      const text = node.data
      const ranges: Array<[number, number]> = []
      for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
        if (isCjk(m[0])) continue
        if (latin.some((t) => wordMatches(m[0], t))) ranges.push([m.index, m.index + m[0].length])
      }
      for (const run of cjk)
        for (let i = text.indexOf(run); i !== -1; i = text.indexOf(run, i + run.length))
          ranges.push([i, i + run.length])
      if (ranges.length === 0) continue
      ranges.sort((a, b) => a[0] - b[0])
      const frag = document.createDocumentFragment()
      let at = 0
      for (const [a, b] of ranges) {
        if (a < at) continue
        frag.append(text.slice(at, a))
        const mark = document.createElement('mark')
        mark.className = 'wb-hit'
        mark.textContent = text.slice(a, b)
        marks.push(mark)
        frag.append(mark)
        at = b
      }
      frag.append(text.slice(at))
      node.replaceWith(frag)
    }
  }
  return marks
}
