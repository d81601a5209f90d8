import { lex, shellQuote, words, type ShellDialect } from '../docker/shell'

/**
 * The book's syntax templates, which the reader fills in before a command can run: `[imagename:tag]`, `[]`, `<镜像1>`,
 * and the book's `username` (a Docker Hub account). Found outside quotes and comments only, so that
 * `echo '<h1>Hello</h1>'` stays a command; filled with each value quoted for the terminal's shell, so that a value
 * (typed, or picked from the engine's names) is one literal word and never runs anything.
 */

/** Whether index `i` of the command is inside quotes or a comment (where a template is text, not a template). */
function quotedOrComment(command: string): (i: number) => boolean {
  const { tokens, quoted } = lex(command)
  const comments = tokens.filter((t) => t.kind === 'comment')
  return (i) => quoted.some(([a, b]) => i >= a && i < b) || comments.some((c) => i >= c.start && i < c.end)
}

export function findPlaceholders(command: string): string[] {
  const inside = quotedOrComment(command)
  const found: string[] = []
  const re = /\[[^\]\s]*\]|<[^<>\s]+>|\busername\b/g
  for (let m = re.exec(command); m; m = re.exec(command)) {
    // Brackets after `$` are an array's, not a template.
    if (inside(m.index) || command[m.index - 1] === '$') continue
    if (!found.includes(m[0])) found.push(m[0])
  }
  return found
}

/** A template that stands for options (`[选项]`, `[OPTIONS]`): its value is several words, each quoted on its own. */
export function isOptionsPlaceholder(token: string): boolean {
  return /^\[(?:选项|options?)\]$/i.test(token)
}

/**
 * The command with each template (the keys of `values`, a step's placeholders) replaced by its value, quoted for the
 * shell (`dialect`): a name is one word, the options of `[选项]` are their words. An empty value (an optional part left
 * out) leaves nothing. Templates inside quotes or comments are text and stay.
 */
export function fillPlaceholders(
  command: string,
  values: Record<string, string>,
  dialect: ShellDialect = 'posix',
): string {
  const inside = quotedOrComment(command)
  const spans: Array<{ start: number; end: number; value: string; token: string }> = []
  // Longest first: `[<仓库名>[:<标签>]]` before the `<仓库名>` inside it.
  for (const token of Object.keys(values).sort((a, b) => b.length - a.length)) {
    for (let i = command.indexOf(token); i !== -1 && token; i = command.indexOf(token, i + token.length)) {
      const end = i + token.length
      if (inside(i) || spans.some((s) => i < s.end && end > s.start)) continue
      spans.push({ start: i, end, value: values[token] ?? '', token })
    }
  }
  let out = ''
  let at = 0
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    const filled = isOptionsPlaceholder(span.token)
      ? words(span.value)
          .map((w) => shellQuote(w, dialect))
          .join(' ')
      : span.value.trim() === ''
        ? ''
        : shellQuote(span.value, dialect)
    out += command.slice(at, span.start) + filled
    at = span.end
    // An optional part left out takes one of the spaces around it along.
    if (filled === '' && /(?:^|\s)$/.test(out) && /^\s/.test(command.slice(at))) at++
  }
  return out + command.slice(at)
}

/** A value is usable when it is non-blank and single-line (a newline would run a second command). */
export function isUsableValue(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && ![...value].some((c) => c.charCodeAt(0) < 0x20 && c !== '\t')
}

/**
 * The placeholders of a syntax line such as `docker image rm [选项] <镜像1> [<镜像2> ...]`: each
 * top-level `[...]` is optional (it may be left out), each `<...>` and each bare Chinese word
 * (`仓库名`) is required.
 */
export function syntaxPlaceholders(command: string): { required: string[]; optional: string[] } {
  const required: string[] = []
  const optional: string[] = []
  for (let i = 0; i < command.length; i++) {
    const c = command[i]
    if (c === '[' || c === '<') {
      const close = c === '[' ? ']' : '>'
      let depth = 0
      let j = i
      for (; j < command.length; j++) {
        if (command[j] === c) depth++
        else if (command[j] === close && --depth === 0) break
      }
      const group = command.slice(i, j + 1)
      ;(c === '[' ? optional : required).push(group)
      i = j
    } else if (/[\u3400-\u9fff]/.test(c ?? '')) {
      let j = i
      while (j < command.length && /[\u3400-\u9fff]/.test(command[j] ?? '')) j++
      required.push(command.slice(i, j))
      i = j - 1
    }
  }
  return { required, optional }
}
