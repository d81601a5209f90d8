/**
 * The docker CLI's common failures, recognised in what a failed command printed, so the UI can say what went wrong
 * and what to do in the learner's language. Patterns follow the engine's and the CLI's own wording (Engine 20–27);
 * the output is program output, so it is only matched, never trusted beyond the captured names.
 */
export type CliErrorCode =
  | 'name-in-use'
  | 'port-allocated'
  | 'socket-permission'
  | 'daemon-down'
  | 'image-offline'
  | 'image-not-found'
  | 'platform'
  | 'no-space'
  | 'oci-executable'
  | 'oci-permission'
  | 'oci-mount'
  | 'no-such-container'
  | 'unknown-flag'
  | 'typographic-dash'
  | 'invalid-reference'
  | 'broken-continuation'

export interface CliError {
  code: CliErrorCode
  /** What the output named: `name`, `port`, `image`, `flag`, `platform`, `executable`… (at most 200 characters each). */
  values: Record<string, string>
}

interface Rule {
  code: CliErrorCode
  pattern: RegExp
  values?: (m: RegExpExecArray) => Record<string, string>
}

const RULES: Rule[] = [
  {
    code: 'name-in-use',
    pattern: /The container name "\/?([^"]{1,200})" is already in use by container "([0-9a-f]{12,64})"/,
    values: (m) => ({ name: m[1] ?? '', id: (m[2] ?? '').slice(0, 12) }),
  },
  {
    code: 'port-allocated',
    pattern:
      /Bind for [^\s]*?:(\d{1,5}) failed: port is already allocated|listen tcp[46]? [^\s]*?:(\d{1,5}): bind: address already in use/,
    values: (m) => ({ port: m[1] ?? m[2] ?? '' }),
  },
  { code: 'socket-permission', pattern: /permission denied while trying to connect to the Docker daemon socket/ },
  { code: 'daemon-down', pattern: /Cannot connect to the Docker daemon at|Is the docker daemon running\?/ },
  {
    code: 'image-offline',
    pattern:
      /Unable to find image '([^']{1,200})' locally[\s\S]*?(?:dial tcp|lookup [^\s]+|i\/o timeout|TLS handshake timeout|connection refused|no such host|network is unreachable)/,
    values: (m) => ({ image: m[1] ?? '' }),
  },
  {
    code: 'image-not-found',
    pattern:
      /pull access denied for ([^\s,]{1,200})|manifest for ([^\s]{1,200}) not found|No such image: ([^\s]{1,200})/,
    values: (m) => ({ image: m[1] ?? m[2] ?? m[3] ?? '' }),
  },
  {
    code: 'platform',
    pattern:
      /image's platform \(([^)]{1,60})\) does not match the detected host platform \(([^)]{1,60})\)|exec format error/,
    values: (m) => ({ image: m[1] ?? '', host: m[2] ?? '' }),
  },
  { code: 'no-space', pattern: /no space left on device/ },
  {
    code: 'oci-executable',
    pattern: /exec: "([^"]{1,200})": (?:executable file not found in \$PATH|stat [^:]+: no such file or directory)/,
    values: (m) => ({ executable: m[1] ?? '' }),
  },
  {
    code: 'oci-mount',
    pattern: /OCI runtime create failed[\s\S]*?(?:error mounting|not a directory|mount through procfd)/,
  },
  { code: 'oci-permission', pattern: /OCI runtime create failed[\s\S]*?permission denied/ },
  {
    code: 'no-such-container',
    pattern: /No such container: ([^\s]{1,200})/,
    values: (m) => ({ name: m[1] ?? '' }),
  },
  {
    code: 'unknown-flag',
    pattern: /unknown shorthand flag: '(.)' in (\S{1,200})|unknown flag: (\S{1,200})/,
    values: (m) => ({ flag: m[2] ?? m[3] ?? '' }),
  },
  { code: 'invalid-reference', pattern: /invalid reference format/ },
]

/** The book's typographic dashes, which a shell takes as part of a word: `—name`, `–d`. */
const TYPOGRAPHIC_DASH = /(?:^|\s)[\u2010-\u2015\u2212]{1,2}[A-Za-z]/

/** A broken line continuation: a backslash followed by spaces, so the next line ran as a command of its own. */
const BROKEN_CONTINUATION = /\\[ \t]+\n|(?:^|\n)\s*-[A-Za-z-]+[^\n]*: command not found/

/**
 * Every common failure recognised in a failed command's output, most specific first; the command line as run helps
 * tell the book's own traps (a typographic dash, a broken continuation) from an ordinary mistake.
 */
export function recogniseCliErrors(output: string, commandLine = ''): CliError[] {
  const text = output.slice(-8000)
  const found: CliError[] = []
  if (TYPOGRAPHIC_DASH.test(commandLine)) found.push({ code: 'typographic-dash', values: {} })
  if (BROKEN_CONTINUATION.test(`${commandLine}\n${text}`)) found.push({ code: 'broken-continuation', values: {} })
  for (const rule of RULES) {
    const m = rule.pattern.exec(text)
    if (!m) continue
    // A typographic dash explains the unknown flag or bad reference it causes: say the cause, not both.
    if ((rule.code === 'unknown-flag' || rule.code === 'invalid-reference') && found.length) continue
    if (rule.code === 'image-not-found' && found.some((f) => f.code === 'image-offline')) continue
    const values = Object.fromEntries(
      Object.entries(rule.values?.(m) ?? {})
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, v.slice(0, 200)]),
    )
    found.push({ code: rule.code, values })
  }
  return found
}
