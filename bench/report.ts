import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))
const HEADER = `# Benchmarks

Figures from \`npm run bench:*\`, each section rewritten by its benchmark. Machines here are noisy: compare the
ratios measured within one run, not absolute times across runs.
`

/** Replaces (or appends) one benchmark's section of docs/benchmarks.md, leaving the others. */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  let doc = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER
  const block = `${begin}\n${markdown.trim()}\n${end}`
  const i = doc.indexOf(begin)
  const j = doc.indexOf(end)
  doc = i !== -1 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`
  writeFileSync(FILE, doc)
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
