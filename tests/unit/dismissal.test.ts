import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import {
  listenForDismissal,
  useDismissal,
  type DismissReason,
  type DismissRules,
} from '../../src/renderer/src/components/ui/dismissal'

/**
 * A document as the page's is to these listeners: it holds them (a leaked one shows) and delivers events to those of
 * the event's type. Not Node's EventTarget: Node 20's does not remove a listener added with `useCapture` true.
 */
class Doc {
  held: { type: string; fn: EventListenerOrEventListenerObject; capture: boolean }[] = []
  addEventListener(type: string, fn: EventListenerOrEventListenerObject | null, capture?: boolean): void {
    if (fn && !this.find(type, fn, !!capture)) this.held.push({ type, fn, capture: !!capture })
  }
  removeEventListener(type: string, fn: EventListenerOrEventListenerObject | null, capture?: boolean): void {
    const had = fn && this.find(type, fn, !!capture)
    this.held = this.held.filter((h) => h !== had)
  }
  private find(type: string, fn: EventListenerOrEventListenerObject, capture: boolean) {
    return this.held.find((h) => h.type === type && h.fn === fn && h.capture === capture)
  }
  /** An event from `target`, with its own fields, as it reaches the document. */
  fire(type: string, target: unknown, fields: Record<string, unknown> = {}) {
    const e = {
      type,
      target,
      ...fields,
      defaultPrevented: false,
      stopped: false,
      preventDefault() {
        e.defaultPrevented = true
      },
      stopPropagation() {
        e.stopped = true
      },
    }
    for (const h of this.held.filter((h) => h.type === type)) {
      if (typeof h.fn === 'function') h.fn(e as unknown as Event)
      else h.fn.handleEvent(e as unknown as Event)
    }
    return e
  }
}

/** An element of a small tree: what `contains` and focusing need. */
interface El {
  name: string
  parent?: El
  isConnected: boolean
  contains(n: unknown): boolean
  focus(): void
}
function el(name: string, parent?: El, log: string[] = []): El {
  const self: El = {
    name,
    parent,
    isConnected: true,
    contains(n: unknown): boolean {
      for (let at = n as El | undefined; at; at = at.parent) if (at === self) return true
      return false
    },
    focus: () => log.push(`focus ${name}`),
  }
  return self
}

function setup(extra: Partial<DismissRules> = {}) {
  const doc = new Doc()
  const log: string[] = []
  const page = el('page')
  const button = el('button', page, log)
  const icon = el('icon', button)
  const panel = el('panel', page)
  const field = el('field', panel)
  const elsewhere = el('elsewhere', page)
  const rules: DismissRules = {
    inside: () => [panel, button] as unknown as Node[],
    close: (why: DismissReason) => log.push(`close ${why}`),
    returnFocus: () => button as unknown as HTMLElement,
    ...extra,
  }
  const stop = listenForDismissal(doc, rules)
  return { doc, log, stop, button, icon, panel, field, elsewhere }
}

