import type { Directive } from 'vue'

const observers = new WeakMap<HTMLElement, ResizeObserver>()

function update(el: HTMLElement): void {
  if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0
  else el.removeAttribute('tabindex')
}

/**
 * A box that scrolls sideways (a command with a word longer than its column) takes the keyboard's focus, so that it
 * can be scrolled without a mouse; one that fits is no tab stop.
 */
export const vFocusableWhenScrolling: Directive<HTMLElement> = {
  mounted(el) {
    const observer = new ResizeObserver(() => update(el))
    observer.observe(el)
    observers.set(el, observer)
    update(el)
  },
  updated: update,
  unmounted(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}
