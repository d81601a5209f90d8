import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RendererSetting } from '../terminal/renderer-choice'

const KEY = 'whalebook.settings'

export type ThemeSetting = 'system' | 'light' | 'dark'

/** The workspace's split sizes, in percent: the book's column, the lab column, and the terminal within the lab. */
export interface LayoutSizes {
  nav: number
  lab: number
  terminal: number
}

interface Settings {
  scrollback: number
  fontSize: number
  terminalRenderer: RendererSetting
  theme: ThemeSetting
  /** Long code lines wrap instead of scrolling sideways. */
  wrapCode: boolean
  layout: LayoutSizes
  navCollapsed: boolean
  labCollapsed: boolean
}

const DEFAULT_LAYOUT: LayoutSizes = { nav: 18, lab: 40, terminal: 55 }
const DEFAULTS: Settings = {
  scrollback: 5000,
  fontSize: 13,
  terminalRenderer: 'auto',
  theme: 'system',
  wrapCode: false,
  layout: DEFAULT_LAYOUT,
  navCollapsed: false,
  labCollapsed: false,
}
const RENDERERS: readonly RendererSetting[] = ['auto', 'webgl', 'dom']
const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark']

function load(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>
    const layout = (saved.layout ?? {}) as Partial<LayoutSizes>
    return {
      scrollback: clamp(saved.scrollback, 100, 100_000, DEFAULTS.scrollback),
      fontSize: clamp(saved.fontSize, 8, 32, DEFAULTS.fontSize),
      terminalRenderer: RENDERERS.find((r) => r === saved.terminalRenderer) ?? DEFAULTS.terminalRenderer,
      theme: THEMES.find((t) => t === saved.theme) ?? DEFAULTS.theme,
      wrapCode: saved.wrapCode === true,
      layout: {
        nav: clamp(layout.nav, 8, 40, DEFAULT_LAYOUT.nav),
        lab: clamp(layout.lab, 15, 70, DEFAULT_LAYOUT.lab),
        terminal: clamp(layout.terminal, 10, 90, DEFAULT_LAYOUT.terminal),
      },
      navCollapsed: saved.navCollapsed === true,
      labCollapsed: saved.labCollapsed === true,
    }
  } catch {
    return DEFAULTS
  }
}

function clamp(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback
}

/** UI preferences kept in the renderer (they concern only how things look), remembered in localStorage. */
export const useSettingsStore = defineStore('settings', () => {
  const initial = load()
  const scrollback = ref(initial.scrollback)
  const fontSize = ref(initial.fontSize)
  const terminalRenderer = ref<RendererSetting>(initial.terminalRenderer)
  const theme = ref<ThemeSetting>(initial.theme)
  const wrapCode = ref(initial.wrapCode)
  const layout = ref<LayoutSizes>(initial.layout)
  const navCollapsed = ref(initial.navCollapsed)
  const labCollapsed = ref(initial.labCollapsed)
  watch(
    [scrollback, fontSize, terminalRenderer, theme, wrapCode, layout, navCollapsed, labCollapsed],
    () => {
      scrollback.value = clamp(scrollback.value, 100, 100_000, DEFAULTS.scrollback)
      localStorage.setItem(
        KEY,
        JSON.stringify({
          scrollback: scrollback.value,
          fontSize: fontSize.value,
          terminalRenderer: terminalRenderer.value,
          theme: theme.value,
          wrapCode: wrapCode.value,
          layout: layout.value,
          navCollapsed: navCollapsed.value,
          labCollapsed: labCollapsed.value,
        }),
      )
    },
    { deep: true },
  )
  return { scrollback, fontSize, terminalRenderer, theme, wrapCode, layout, navCollapsed, labCollapsed }
})
