import { onScopeDispose, watch } from 'vue'

/**
 * How every popup panel of the app closes (the popover, a table's actions menu): Escape, a press outside it, or the
 * focus moving out of it. The rules live here once, so no panel can forget a way to close or leave a listener behind.
 */

/** Why an open panel is asked to close. */
export type DismissReason = 'escape' | 'outside' | 'focus'

/** Where the listeners go: the page's document (a stand-in in unit tests). */
export type Listenable = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>

export interface DismissRules {
  /**
   * The elements that count as the panel (its button and what it opens): a press or the focus in any of them keeps it
   * open. One not drawn yet is left out.
   */
  inside: () => readonly (Node | null | undefined)[]
  /** Closes the panel. */
  close: (reason: DismissReason) => void
  /** Where Escape gives the focus back (the button that opened the panel), where that is still on the page. */
  returnFocus?: () => HTMLElement | null | undefined
}

function within(rules: DismissRules, node: Node): boolean {
  return rules.inside().some((el) => !!el && el.contains(node))
}

/**
 * Listens on `doc` for what closes an open panel, until the function it returns is called. Capturing, so a handler
 * inside the page that stops an event cannot keep a panel open.
 */
export function listenForDismissal(doc: Listenable, rules: DismissRules): () => void {
  const onKeydown = (e: Event): void => {
    if ((e as KeyboardEvent).key !== 'Escape') return
    // The Escape closed the panel and does nothing else (a dialog or shortcut behind it never sees it).
    e.preventDefault()
    e.stopPropagation()
    const back = rules.returnFocus?.()
    rules.close('escape')
    if (back?.isConnected) back.focus()
  }
  const onPointerDown = (e: Event): void => {
    if (!within(rules, e.target as Node)) rules.close('outside')
  }
  const onFocusOut = (e: Event): void => {
    const next = (e as FocusEvent).relatedTarget as Node | null
    // Focus going nowhere (the window losing it) leaves the panel open for when it comes back.
    if (next && within(rules, e.target as Node) && !within(rules, next)) rules.close('focus')
  }
  doc.addEventListener('keydown', onKeydown, true)
  doc.addEventListener('pointerdown', onPointerDown, true)
  doc.addEventListener('focusout', onFocusOut, true)
  return () => {
    doc.removeEventListener('keydown', onKeydown, true)
    doc.removeEventListener('pointerdown', onPointerDown, true)
    doc.removeEventListener('focusout', onFocusOut, true)
  }
}

export interface Dismissal<T> extends DismissRules {
  /**
   * What else closes this panel while it is open for `now` (a menu's button scrolled away): it starts listening and
   * returns how to stop, which is called as the panel closes or the component goes.
   */
  alsoWhileOpen?: (now: T) => () => void
}

/**
 * For a component's panel: listens while `openFor()` is set (a flag, or what the panel is open for; a new value starts
 * over), and stops when it is unset or the component is unmounted.
 */
export function useDismissal<T>(
  openFor: () => T | false | null | undefined,
  dismissal: Dismissal<T>,
  doc: Listenable = document,
): void {
  let stop: (() => void)[] = []
  function unlisten(): void {
    for (const undo of stop) undo()
    stop = []
  }
  watch(openFor, (now) => {
    unlisten()
    if (!now) return
    stop = [listenForDismissal(doc, dismissal)]
    if (dismissal.alsoWhileOpen) stop.push(dismissal.alsoWhileOpen(now))
  })
  // Directly as the component goes: a watcher queued then never runs, and a panel unmounted open would keep its
  // listeners (its Escape one swallowing every Escape after it).
  onScopeDispose(unlisten)
}
