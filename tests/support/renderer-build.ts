import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export interface EagerScript {
  /** As index.html names it, relative to the renderer's folder. */
  path: string
  bytes: number
  code: string
}

/**
 * The JS a built renderer's index.html makes the browser fetch before the app can run: its module scripts and every
 * `modulepreload` link. Everything else is a chunk loaded by a dynamic import when first needed.
 */
export function eagerScripts(rendererDir: string): EagerScript[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const paths = new Set<string>()
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) paths.add(m[1] ?? '')
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) paths.add(m[1] ?? '')
  return [...paths].map((p) => {
    const file = join(rendererDir, p)
    return { path: p, bytes: statSync(file).size, code: readFileSync(file, 'utf8') }
  })
}
