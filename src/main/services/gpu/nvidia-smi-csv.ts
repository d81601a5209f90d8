import { textOf } from './values'

/**
 * Parses `--query-gpu` / `--query-compute-apps` CSV, with or without a header, with or without
 * units. A header's names are canonical (an alias asked for comes back under its real name) and
 * carry units in brackets (`memory.total [MiB]`); they are returned without them. Fields are
 * separated by ", "; `[N/A]` and `[Not Supported]` become null.
 */
export function parseSmiCsv(text: string, fields?: string[]): Array<Record<string, string | null>> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines.length === 0) return []
  const split = (line: string): string[] => line.split(',').map((f) => f.trim())
  let names = fields
  let rows = lines
  if (!names) {
    names = split(lines[0] ?? '').map((h) => h.replace(/\s*\[[^\]]*\]$/, ''))
    rows = lines.slice(1)
  }
  return rows.map((line) => {
    const values = split(line)
    const row: Record<string, string | null> = {}
    names.forEach((name, i) => (row[name] = textOf(values[i])))
    return row
  })
}