describe('dismissal: what closes an open panel', () => {
  it('Escape closes it, is spent there, and gives the focus back to its button after closing', () => {
    const { doc, log, field } = setup()
    const other = doc.fire('keydown', field, { key: 'ArrowDown' })
    expect(log).toEqual([])
    expect(other.defaultPrevented).toBe(false)
    const esc = doc.fire('keydown', field, { key: 'Escape' })
    expect(log).toEqual(['close escape', 'focus button'])
    expect(esc.defaultPrevented).toBe(true)
    expect(esc.stopped).toBe(true)
  })

  it('Escape gives the focus back only to a button still on the page, and only where the panel has one', () => {
    const a = setup()
    a.button.isConnected = false
    a.doc.fire('keydown', a.field, { key: 'Escape' })
    expect(a.log).toEqual(['close escape'])
    const b = setup({ returnFocus: undefined })
    b.doc.fire('keydown', b.field, { key: 'Escape' })
    expect(b.log).toEqual(['close escape'])
  })

  it('a press inside any of its elements (the panel, its button, what they hold) keeps it; one outside closes it', () => {
    const { doc, log, button, icon, panel, field, elsewhere } = setup()
    for (const target of [button, icon, panel, field]) doc.fire('pointerdown', target)
    expect(log).toEqual([])
    doc.fire('pointerdown', elsewhere)
    expect(log).toEqual(['close outside'])
  })

  it('an element not drawn yet is no part of it, and no error', () => {
    const { doc, log, field } = setup({ inside: () => [undefined, null] })
    doc.fire('pointerdown', field)
    expect(log).toEqual(['close outside'])
  })

  it('the focus leaving it closes it; moving inside it, going nowhere, or moving elsewhere outside does not', () => {
    const { doc, log, button, field, elsewhere } = setup()
    doc.fire('focusout', field, { relatedTarget: button })
    doc.fire('focusout', button, { relatedTarget: field })
    doc.fire('focusout', field, { relatedTarget: null })
    doc.fire('focusout', elsewhere, { relatedTarget: el('another') })
    expect(log).toEqual([])
    doc.fire('focusout', button, { relatedTarget: elsewhere })
    expect(log).toEqual(['close focus'])
  })

  it('stopping removes every listener it added: nothing closes it after', () => {
    const { doc, log, stop, field, elsewhere } = setup()
    expect(doc.held.map((h) => [h.type, h.capture]).sort()).toEqual([
      ['focusout', true],
      ['keydown', true],
      ['pointerdown', true],
    ])
    stop()
    expect(doc.held).toEqual([])
    doc.fire('keydown', field, { key: 'Escape' })
    doc.fire('pointerdown', elsewhere)
    doc.fire('focusout', field, { relatedTarget: elsewhere })
    expect(log).toEqual([])
  })
})

describe('useDismissal: a component’s panel listens only while open', () => {
  function mount() {
    const doc = new Doc()
    const open = ref<{ for: string } | undefined>()
    const log: string[] = []
    const scope = effectScope()
    scope.run(() =>
      useDismissal(
        () => open.value,
        {
          inside: () => [],
          close: (why) => {
            log.push(`close ${why}`)
            open.value = undefined
          },
          alsoWhileOpen: (now) => {
            log.push(`watch ${now.for}`)
            return () => log.push(`unwatch ${now.for}`)
          },
        },
        doc,
      ),
    )
    return { doc, open, log, scope }
  }

  it('listens from opening to closing, and starts over when opened for something else', async () => {
    const { doc, open, log, scope } = mount()
    await nextTick()
    expect(doc.held).toEqual([])
    open.value = { for: 'a' }
    await nextTick()
    expect(doc.held).toHaveLength(3)
    expect(log).toEqual(['watch a'])
    open.value = { for: 'b' }
    await nextTick()
    expect(doc.held).toHaveLength(3)
    expect(log).toEqual(['watch a', 'unwatch a', 'watch b'])
    // A press anywhere (nothing is inside) closes it, and closing stops every listener.
    doc.fire('pointerdown', el('page'))
    await nextTick()
    expect(log).toEqual(['watch a', 'unwatch a', 'watch b', 'close outside', 'unwatch b'])
    expect(doc.held).toEqual([])
    scope.stop()
  })

  it('a panel unmounted open leaves no listener, at once (no watcher runs after its component goes)', async () => {
    const { doc, open, log, scope } = mount()
    open.value = { for: 'a' }
    await nextTick()
    expect(doc.held).toHaveLength(3)
    scope.stop()
    expect(doc.held).toEqual([])
    expect(log).toEqual(['watch a', 'unwatch a'])
    // Its Escape no longer reaches it: the next one is the page's.
    const esc = doc.fire('keydown', el('page'), { key: 'Escape' })
    expect(esc.defaultPrevented).toBe(false)
    expect(log).toEqual(['watch a', 'unwatch a'])
  })
})
