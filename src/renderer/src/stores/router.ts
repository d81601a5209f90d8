import { defineStore } from 'pinia'
import { ref } from 'vue'
import { decodeComponentSafely } from '@shared/uri'

export type Route =
  { name: 'home' } | { name: 'chapter'; id: string; slug?: string; highlight?: string } | { name: 'about' }

/** `#/chapter/2.3/<slug>?q=…`, `#/about`: a hash router is all a one-window app needs. */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?')
  // A hand-typed or broken link (`%E0%A4%A`) is read as written rather than stopping the app.
  const parts = path.split('/').filter(Boolean).map(decodeComponentSafely)
  const q = new URLSearchParams(query).get('q') ?? undefined
  if (parts[0] === 'chapter' && parts[1]) {
    return { name: 'chapter', id: parts[1], ...(parts[2] ? { slug: parts[2] } : {}), ...(q ? { highlight: q } : {}) }
  }
  if (parts[0] === 'about') return { name: 'about' }
  return { name: 'home' }
}

export function chapterHref(id: string, slug?: string, highlight?: string): string {
  const base = `#/chapter/${encodeURIComponent(id)}${slug ? `/${encodeURIComponent(slug)}` : ''}`
  return highlight ? `${base}?q=${encodeURIComponent(highlight)}` : base
}

export const useRouterStore = defineStore('router', () => {
  const route = ref<Route>(parseHash(window.location.hash))
  window.addEventListener('hashchange', () => (route.value = parseHash(window.location.hash)))
  function go(href: string): void {
    if (window.location.hash === href) route.value = parseHash(href)
    else window.location.hash = href
  }
  return { route, go }
})
