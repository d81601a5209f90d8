import { z } from 'zod'

const FrontMatter = z.object({ id: z.string().min(1), title: z.string().min(1), order: z.coerce.number().int() })
export type FrontMatter = z.infer<typeof FrontMatter>

/** The small `---` block at the top of each chapter file: `key: value` lines (values may be quoted). */
export function splitFrontMatter(text: string): { meta: FrontMatter; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text)
  if (!m) throw new Error('chapter has no front matter')
  const fields: Record<string, string> = {}
  for (const line of (m[1] ?? '').split('\n')) {
    const kv = /^(\w+):\s*(.*)$/.exec(line)
    if (kv?.[1]) fields[kv[1]] = (kv[2] ?? '').replace(/^"(.*)"$/, '$1')
  }
  return { meta: FrontMatter.parse(fields), body: text.slice(m[0].length) }
}
