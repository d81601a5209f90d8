import type { Lang } from '@shared/contract'
import type { BookFile } from './build-book'

/** The bundled book, compiled into the app: nothing is read from disk or the network at run time. */
const files = import.meta.glob('../../../../content/{zh-CN,en}/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const attribution = import.meta.glob('../../../../content/ATTRIBUTION.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

export function bundledBookFiles(): BookFile[] {
  return Object.entries(files).map(([path, text]) => {
    const lang = /content\/(zh-CN|en)\//.exec(path)?.[1] as Lang | undefined
    if (!lang) throw new Error(`book file outside a language folder: ${path}`)
    return { lang, path, text }
  })
}

export function bundledAttribution(): string {
  return Object.values(attribution)[0] ?? ''
}
