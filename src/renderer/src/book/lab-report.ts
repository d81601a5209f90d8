import type { CommandRun } from '@shared/contract'
import { effectLines } from './effects-lines'
import { checkText, differenceLines } from './verdict-lines'
import { createFormat } from '../i18n/format'

type Translate = (key: string, values?: Record<string, unknown>) => string

export interface LabReport {
  entries: CommandRun[]
  /** A chapter's title in the report's language. */
  chapterTitle: (chapterId: string) => string
  t: Translate
  locale: 'zh-CN' | 'en'
  exportedAt: number
}

interface Row {
  time: string
  command: string
  exit: string
  verification: string
  effects: string[]
  /** Why it failed and what to do, as the classifier said it in the report's language; '' when it did not fail so. */
  why: string
}

function rows(r: LabReport): Map<string, Row[]> {
  const byChapter = new Map<string, Row[]>()
  const fmt = createFormat(r.locale, r.t)
  for (const e of r.entries) {
    const key = e.chapterId ?? ''
    const v = e.verdict
    const verification =
      v?.status === 'verified'
        ? `${r.t('step.verified')}${v.checked.length ? ` (${checkText(v.checked, r.t)})` : ''}`
        : v?.status === 'differs'
          ? `${r.t('step.differs')} ${differenceLines(v.differences, r.t).join('; ')}`
          : '—'
    const list = byChapter.get(key) ?? []
    list.push({
      time: fmt.dateTime(e.startedAt),
      command: e.commandLine,
      exit: e.exitCode === null ? '?' : String(e.exitCode),
      verification,
      effects: e.effects ? effectLines(e.effects, r.t) : [],
      why: e.failure ? `${e.failure.text[r.locale].what} ${e.failure.text[r.locale].fix}` : '',
    })
    byChapter.set(key, list)
  }
  return byChapter
}

/** An inline code span that holds any command, backticks included (CommonMark: a longer fence than any run inside). */
function codeSpan(text: string): string {
  const one = text.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${/^`|`$/.test(one) ? ` ${one} ` : one}${fence}`
}

/**
 * Any text as Markdown that shows it as it is: every character Markdown or HTML could read as syntax within a line
 * (emphasis, code, links and images, tags, entities, a table's `|`, strikethrough) backslash-escaped, as CommonMark
 * allows for any ASCII punctuation, and lines joined into one (values never start a line here).
 * Names come from the engine and commands from the learner: a container named `</script>|x` stays text.
 */
function mdText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]<>&|#!~]/g, (c) => `\\${c}`)
}

/** The lab log as Markdown, in the report's language: one section per chapter, one entry per command. */
export function labMarkdown(r: LabReport): string {
  const out = [
    `# ${mdText(r.t('lab.reportTitle'))}`,
    '',
    mdText(r.t('lab.exportedAt', { at: createFormat(r.locale, r.t).dateTime(r.exportedAt) })),
    '',
  ]
  for (const [chapterId, list] of rows(r)) {
    out.push(`## ${mdText(chapterId ? `${chapterId} ${r.chapterTitle(chapterId)}` : r.t('lab.noChapter'))}`, '')
    for (const row of list) {
      out.push(`- ${mdText(row.time)} · ${codeSpan(row.command)}`)
      out.push(`  - ${mdText(r.t('lab.exit'))}: ${mdText(row.exit)}`)
      out.push(`  - ${mdText(r.t('lab.verification'))}: ${mdText(row.verification)}`)
      if (row.why) out.push(`  - ${mdText(r.t('lab.why'))}: ${mdText(row.why)}`)
      if (row.effects.length) out.push(`  - ${mdText(r.t('lab.effects'))}: ${row.effects.map(mdText).join('; ')}`)
    }
    out.push('')
  }
  return out.join('\n')
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)

/** The lab log as one self-contained HTML page to print or hand in (no scripts, no remote content, all text escaped). */
export function labHtml(r: LabReport): string {
  const sections = [...rows(r)]
    .map(([chapterId, list]) => {
      const body = list
        .map(
          (row) =>
            `<tr><td>${esc(row.time)}</td><td><code>${esc(row.command)}</code></td><td>${esc(row.exit)}</td>` +
            `<td>${esc(row.verification)}</td><td>${esc(row.why)}</td><td>${row.effects.map(esc).join('<br>')}</td></tr>`,
        )
        .join('\n')
      const title = chapterId ? `${chapterId} ${r.chapterTitle(chapterId)}` : r.t('lab.noChapter')
      return (
        `<h2>${esc(title)}</h2>\n<table><thead><tr><th>${esc(r.t('lab.time'))}</th><th>${esc(r.t('lab.command'))}</th>` +
        `<th>${esc(r.t('lab.exit'))}</th><th>${esc(r.t('lab.verification'))}</th><th>${esc(r.t('lab.why'))}</th>` +
        `<th>${esc(r.t('lab.effects'))}</th>` +
        `</tr></thead><tbody>\n${body}\n</tbody></table>`
      )
    })
    .join('\n')
  return `<!doctype html>
<html lang="${esc(r.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(r.t('lab.reportTitle'))}</title>
<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; font-size: 12px; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; }
code { font-family: "Noto Sans Mono CJK SC", ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${esc(r.t('lab.reportTitle'))}</h1>
<p>${esc(r.t('lab.exportedAt', { at: createFormat(r.locale, r.t).dateTime(r.exportedAt) }))}</p>
${sections}
</body>
</html>
`
}
