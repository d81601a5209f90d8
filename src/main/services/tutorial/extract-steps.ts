import type { LintFinding, TutorialStep } from '@shared/contract'
import { readDockerCommand } from '@shared/docker/command'
import { codeOf as shellCodeOf, commentOf as shellCommentOf, lex, words } from '@shared/docker/shell'
import { bookInputs } from '@shared/tutorial/step-inputs'
import { findPlaceholders, syntaxPlaceholders } from '@shared/tutorial/templates'
import { OUTDATED_NOTES } from '@shared/tutorial/notes'
import { classifyCommand } from './classify-command'

/** `$ cmd` or `root@3729b97e8226:/# cmd`: a prompt the reader must not type. */
const PROMPT = /^\s*(?:\$ |[\w.-]+@[\w.-]+:[^\s]*[#$] )/
const DASHES = /[\u2012\u2013\u2014\u2212]/g
/**
 * A line as its author meant it: `… \ # comment` is a continuation with a comment after it (a trap the linter
 * reports), though a shell reads the escaped blank as part of a word and the `#` with it. Same length, same indices.
 */
const meant = (line: string): string => line.replace(/\\([ \t])/g, ' $1')
const codeOf = (line: string): string => line.slice(0, shellCodeOf(meant(line)).length)
const commentOf = (line: string): string | null => shellCommentOf(meant(line))

/** Programs the book's commands begin with: a line that begins with one starts a new command. */
const PROGRAMS = new Set(
  'sudo docker nvidia-docker cat echo cd ls mkdir export apt-get apt systemctl groupadd usermod curl wget python python3 pip pip3 bash sh exit'.split(
    ' ',
  ),
)

/** Whether a line starts a new command rather than carrying on the previous one. */
function startsCommand(line: string): boolean {
  const first = lex(line).tokens[0]
  return first?.kind === 'word' && (PROGRAMS.has(first.value) || /^[A-Z_]+=/.test(first.value))
}

/**
 * The syntax a comment shows, if it shows one: `# 删除本地镜像：docker image rm [选项] <镜像1> …` → the last
 * `docker …` of the line, when it is a docker command the CLI has and it holds a template (`[…]` or `<…>`).
 */
function syntaxIn(comment: string): string | undefined {
  const at = [...comment.matchAll(/(?:^|[^\w-])((?:nvidia-)?docker\s)/g)].at(-1)
  if (!at) return undefined
  const candidate = comment.slice((at.index ?? 0) + at[0].length - (at[1]?.length ?? 0)).trim()
  return /[[<]/.test(candidate) && readDockerCommand(words(candidate))?.known ? candidate : undefined
}

interface Draft {
  /** Set for a syntax line from a comment; its command is the `docker …` part. */
  syntax?: { command: string; label: string }
  lines: string[]
  /** Typed at a container's prompt (`root@3729b97e8226:/# …`), not the host's. */
  inContainer: boolean
  /** The command as meant: comments dropped, lines joined, typographic dashes fixed. */
  intended: string[]
  findings: LintFinding[]
}

/**
 * Turns one shell code block into runnable steps, one per command: prompts stripped, output and
 * comment-only lines left out, `\` continuations joined, trailing `# comments` kept as captions.
 * Copy-paste traps (typographic dashes, a `\` that does not end its line, a continuation with its
 * `\` missing, a comment inside a continuation) are reported with a corrected command.
 */
export function extractSteps(
  code: string,
  chapterId: string,
  blockIndex: number,
  firstNumber: number,
  context: {
    networkBuild: boolean
    /** The container names the book's steps create (`--name`): a step naming another one names its author's. */
    known?: ReadonlySet<string>
    lang?: 'zh-CN' | 'en'
  },
): TutorialStep[] {
  const inputsOf = (command: string): ReturnType<typeof bookInputs> =>
    bookInputs(command, context.known ?? new Set(), context.lang ?? 'zh-CN')
  const raw = code.replace(/\n$/, '').split('\n')
  const promptMode = raw.some((l) => PROMPT.test(l))
  const drafts: Draft[] = []
  let current: Draft | undefined
  /** How the current command's last line ended: properly continued, continued with a trap, or not. */
  let continued: 'no' | 'yes' | 'missing' = 'no'

  const close = (): void => {
    if (current) drafts.push(current)
    current = undefined
    continued = 'no'
  }

  for (const original of raw) {
    let line = original
    let inContainer = false
    if (promptMode) {
      const prompt = PROMPT.exec(line)
      if (!prompt) {
        close() // output, not a command
        continue
      }
      inContainer = prompt[0].includes('@')
      line = line.slice(prompt[0].length)
    }
    const trimmed = line.trim()
    if (!trimmed) {
      close()
      continue
    }
    if (trimmed.startsWith('#')) {
      const text = trimmed.replace(/^#+\s*/, '')
      const syntax = continued === 'no' ? syntaxIn(text) : undefined
      if (syntax) {
        close()
        const label = text.slice(0, text.lastIndexOf(syntax)).replace(/[\s:：]+$/, '')
        drafts.push({
          syntax: { command: syntax, label },
          lines: [line.trimStart()],
          inContainer: false,
          intended: [],
          findings: [],
        })
        continue
      }
      if (current && continued !== 'no') {
        current.lines.push(line)
        current.findings.push({ kind: 'comment-in-continuation', text: trimmed, fixed: '' })
      }
      continue
    }
    const startsNew = startsCommand(trimmed)
    if (
      current &&
      continued === 'no' &&
      !startsNew &&
      (trimmed.startsWith('-') || current.findings.some((f) => f.kind === 'missing-continuation'))
    ) {
      current.findings.push({ kind: 'missing-continuation', text: current.lines.at(-1)?.trim() ?? '', fixed: '' })
      continued = 'missing'
    }
    if (!current || continued === 'no') {
      close()
      current = { lines: [], inContainer, intended: [], findings: [] }
      line = line.trimStart()
    }
    current.lines.push(line)

    const codePart = codeOf(line).replace(/\s+$/, '')
    const endsWithBackslash = codePart.endsWith('\\')
    if (endsWithBackslash && !line.endsWith('\\')) {
      current.findings.push({ kind: 'backslash-not-at-end', text: line.trim(), fixed: '' })
    }
    const dashes = codePart.match(DASHES)
    if (dashes) current.findings.push({ kind: 'typographic-dash', text: [...new Set(dashes)].join(' '), fixed: '' })
    current.intended.push(codePart.replace(/\\$/, '').replace(DASHES, '-').trim())
    // Without a `\` the command stays open only for a line that looks like a forgotten continuation.
    continued = endsWithBackslash ? 'yes' : 'no'
  }
  close()

  return drafts.map((d, k) => {
    if (d.syntax) {
      const { required, optional } = syntaxPlaceholders(d.syntax.command)
      return {
        id: `${chapterId}/${firstNumber + k}`,
        blockIndex,
        where: 'host' as const,
        lines: [d.syntax.command],
        command: d.syntax.command,
        caption: d.syntax.label || null,
        placeholders: [...required, ...optional],
        optional,
        syntax: true,
        badges: classifyCommand(d.syntax.command, context),
        lint: [],
        notes: OUTDATED_NOTES.filter((n) => n.match.test(d.syntax?.command ?? '')).map((n) => n.id),
      }
    }
    const printed = d.lines.join('\n')
    const intended = d.intended.filter(Boolean).join(' ')
    const findings = d.findings.map((f) => ({ ...f, fixed: intended }))
    const first = d.lines[0] ?? ''
    const code = d.lines.map((l) => codeOf(l).replace(/\s+$/, '')).join('\n')
    // A command typed at a container's prompt is not the host's docker; one with a trap is run as fixed, or not.
    const made = findings.length || d.inContainer ? { command: code, inputs: {} } : inputsOf(code)
    const command = findings.length ? printed : made.command
    return {
      id: `${chapterId}/${firstNumber + k}`,
      blockIndex,
      where: d.inContainer ? ('container' as const) : ('host' as const),
      lines: d.lines,
      command,
      caption: commentOf(first),
      placeholders: findPlaceholders(command),
      optional: [],
      inputs: made.inputs,
      syntax: false,
      badges: classifyCommand(intended, context),
      lint: dedupe(findings),
      notes: OUTDATED_NOTES.filter((n) => n.match.test(printed)).map((n) => n.id),
    }
  })
}

function dedupe(findings: LintFinding[]): LintFinding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.kind}:${f.text}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
