/**
 * The shell's grammar as far as a command line the learner types or the book prints needs it: words (quotes, escapes,
 * `$(…)` and backticks, parameters, globs), the operators that join commands (`&&`, `||`, `;`, `|`, `&`, newlines),
 * redirections and comments, in bash's and zsh's common syntax. It reads; it never expands or runs anything. What it
 * cannot follow (a subshell, a loop, a here-document, an unclosed quote) is reported, so that callers can say they did
 * not understand instead of guessing.
 */

/** A command substitution inside a word: `$(docker ps -q)` or `` `docker ps -q` ``. */
export interface Substitution {
  style: '$(' | '`'
  /** The command inside, as written. */
  inner: string
}

export interface Word {
  kind: 'word'
  /** As written, quotes and all. */
  raw: string
  /** Quotes removed and escapes resolved; substitutions and `$parameters` kept as written. */
  value: string
  start: number
  end: number
  substitutions: Substitution[]
  /** The shell would change it before a program sees it: a substitution, a `$parameter`, a glob, `~`, a brace list. */
  expands: boolean
  quoted: boolean
}

export type OperatorText = '&&' | '||' | ';' | ';;' | '|' | '|&' | '&' | '\n' | '(' | ')'

export interface Operator {
  kind: 'op'
  op: OperatorText
  start: number
  end: number
}

/** `>`, `>>`, `2>`, `2>&1`, `&>`, `<`, `<<`, `<<<`…: the word after it (unless it is `n>&m`) is its target. */
export interface Redirect {
  kind: 'redirect'
  op: string
  start: number
  end: number
}

export interface Comment {
  kind: 'comment'
  text: string
  start: number
  end: number
}

export type Token = Word | Operator | Redirect | Comment

export interface Lexed {
  tokens: Token[]
  /** An unclosed quote or substitution: the shell would wait for more input. */
  incomplete: boolean
  /** [start, end) of every quoted span (a substitution's own quotes excluded). */
  quoted: Array<[number, number]>
}

const OPERATORS: OperatorText[] = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')']
const REDIRECT = /^(?:\d*(?:>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)|&>>|&>)/
const BLANK = /[ \t\r]/
/** Characters that end an unquoted word. */
const BREAK = /[ \t\r\n;&|()<>]/

/** Where the `)` closing a `$(` that starts at `from` (just after the parenthesis) is, or -1. */
function closeParen(text: string, from: number): number {
  let depth = 1
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') i++
    else if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end === -1) return -1
      i = end
    } else if (c === '"') {
      const end = closeDouble(text, i + 1)
      if (end === -1) return -1
      i = end
    } else if (c === '`') {
      const end = closeBacktick(text, i + 1)
      if (end === -1) return -1
      i = end
    } else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  return -1
}

function closeBacktick(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '`') return i
  }
  return -1
}

function closeDouble(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') i++
    else if (c === '"') return i
    else if (c === '`') {
      const end = closeBacktick(text, i + 1)
      if (end === -1) return -1
      i = end
    } else if (c === '$' && text[i + 1] === '(') {
      const end = closeParen(text, i + 2)
      if (end === -1) return -1
      i = end
    }
  }
  return -1
}

/** `$'…'`'s escapes (bash and zsh): the common ones; anything else stays as written. */
function ansiC(body: string): string {
  const map: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    e: '\x1b',
  }
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|.)/g, (m, e: string) =>
    e.startsWith('x') && e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (map[e] ?? m),
  )
}

