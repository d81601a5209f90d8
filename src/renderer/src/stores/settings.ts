import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RendererSetting } from '../terminal/renderer-choice'

const KEY = 'whalebook.settings'

interface Settings {
  scrollback: number
  fontSize: number
  terminalRenderer: RendererSetting
}

const DEFAULTS: Settings = { scrollback: 5000, fontSize: 13, terminalRenderer: 'auto' }
const RENDERERS: readonly RendererSetting[] = ['auto', 'webgl', 'dom']

function load(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>
    return {
      scrollback: clamp(saved.scrollback, 100, 100_000, DEFAULTS.scrollback),
      fontSize: clamp(saved.fontSize, 8, 32, DEFAULTS.fontSize),
      terminalRenderer: RENDERERS.find((r) => r === saved.terminalRenderer) ?? DEFAULTS.terminalRenderer,
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
  const terminalRenderer = ref<RendererSetting>(initial.terminalRenderer)
  watch([scrollback, fontSize, terminalRenderer], () => {
    scrollback.value = clamp(scrollback.value, 100, 100_000, DEFAULTS.scrollback)
    localStorage.setItem(
      KEY,
      JSON.stringify({
        scrollback: scrollback.value,
        fontSize: fontSize.value,
        terminalRenderer: terminalRenderer.value,
      }),
    )
  })
  return { scrollback, fontSize, terminalRenderer }
})
