import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Toast {
  id: number
  kind: 'info' | 'success' | 'error'
  text: string
}

/** Short messages at the corner of the window (an operation finished, a copy done); each goes after a while. */
export const useToastsStore = defineStore('toasts', () => {
  const items = ref<Toast[]>([])
  let next = 0
  function push(text: string, kind: Toast['kind'] = 'info', ms = 6000): void {
    const id = ++next
    items.value = [...items.value.slice(-4), { id, kind, text }]
    setTimeout(() => dismiss(id), ms)
  }
  function dismiss(id: number): void {
    items.value = items.value.filter((t) => t.id !== id)
  }
  return { items, push, dismiss }
})
