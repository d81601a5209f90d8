import { onBeforeUnmount } from 'vue'

/** The class <html> carries from the moment a splitter is pressed until it is released (styles/splitpanes.css). */
const SPLITTER_DRAG_CLASS = 'splitter-dragging'

/**
 * Marks the whole page as in a splitter's drag, so that no text anywhere is selected and nothing under the pointer
 * reacts while it passes. splitpanes says so with a class on the dragged container alone, and its stylesheet reaches
 * the rest of the page with `:has()`, which costs Chromium a restyle of every ancestor at each node added anywhere.
 * The class is set as the splitter is pressed, before the press can start a selection; splitpanes marks its drag only
 * at the first move.
 */
export function useSplitterDrag(): void {
  const root = document.documentElement
  const end = (): void => root.classList.remove(SPLITTER_DRAG_CLASS)
  const start = (e: Event): void => {
    if (e.target instanceof Element && e.target.closest('.splitpanes__splitter'))
      root.classList.add(SPLITTER_DRAG_CLASS)
  }
  const starts = ['mousedown', 'touchstart'] as const
  const ends = ['mouseup', 'touchend', 'touchcancel'] as const
  for (const type of starts) window.addEventListener(type, start, { capture: true, passive: true })
  for (const type of ends) window.addEventListener(type, end, { capture: true, passive: true })
  // Not captured: the press itself moves the focus, and an element's blur reaches the window's capturing listeners.
  window.addEventListener('blur', end)
  onBeforeUnmount(() => {
    for (const type of starts) window.removeEventListener(type, start, { capture: true })
    for (const type of ends) window.removeEventListener(type, end, { capture: true })
    window.removeEventListener('blur', end)
    end()
  })
}
