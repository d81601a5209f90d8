import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * Whether a box that scrolls sideways has more to show to its left and to its right: a table wider than its column
 * says so at its edges, where its scroll bar alone (at the foot of a long list) went unnoticed. Read from two
 * markers at the content's ends (`start`, `end`: 1 px, kept in view vertically, e.g. in a sticky header) by an
 * IntersectionObserver, so that scrolling runs no script of ours.
 */
export function useSideOverflow(
  box: Ref<HTMLElement | null>,
  start: Ref<HTMLElement | null>,
  end: Ref<HTMLElement | null>,
): {
  left: Ref<boolean>
  right: Ref<boolean>
  /** The box's own scroll bars' widths (vertical, horizontal), which the edges leave alone. */
  bars: Ref<{ vertical: number; horizontal: number }>
} {
  const left = ref(false)
  const right = ref(false)
  const bars = ref({ vertical: 0, horizontal: 0 })
  let observer: IntersectionObserver | undefined
  let resized: ResizeObserver | undefined
  watch(
    [box, start, end],
    ([root, first, last]) => {
      observer?.disconnect()
      resized?.disconnect()
      if (!root || !first || !last) return
      const readBars = (): void => {
        const vertical = root.offsetWidth - root.clientWidth
        const horizontal = root.offsetHeight - root.clientHeight
        if (vertical !== bars.value.vertical || horizontal !== bars.value.horizontal)
          bars.value = { vertical, horizontal }
      }
      observer = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            // Wholly in view, or that end of the content is out of sight.
            const more = e.intersectionRatio < 1
            if (e.target === first) left.value = more
            else right.value = more
          }
          readBars()
        },
        // A pixel's slack at either side: fractional widths (zoom, em) leave a marker a fraction out at the very end.
        { root, threshold: 1, rootMargin: '0px 1px' },
      )
      observer.observe(first)
      observer.observe(last)
      // A scroll bar that comes or goes (rows added, the panel resized) changes the box's content size, and where the
      // edges are drawn.
      resized = new ResizeObserver(readBars)
      resized.observe(root)
    },
    { immediate: true, flush: 'post' },
  )
  onBeforeUnmount(() => {
    observer?.disconnect()
    resized?.disconnect()
  })
  return { left, right, bars }
}
