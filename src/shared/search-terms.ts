/**
 * How the book's search reads text, for both ends: main indexes and searches with it, the page highlights what a
 * search found with it, so both agree on what a match is.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}_.:/-]+/gu

export function isCjk(term: string): boolean {
  return CJK.test(term)
}

/**
 * Tokens for both languages. Chinese has no spaces, so each run of CJK characters becomes its overlapping bigrams (a
 * single character stays a unigram); other text splits into words. The same function tokenizes queries, so "数据卷"
 * matches wherever 数据 and 据卷 occur together.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  for (const run of text.toLowerCase().match(RUNS) ?? []) {
    if (isCjk(run)) {
      if (run.length === 1) tokens.push(run)
      for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2))
    } else {
      tokens.push(run)
      // Also the parts of `nginx:v2`, `--mount`, `my-vol` so either form finds it.
      for (const part of run.split(/[.:/-]+/)) if (part && part !== run) tokens.push(part)
    }
  }
  return tokens
}

/**
 * An English word's stem, light enough for a technical book: plurals only ("mirrors" → "mirror", "images" → "image",
 * "registries" → "registry", "caches" → "cache"), so a search finds a word in either number. Short words, words ending
 * in -ss, -us or -is, and anything with a digit or punctuation (`docker-ce`, `v2`) are left as they are.
 */
export function stem(term: string): string {
  if (term.length <= 3 || isCjk(term) || !/^[a-z]+$/.test(term)) return term
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`
  if (/(?:ss|x|ch|sh)es$/.test(term)) return term.slice(0, -2)
  if (term.endsWith('s') && !/(?:ss|us|is)$/.test(term)) return term.slice(0, -1)
  return term
}

/** A search's terms as the index holds them. */
export function searchTerms(query: string): string[] {
  return tokenize(query).map(stem)
}

/**
 * Whether a word of the text is what a search term finds: the same stem, or (a Latin term of three letters or more,
 * as the search matches) a stem that begins with it.
 */
export function wordMatches(word: string, term: string): boolean {
  const w = stem(word.toLowerCase())
  return w === term || (!isCjk(term) && term.length > 2 && w.startsWith(term))
}
