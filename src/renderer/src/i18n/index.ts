import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']

/** zh-* → Chinese, anything else → English; a saved choice wins over the OS. */
export function pickLocale(saved: string | null, languages: readonly string[]): Locale {
  if (saved === 'zh-CN' || saved === 'en') return saved
  for (const lang of languages) {
    if (lang.toLowerCase().startsWith('zh')) return 'zh-CN'
    if (lang.toLowerCase().startsWith('en')) return 'en'
  }
  return 'en'
}

export const LOCALE_KEY = 'whalebook.locale'

export const i18n = createI18n({
  legacy: false,
  locale: pickLocale(localStorage.getItem(LOCALE_KEY), navigator.languages),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})

/** The interface's language as one of the app's two (what the book, failures and reports are told in). */
export const uiLang = computed<Locale>(() => (i18n.global.locale.value === 'en' ? 'en' : 'zh-CN'))
