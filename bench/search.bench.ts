/**
 * npm run bench:search — building the book's index and querying it, in both languages. The target
 * is a query over the whole book in under 50 ms; each figure is the p95 of many queries in one run.
 */
import { test } from 'vitest'
import { bundledBook } from '../src/main/services/tutorial/book-files'
import { BookSearch } from '../src/main/services/tutorial/search-index'
import { cutTo, percentile, writeSection } from './report'

const QUERIES: Array<[string, 'zh-CN' | 'en']> = [
  ['数据卷', 'zh-CN'],
  ['构建上下文', 'zh-CN'],
  ['镜像', 'zh-CN'],
  ['docker commit', 'zh-CN'],
  ['容器 端口', 'zh-CN'],
  ['context', 'en'],
  ['volume mount', 'en'],
  ['nvidia', 'en'],
  ['layer', 'en'],
  ['doc', 'en'],
]

test('search benchmark', () => {
  const t0 = performance.now()
  const book = bundledBook()
  const t1 = performance.now()
  const search = new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en])
  search.prepare()
  const t2 = performance.now()
  const rows: string[] = []
  for (const [q, lang] of QUERIES) {
    const times: number[] = []
    let hits = 0
    for (let i = 0; i < 200; i++) {
      const s = performance.now()
      hits = search.search(q, lang).length
      times.push(performance.now() - s)
    }
    const p95 = percentile(times, 95)
    rows.push(
      `| \`${q}\` (${lang}) | ${hits} | ${percentile(times, 50).toFixed(2)} ms | ${cutTo(p95, 2, 'down').toFixed(2)} ms | ${p95 < 50 ? '< 50 ms ✓' : '< 50 ms ✗'} |`,
    )
  }
  const table = ['| query | hits | p50 | p95 | target |', '|---|---|---|---|---|', ...rows].join('\n')
  console.log(`\n${table}\n`)
  writeSection(
    'search',
    `## Book search (\`npm run bench:search\`)

Run ${new Date().toISOString().slice(0, 10)}, Node ${process.version}. Parsing both editions took ${(t1 - t0).toFixed(0)} ms and building the
index ${(t2 - t1).toFixed(0)} ms (once: at the first search, or when main is idle a few seconds after start-up, never
during it). Each query ran 200 times over the whole book.

${table}`,
  )
})
