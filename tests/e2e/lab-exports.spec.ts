import fc from 'fast-check'
import MarkdownIt from 'markdown-it'
import type { Page } from '@playwright/test'
import type { CommandRun, DockerFailure, Effects } from '@shared/contract'
import en from '../../src/renderer/src/i18n/en'
import { labHtml, labMarkdown } from '../../src/renderer/src/book/lab-report'
import { expect, test } from './fixtures'

/** The app's English messages, `{name}` slots filled, as vue-i18n fills them. */
function t(key: string, values: Record<string, unknown> = {}): string {
  const message = key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], en)
  if (typeof message !== 'string') throw new Error(`no message ${key}`)
  return message.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m))
}

const none = { created: [], removed: [] }
/** A log entry (a run record) whose every value names `name`: the command, the effects, the verification. */
function entry(name: string, i: number): CommandRun {
  const effects: Effects = {
    source: 'command',
    action: null,
    approximate: false,
    terminalId: 't1',
    commandId: `c${i}`,
    commandLine: `docker run --name '${name}' nginx`,
    runId: null,
    exitCode: 0,
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_001_000,
    containers: { created: [{ id: 'a'.repeat(64), name }], started: [], stopped: [], removed: [] },
    images: { pulled: [], built: [], tagged: [], committed: [], imported: [], removed: [] },
    volumes: none,
    networks: none,
    ports: [],
  }
  return {
    runId: `r${i}`,
    terminalId: 't1',
    commandId: `c${i}`,
    stepId: null,
    chapterId: '2.3',
    commandLine: `docker run --name '${name}' nginx`,
    cwd: '/',
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_001_000,
    exitCode: 1,
    state: 'settled',
    approximate: false,
    outputTail: null,
    exchanges: [],
    events: [],
    effects,
    verdict: { status: 'differs', checked: [], differences: [{ code: 'not-created', kind: 'container', name }], at: 0 },
    failure: null,
  }
}

const report = (names: string[]) => ({
  entries: names.map(entry),
  chapterTitle: () => 'Containers <b>&</b> |pipes|',
  t,
  locale: 'en' as const,
  exportedAt: 1_700_000_000_000,
})

/** What a page shows of a document: its text, and whether anything in it ran or loaded. */
async function shown(page: Page, html: string): Promise<{ text: string; active: number; ran: boolean }> {
  await page.setContent(html)
  return page.evaluate(() => ({
    text: document.body.innerText,
    active: document.querySelectorAll('script, img, iframe, object, embed, a[href^="javascript"]').length,
    ran: (window as { pwned?: boolean }).pwned === true,
  }))
}

const HOSTILE = [
  '</script><script>window.pwned=true</script>|x',
  '<img src=x onerror="window.pwned=true">',
  '**bold** _em_ [link](javascript:window.pwned=true) `code` ~~gone~~ | a | b |',
  '&amp; &lt;b&gt; \\ \\* # heading ! [x]',
]

test('a failed command’s explanation, from its run record, goes into both exports', async ({ page }) => {
  // As the classifier words it (the run record carries it; the report only renders it).
  const failure: DockerFailure = {
    kind: 'unknown-command',
    values: { command: 'rnu', suggestion: 'run' },
    host: null,
    via: null,
    message: 'docker: unknown command: docker rnu',
    text: {
      'zh-CN': { what: 'docker 没有 rnu 这个命令。', fix: '你是想输入 docker run 吗？docker --help 会列出所有命令。' },
      en: { what: 'docker has no command rnu.', fix: 'Did you mean docker run? docker --help lists them all.' },
    },
  }
  const failed = { ...entry('web', 0), commandLine: 'docker rnu', failure }
  const plain = entry('db', 1)
  const r = { ...report([]), entries: [failed, plain] }
  const md = labMarkdown(r)
  expect(md).toContain(
    '  - Why it failed: docker has no command rnu. Did you mean docker run? docker --help lists them all.',
  )
  // Only the failed one has a reason.
  expect(md.match(/Why it failed/g)).toHaveLength(1)
  const { text } = await shown(page, labHtml(r))
  expect(text).toContain('Did you mean docker run?')
})

test('names with </script>, | and Markdown round-trip through both lab exports as text, and nothing in them runs', async ({
  page,
}) => {
  const markdown = labMarkdown(report(HOSTILE))
  // Rendered as a Markdown viewer that allows raw HTML and links would render it (GitHub, editors' previews).
  const md = await shown(page, new MarkdownIt({ html: true, linkify: true }).render(markdown))
  const html = await shown(page, labHtml(report(HOSTILE)))
  for (const view of [md, html]) {
    expect(view.active).toBe(0)
    expect(view.ran).toBe(false)
    expect(view.text).toContain('Containers <b>&</b> |pipes|')
    for (const name of HOSTILE) {
      // The name as the container's, the difference's and the command's, each exactly as it is.
      expect(view.text).toContain(`+ container ${name}`)
      expect(view.text).toContain(`docker run --name '${name}' nginx`)
    }
  }
  // Any name at all: what the page shows holds it unchanged.
  const names = fc.sample(
    fc.string({ minLength: 1, maxLength: 24 }).filter((s) => s.trim() === s && !/\s{2}|[\r\n]/.test(s)),
    {
      numRuns: 40,
      seed: 22,
    },
  )
  const all = await shown(page, new MarkdownIt({ html: true, linkify: true }).render(labMarkdown(report(names))))
  const page2 = await shown(page, labHtml(report(names)))
  for (const name of names) {
    expect(all.text, JSON.stringify(name)).toContain(`+ container ${name}`)
    expect(page2.text, JSON.stringify(name)).toContain(`+ container ${name}`)
  }
})