export function lex(text: string): Lexed {
  const tokens: Token[] = []
  const quoted: Array<[number, number]> = []
  let incomplete = false
  let i = 0
  const n = text.length

  /** A `$…` at `i` (inside or outside double quotes): appends to the word and returns the index after it. */
  const dollar = (w: Word, at: number): number => {
    const next = text[at + 1] ?? ''
    if (next === '(' && text[at + 2] === '(') {
      // Arithmetic `$(( … ))`: it expands, but runs no command.
      const end = closeParen(text, at + 2)
      const stop = end === -1 ? n : Math.min(n, end + 2)
      if (end === -1) incomplete = true
      w.value += text.slice(at, stop)
      w.expands = true
      return stop
    }
    if (next === '(') {
      const end = closeParen(text, at + 2)
      if (end === -1) incomplete = true
      const stop = end === -1 ? n : end + 1
      w.substitutions.push({ style: '$(', inner: text.slice(at + 2, end === -1 ? n : end) })
      w.value += text.slice(at, stop)
      w.expands = true
      return stop
    }
    if (next === '{') {
      const end = text.indexOf('}', at + 2)
      if (end === -1) incomplete = true
      const stop = end === -1 ? n : end + 1
      w.value += text.slice(at, stop)
      w.expands = true
      return stop
    }
    const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(at + 1))
    if (name) {
      w.value += `$${name[0]}`
      w.expands = true
      return at + 1 + name[0].length
    }
    w.value += '$'
    return at + 1
  }

  const backtick = (w: Word, at: number): number => {
    const end = closeBacktick(text, at + 1)
    if (end === -1) incomplete = true
    const stop = end === -1 ? n : end + 1
    w.substitutions.push({ style: '`', inner: text.slice(at + 1, end === -1 ? n : end).replace(/\\([`$\\])/g, '$1') })
    w.value += text.slice(at, stop)
    w.expands = true
    return stop
  }

  const word = (start: number): Word => {
    const w: Word = {
      kind: 'word',
      raw: '',
      value: '',
      start,
      end: start,
      substitutions: [],
      expands: false,
      quoted: false,
    }
    let j = start
    while (j < n) {
      const c = text[j] ?? ''
      if (c === '\\') {
        if (text[j + 1] === '\n') j += 2
        else {
          if (j + 1 < n) w.value += text[j + 1]
          j += 2
        }
        continue
      }
      if (BREAK.test(c)) break
      if (c === "'") {
        const end = text.indexOf("'", j + 1)
        if (end === -1) incomplete = true
        const stop = end === -1 ? n : end
        w.value += text.slice(j + 1, stop)
        w.quoted = true
        quoted.push([j, Math.min(n, stop + 1)])
        j = stop + 1
        continue
      }
      if (c === '$' && text[j + 1] === "'") {
        const body = /^(?:[^'\\]|\\.)*/s.exec(text.slice(j + 2))?.[0] ?? ''
        const stop = j + 2 + body.length
        if (stop >= n) incomplete = true
        w.value += ansiC(body)
        w.quoted = true
        quoted.push([j, Math.min(n, stop + 1)])
        j = stop + 1
        continue
      }
      if (c === '"') {
        w.quoted = true
        const open = j
        j++
        while (j < n && text[j] !== '"') {
          const d = text[j] ?? ''
          if (d === '\\' && /[$`"\\\n]/.test(text[j + 1] ?? '')) {
            if (text[j + 1] !== '\n') w.value += text[j + 1]
            j += 2
          } else if (d === '$') j = dollar(w, j)
          else if (d === '`') j = backtick(w, j)
          else {
            w.value += d
            j++
          }
        }
        if (j >= n) incomplete = true
        quoted.push([open, Math.min(n, j + 1)])
        j++
        continue
      }
      if (c === '$') {
        j = dollar(w, j)
        continue
      }
      if (c === '`') {
        j = backtick(w, j)
        continue
      }
      if (c === '*' || c === '?' || c === '[' || (c === '~' && j === start)) w.expands = true
      if (c === '{' && /^\{[^{}\s]*(?:,|\.\.)[^{}\s]*\}/.test(text.slice(j))) w.expands = true
      w.value += c
      j++
    }
    w.end = Math.min(j, n)
    w.raw = text.slice(start, w.end)
    return w
  }

  while (i < n) {
    const c = text[i] ?? ''
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2
      continue
    }
    if (BLANK.test(c)) {
      i++
      continue
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i, end: i + 1 })
      i++
      continue
    }
    if (c === '#') {
      const end = text.indexOf('\n', i)
      const stop = end === -1 ? n : end
      tokens.push({ kind: 'comment', text: text.slice(i + 1, stop), start: i, end: stop })
      i = stop
      continue
    }
    const redirect = REDIRECT.exec(text.slice(i))
    if (redirect) {
      tokens.push({ kind: 'redirect', op: redirect[0], start: i, end: i + redirect[0].length })
      i += redirect[0].length
      continue
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i))
    if (op) {
      tokens.push({ kind: 'op', op, start: i, end: i + op.length })
      i += op.length
      continue
    }
    const w = word(i)
    tokens.push(w)
    i = Math.max(w.end, i + 1)
  }
  return { tokens, incomplete, quoted }
}

