/**
 * Just enough shell lexing to read a book's commands: where an unquoted `#` comment starts, which
 * spans are quoted, and the words of a simple command. Not a shell parser, and not meant to be.
 */

export interface Scan {
  /** Index of the `#` that starts a comment, or -1. */
  commentAt: number
  /** [start, end) spans inside quotes, `$(…)` excluded. */
  quoted: Array<[number, number]>
}

export function scanLine(line: string): Scan {
  const quoted: Array<[number, number]> = []
  let quote: '"' | "'" | null = null
  let start = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote === "'") {
      if (c === "'") {
        quoted.push([start, i + 1])
        quote = null
      }
      continue
    }
    if (c === '\\') {
      i++
      continue
    }
    if (quote === '"') {
      if (c === '"') {
        quoted.push([start, i + 1])
        quote = null
      }
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      start = i
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return { commentAt: i, quoted }
    }
  }
  if (quote) quoted.push([start, line.length])
  return { commentAt: -1, quoted }
}

/** The line without its trailing comment. */
export function codeOf(line: string): string {
  const { commentAt } = scanLine(line)
  return commentAt === -1 ? line : line.slice(0, commentAt)
}

/** The trailing comment's text, without the `#`. */
export function commentOf(line: string): string | null {
  const { commentAt } = scanLine(line)
  return commentAt === -1 ? null : line.slice(commentAt + 1).trim()
}

function inQuotes(scan: Scan, index: number): boolean {
  return scan.quoted.some(([a, b]) => index >= a && index < b)
}

/**
 * Syntax templates the reader must fill in: `[imagename:tag]`, `[]`, `<镜像1>`, and the book's
 * `username` (a Docker Hub account). Found outside quotes and comments only, so that
 * `echo '<h1>Hello</h1>'` stays a command.
 */
export function findPlaceholders(command: string): string[] {
  const found: string[] = []
  for (const line of command.split('\n')) {
    const scan = scanLine(line)
    const code = scan.commentAt === -1 ? line : line.slice(0, scan.commentAt)
    const re = /\[[^\]\s]*\]|<[^<>\s]+>|\busername\b/g
    for (let m = re.exec(code); m; m = re.exec(code)) {
      // `$(...)`-free `[` tests and redirections do not occur in the book; brackets after `$` would be arrays.
      if (inQuotes(scan, m.index) || code[m.index - 1] === '$') continue
      if (!found.includes(m[0])) found.push(m[0])
    }
  }
  return found
}

/** The command with each placeholder replaced by the reader's value. */
export function fillPlaceholders(command: string, values: Record<string, string>): string {
  let out = command
  for (const [token, value] of Object.entries(values)) out = out.split(token).join(value)
  return out
}

/** A value is usable when it is non-blank and single-line (a newline would run a second command). */
export function isUsableValue(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && ![...value].some((c) => c.charCodeAt(0) < 0x20 && c !== '\t')
}

/** The shell's single quotes around any text, for bash and zsh alike: `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/**
 * One word for the shell: left as it is when nothing in it is special to bash or zsh (`-e`, `DISPLAY=:0`), else
 * single-quoted. A leading `=` is special to zsh (`=ls` is ls's path).
 */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/.test(text) ? text : shellQuote(text)
}

/** Words of a simple command (quotes removed, no expansion). */
export function words(command: string): string[] {
  const out: string[] = []
  let cur = ''
  let quote: '"' | "'" | null = null
  let has = false
  const text = codeOf(command.replace(/\\\n/g, ' '))
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (quote) {
      if (c === quote) quote = null
      else cur += c
      continue
    }
    if (c === '$' && text[i + 1] === '(') {
      // A command substitution is one word, spaces and all: `$(id -u)`.
      let depth = 0
      for (; i < text.length; i++) {
        const d = text[i] ?? ''
        cur += d
        if (d === '(') depth++
        else if (d === ')' && --depth === 0) break
      }
      has = true
    } else if (c === '"' || c === "'") {
      quote = c
      has = true
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i]
      has = true
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur)
      cur = ''
      has = false
    } else {
      cur += c
      has = true
    }
  }
  if (has || cur) out.push(cur)
  return out
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
