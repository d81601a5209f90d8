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
  // A link followed or history walked; the app's own `go` has moved already.
  window.addEventListener('hashchange', () => {
    const next = parseHash(window.location.hash)
    if (JSON.stringify(next) !== JSON.stringify(route.value)) route.value = next
  })
  /**
   * Moves at once, not when the browser gets round to telling (`hashchange` is a task of its own, behind whatever the
   * page has queued); going where it already is moves again, so that its place is shown again.
   */
  function go(href: string): void {
    route.value = parseHash(href)
    if (window.location.hash !== href) window.location.hash = href
  }
  return { route, go }
})