/** One simple command: its words (redirection targets left out) and how it joins the one before it. */
export interface SimpleCommand {
  words: Word[]
  redirects: Array<{ op: string; target: Word | null }>
  /** The operator before it (null for the first): `&&`, `||`, `;`, `|`, `&`, a newline. */
  after: OperatorText | null
  start: number
  end: number
}

export interface CommandList {
  commands: SimpleCommand[]
  /** Some of it is more than simple commands joined by operators: a subshell, a loop, a here-document, an open quote. */
  complex: boolean
}

const KEYWORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac'])
const GROUPING = new Set(['{', '}', '!', '[[', ']]', 'function', 'select', 'coproc', 'time'])

/** The simple commands of a command line, in order, with the operators between them. */
export function commandList(text: string): CommandList {
  const { tokens, incomplete } = lex(text)
  const commands: SimpleCommand[] = []
  let complex = incomplete
  let current: SimpleCommand | undefined
  let after: OperatorText | null = null
  const close = (): void => {
    if (current) commands.push(current)
    current = undefined
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token
    if (t.kind === 'comment') continue
    if (t.kind === 'op') {
      if (t.op === '(' || t.op === ')' || t.op === ';;') complex = true
      if (current || t.op !== '\n') {
        close()
        after = t.op
      }
      continue
    }
    current ??= { words: [], redirects: [], after, start: t.start, end: t.end }
    current.end = t.end
    if (t.kind === 'redirect') {
      if (t.op.startsWith('<<') && t.op !== '<<<') complex = true
      // `2>&1`, `>&2`: the descriptor is part of the operator's word.
      const next = tokens[k + 1]
      const dup = /[<>]&$/.test(t.op) && next?.kind === 'word' && /^(?:\d+|-)$/.test(next.value)
      const target = next?.kind === 'word' ? next : null
      current.redirects.push({ op: dup && target ? `${t.op}${target.value}` : t.op, target: dup ? null : target })
      if (target) {
        current.end = target.end
        k++
      }
      continue
    }
    if (current.words.length === 0 && !t.quoted && (KEYWORDS.has(t.value) || GROUPING.has(t.value))) complex = true
    current.words.push(t)
  }
  close()
  return { commands, complex }
}

/** The words of a command line as a program would get them (no expansion: substitutions stay as written). */
export function words(text: string): string[] {
  return commandList(text).commands.flatMap((c) => c.words.map((w) => w.value))
}

/** Where the line's trailing `# comment` starts, or -1. */
function commentStart(line: string): number {
  return lex(line).tokens.find((t) => t.kind === 'comment')?.start ?? -1
}

/** The line without its trailing comment. */
export function codeOf(line: string): string {
  const at = commentStart(line)
  return at === -1 ? line : line.slice(0, at)
}

/** The trailing comment's text, without the `#`. */
export function commentOf(line: string): string | null {
  const at = commentStart(line)
  return at === -1 ? null : line.slice(at + 1).trim()
}

/** Which shell's quoting a value must follow: bash, zsh, sh and dash share POSIX's; fish and PowerShell differ. */
export type ShellDialect = 'posix' | 'fish' | 'powershell'

export function shellDialect(shell: string): ShellDialect {
  const name = (shell.split(/[\\/]/).pop() ?? '').toLowerCase()
  if (name === 'fish') return 'fish'
  if (/^(?:pwsh|powershell)(?:\.exe)?$/.test(name)) return 'powershell'
  return 'posix'
}

/**
 * A value as one literal word of the shell: as it is when no shell would change it (letters, digits and `_@%+=:,./-`,
 * not starting with `=`, which zsh expands to a program's path), else single-quoted in the dialect's way.
 */
export function shellQuote(value: string, dialect: ShellDialect = 'posix'): string {
  if (/^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/.test(value)) return value
  if (dialect === 'fish') return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
  if (dialect === 'powershell') return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => `${c}${c}`)}'`
  return singleQuoted(value)
}

/** Any text in POSIX single quotes (bash, zsh, sh), always: `'` becomes `'\''`. For paths and scripts shown to copy. */
export function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
