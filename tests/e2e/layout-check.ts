import type { Page } from '@playwright/test'

/** One thing wrong with the page's layout, as a reviewer would point at it. */
export interface LayoutProblem {
  kind: 'clipped' | 'overlap' | 'broken-word' | 'count-wrapped'
  what: string
}

/**
 * Reads the page as laid out and lists what a learner would trip on:
 * - clipped: text, or a control, cut off by a box that hides its overflow (a scrolling box is fine: its content can be
 *   scrolled to); text a table cell shortens on purpose, with the whole of it in its tooltip, is marked `data-truncates`;
 * - overlap: two pieces of text, or two controls, drawn over each other;
 * - broken-word: a word of a command split over two lines (`do / cker-ce`, `/bin/ / bash`);
 * - count-wrapped: a chapter's step count not on its title's first line.
 * The terminal's own cells and whatever is hidden are left out, and so is what lies under a layer drawn over the page
 * by design (`data-overlay`: the chapter list over the chapter in a narrow window), which hides it and overlaps nothing.
 */
export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    const problems: Array<{ kind: 'clipped' | 'overlap' | 'broken-word' | 'count-wrapped'; what: string }> = []
    const SKIP =
      '.xterm, [aria-hidden="true"], svg, script, style, option, datalist, template, details:not([open]) > :not(summary)'
    const label = (el: Element): string => {
      const id = el.getAttribute('data-testid') ?? el.id
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `${el.tagName.toLowerCase()}${id ? `#${id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${text}"`
    }
    // Visually hidden text (a screen reader's label, 1×1 px) is not on screen: it cannot be clipped or overlap.
    const visible = (el: Element): boolean => {
      const s = getComputedStyle(el)
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false
      const r = el.getBoundingClientRect()
      return r.width > 1 && r.height > 1
    }
    /** What of the element's box can be seen at all: the window, and every box around it that clips or scrolls. */
    const viewOf = (el: Element): DOMRect => {
      let v = new DOMRect(0, 0, window.innerWidth, window.innerHeight)
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p)
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue
        const r = p.getBoundingClientRect()
        const left = Math.max(v.left, r.left)
        const top = Math.max(v.top, r.top)
        v = new DOMRect(
          left,
          top,
          Math.max(0, Math.min(v.right, r.right) - left),
          Math.max(0, Math.min(v.bottom, r.bottom) - top),
        )
      }
      return v
    }
    const cut = (r: DOMRect, v: DOMRect): DOMRect | undefined => {
      const left = Math.max(r.left, v.left)
      const top = Math.max(r.top, v.top)
      const w = Math.min(r.right, v.right) - left
      const h = Math.min(r.bottom, v.bottom) - top
      return w > 1 && h > 1 ? new DOMRect(left, top, w, h) : undefined
    }
    /** The boxes that hide what overflows them (not those that scroll it), from the element up. */
    const clippers = (el: Element): Element[] => {
      const out: Element[] = []
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p)
        if (/hidden|clip/.test(s.overflowX) || /hidden|clip/.test(s.overflowY)) out.push(p)
        if (/auto|scroll/.test(s.overflowX) || /auto|scroll/.test(s.overflowY)) break
      }
      return out
    }
    const inside = (r: DOMRect, box: DOMRect, slack = 1): boolean =>
      r.left >= box.left - slack &&
      r.right <= box.right + slack &&
      r.top >= box.top - slack &&
      r.bottom <= box.bottom + slack
    const intersect = (a: DOMRect, b: DOMRect): number =>
      Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
      Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top))

    // Text, piece by piece (each line of each text node), with the part of it that can be seen.
    const texts: Array<{ node: Text; rect: DOMRect; seen: DOMRect }> = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const node = n as Text
      const el = node.parentElement
      if (!el || !node.data.trim() || el.closest(SKIP) || !visible(el)) continue
      const view = viewOf(el)
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of range.getClientRects()) {
        const seen = cut(rect, view)
        if (seen) texts.push({ node, rect, seen })
      }
    }
    for (const { node, rect } of texts) {
      const el = node.parentElement as Element
      if (el.closest('[data-truncates]')) continue
      for (const box of clippers(el)) {
        if (!inside(rect, box.getBoundingClientRect())) {
          problems.push({ kind: 'clipped', what: `${label(el)} cut by ${label(box)}` })
          break
        }
      }
    }
    // Text shortened in its own box (an ellipsis, or hidden overflow).
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest(SKIP) || el.closest('[data-truncates]') || !visible(el)) continue
      const hasText = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? '').trim())
      if (!hasText) continue
      const s = getComputedStyle(el)
      if ((/hidden|clip/.test(s.overflowX) || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1)
        problems.push({ kind: 'clipped', what: `${label(el)} shortened (${el.scrollWidth} > ${el.clientWidth})` })
    }
    // Controls cut off (a field or a button half out of its toolbar).
    const controls = [...document.querySelectorAll('button, input, select, textarea, a[href], [role="tab"]')].filter(
      (el) =>
        !el.closest(SKIP) &&
        visible(el) &&
        !(el instanceof HTMLInputElement && el.type === 'file') &&
        cut(el.getBoundingClientRect(), viewOf(el)) !== undefined,
    )
    for (const el of controls) {
      const r = el.getBoundingClientRect()
      for (const box of clippers(el)) {
        if (!inside(r, box.getBoundingClientRect())) {
          problems.push({ kind: 'clipped', what: `${label(el)} cut by ${label(box)}` })
          break
        }
      }
    }
    // Controls out of the cell or bar that holds them (three buttons in a column made for two).
    for (const el of controls) {
      const parent = el.parentElement
      if (!parent || getComputedStyle(parent).display.startsWith('inline') || parent.closest(SKIP)) continue
      if (!inside(el.getBoundingClientRect(), parent.getBoundingClientRect()))
        problems.push({ kind: 'clipped', what: `${label(el)} out of ${label(parent)}` })
    }
    /**
     * Where the two meet, a layer drawn over the page on purpose (`data-overlay`) is what is seen, and only one of them
     * is in it: the other is hidden under it, not overlapped. Read at the middle of where they meet, so a layer drawn
     * somewhere else hides nothing.
     */
    const layered = (a: Element, ra: DOMRect, b: Element, rb: DOMRect): boolean => {
      const layer = a.closest('[data-overlay]') ?? b.closest('[data-overlay]')
      if (!layer || a.closest('[data-overlay]') === b.closest('[data-overlay]')) return false
      const x = (Math.max(ra.left, rb.left) + Math.min(ra.right, rb.right)) / 2
      const y = (Math.max(ra.top, rb.top) + Math.min(ra.bottom, rb.bottom)) / 2
      return document.elementFromPoint(x, y)?.closest('[data-overlay]') === layer
    }
    // Text over text, and controls over controls.
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]
        const b = texts[j]
        if (!a || !b || a.node === b.node) continue
        if (intersect(a.seen, b.seen) <= 4) continue
        if (layered(a.node.parentElement as Element, a.seen, b.node.parentElement as Element, b.seen)) continue
        problems.push({
          kind: 'overlap',
          what: `${label(a.node.parentElement as Element)} over ${label(b.node.parentElement as Element)}`,
        })
      }
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i] as Element
        const b = controls[j] as Element
        if (a.contains(b) || b.contains(a)) continue
        const ra = cut(a.getBoundingClientRect(), viewOf(a))
        const rb = cut(b.getBoundingClientRect(), viewOf(b))
        if (ra && rb && intersect(ra, rb) > 4 && !layered(a, ra, b, rb))
          problems.push({ kind: 'overlap', what: `${label(a)} over ${label(b)}` })
      }
    }
    // Words of commands split over lines.
    for (const code of document.querySelectorAll('pre, code')) {
      if (code.closest(SKIP) || !visible(code) || code.parentElement?.closest('pre, code')) continue
      const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT)
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const node = n as Text
        for (const m of node.data.matchAll(/\S+/g)) {
          const range = document.createRange()
          range.setStart(node, m.index ?? 0)
          range.setEnd(node, (m.index ?? 0) + m[0].length)
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
          if (tops.size > 1) problems.push({ kind: 'broken-word', what: `"${m[0]}" in ${label(code)}` })
        }
      }
    }
    // Each chapter's count on its title's first line.
    for (const count of document.querySelectorAll('[data-testid^="chapter-count-"]')) {
      const link = count.parentElement?.querySelector('a')
      if (!link || !visible(count)) continue
      const first = link.getClientRects()[0]
      const c = count.getBoundingClientRect()
      if (first && (c.top >= first.bottom || c.bottom <= first.top))
        problems.push({ kind: 'count-wrapped', what: label(count.parentElement as Element) })
    }
    return problems
  })
}
