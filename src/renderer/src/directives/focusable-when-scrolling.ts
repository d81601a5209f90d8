import type { Directive } from 'vue'

const observers = new WeakMap<HTMLElement, ResizeObserver>()
const pending = new Set<HTMLElement>()

function update(el: HTMLElement): void {
  if (!el.isConnected) return
  if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0
  else el.removeAttribute('tabindex')
}

/**
 * Measures after the next frame, when the browser has laid the page out anyway: measuring at once, from a component's
 * hook, would make it lay out the page then and there, once per box (a chapter has dozens).
 */
function updateAfterFrame(el: HTMLElement): void {
  if (pending.size === 0)
    requestAnimationFrame(() =>
      setTimeout(() => {
        for (const e of pending) update(e)
        pending.clear()
      }),
    )
  pending.add(el)
}

/**
 * A box that scrolls sideways (a command with a word longer than its column) takes the keyboard's focus, so that it
 * can be scrolled without a mouse; one that fits is no tab stop.
 */
export const vFocusableWhenScrolling: Directive<HTMLElement> = {
  mounted(el) {
    // A ResizeObserver reports every box once it is first laid out, then whenever its size changes.
    const observer = new ResizeObserver(() => update(el))
    observer.observe(el)
    observers.set(el, observer)
  },
  // Its content changed (the size may not have): measured once the page has been laid out again.
  updated: updateAfterFrame,
  unmounted(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
    pending.delete(el)
  },
}
