import type { Lang } from '@shared/contract'
import { buildBook, type Book, type BookFile } from './build-book'

/** The bundled book, compiled into the app: nothing is read from disk or the network at run time. */
const files = import.meta.glob('../../../../content/{zh-CN,en}/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
/** Whalebook's own addenda to chapters (content/addenda/<lang>/), kept apart from the book so the book stays byte-exact. */
const addenda = import.meta.glob('../../../../content/addenda/{zh-CN,en}/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>
const attribution = import.meta.glob('../../../../content/ATTRIBUTION.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

function withLang(all: Record<string, string>): BookFile[] {
  return Object.entries(all).map(([path, text]) => {
    const lang = /content\/(?:addenda\/)?(zh-CN|en)\//.exec(path)?.[1] as Lang | undefined
    if (!lang) throw new Error(`book file outside a language folder: ${path}`)
    return { lang, path, text }
  })
}

export function bundledBookFiles(): BookFile[] {
  return withLang(files)
}

export function bundledAddendumFiles(): BookFile[] {
  return withLang(addenda)
}

export function bundledAttribution(): string {
  return Object.values(attribution)[0] ?? ''
}

/** The bundled book with Whalebook's addenda after their chapters. */
export function bundledBook(): Book {
  return buildBook(bundledBookFiles(), bundledAddendumFiles())
}
