import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

const KEY = 'whalebook.settings'

interface Settings {
  scrollback: number
  fontSize: number
}

const DEFAULTS: Settings = { scrollback: 5000, fontSize: 13 }

function load(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>
    return {
      scrollback: clamp(saved.scrollback, 100, 100_000, DEFAULTS.scrollback),
      fontSize: clamp(saved.fontSize, 8, 32, DEFAULTS.fontSize),
    }
  } catch {
    return DEFAULTS
  }
}

function clamp(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback
}

/** UI preferences kept in the renderer (they concern only how things look). */
export const useSettingsStore = defineStore('settings', () => {
  const initial = load()
  const scrollback = ref(initial.scrollback)
  const fontSize = ref(initial.fontSize)
  watch([scrollback, fontSize], () => {
    scrollback.value = clamp(scrollback.value, 100, 100_000, DEFAULTS.scrollback)
    localStorage.setItem(KEY, JSON.stringify({ scrollback: scrollback.value, fontSize: fontSize.value }))
  })
  return { scrollback, fontSize }
})
