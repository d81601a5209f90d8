import { isCjk, searchTerms, wordMatches } from '@shared/search-terms'

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
