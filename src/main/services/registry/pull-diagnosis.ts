import type { PullProblem, PullProblemKind } from '@shared/contract'

/**
 * Reads why a pull failed from the engine's message (the Pull button's stream error, a `docker pull`/`run`/`build`
 * in the terminal, the GPU test). The engine's wording is the only source; the patterns below are the ones dockerd
 * and the distribution client have printed for years, checked against real messages in tests/unit/pull-diagnosis.
 */
const RULES: Array<[PullProblemKind, RegExp]> = [
  ['disk-full', /no space left on device/i],
  ['rate-limited', /toomanyrequests|too many requests|pull rate limit|\b429\b/i],
  ['proxy', /proxyconnect|proxy authentication required|\b407\b/i],
  ['insecure-registry', /server gave HTTP response to HTTPS client/i],
  ['tls', /x509:|tls: |certificate (?:signed by unknown authority|is (?:not )?valid|has expired)|remote error: tls/i],
  ['dns', /no such host|server misbehaving|temporary failure in name resolution|name or service not known/i],
  ['refused', /connection refused|connect: no route to host|network is unreachable|connection reset by peer/i],
  [
    'timeout',
    /i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|context deadline exceeded|request canceled while waiting/i,
  ],
  [
    'v1-schema',
    /manifest version 2, schema 1|schema ?1 support|application\/vnd\.docker\.distribution\.manifest\.v1|Image Format v1/i,
  ],
  ['platform', /no matching manifest for|does not match the specified platform/i],
  ['not-found-or-private', /pull access denied|repository does not exist or may require/i],
  [
    'unauthorized',
    /unauthorized|authentication required|no basic auth credentials|denied: requested access|\b401\b|\b403\b|forbidden/i,
  ],
  ['not-found', /manifest unknown|not found: manifest|manifest for \S+ not found|No such image|name unknown|\b404\b/i],
]

/** A failed request's host, from `Get "https://host/v2/…"`, `lookup host`, or `dial tcp host:port`. */
function hostOf(message: string): string | null {
  const url = /"(https?:\/\/[^"/\s]+)[^"]*"/.exec(message)
  if (url?.[1]) {
    try {
      return new URL(url[1]).host
    } catch {
      // fall through to the other forms
    }
  }
  const lookup = /lookup ([\w.-]+)(?: on |:|$)/.exec(message)
  if (lookup?.[1]) return lookup[1]
  const dial = /dial tcp ([\w.-]+|\[[0-9a-f:]+\]):(\d+)/i.exec(message)
  return dial ? `${dial[1]}:${dial[2]}` : null
}

/** host[:port] of a mirror address as configured (`https://mirror.example.com`, `http://127.0.0.1:5000/`). */
export function mirrorHost(mirror: string): string | null {
  try {
    return new URL(mirror).host
  } catch {
    return null
  }
}

/** Same host, and the same port where both name one (messages often leave the default port out). */
function sameHost(a: string, b: string): boolean {
  const split = (h: string): [string, string | undefined] => {
    const m = /^(.*?)(?::(\d+))?$/.exec(h.toLowerCase())
    return [m?.[1] ?? h, m?.[2]]
  }
  const [ha, pa] = split(a)
  const [hb, pb] = split(b)
  return ha === hb && (pa === undefined || pb === undefined || pa === pb)
}

/**
 * The line of a command's output that reports a failed pull, if any: dockerd's `Error response from daemon: …` (from
 * `docker pull` and `docker run`), or BuildKit's `failed to resolve source metadata …` / `failed to do request …` (from
 * `docker build`), and only when it reads like a registry problem, not a program's own failure.
 */
export function pullFailureLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/).reverse()
  return lines.find(
    (line) =>
      /Error response from daemon|failed to (?:resolve|solve|do request|fetch|copy)|error pulling|toomanyrequests/i.test(
        line,
      ) && RULES.some(([kind, re]) => kind !== 'other' && re.test(line)),
  )
}

export function looksLikePullFailure(message: string): boolean {
  return pullFailureLine(message) !== undefined
}

export function diagnosePull(message: string, mirrors: string[] = []): PullProblem {
  const text = message.trim().slice(-4000)
  const kind = RULES.find(([, re]) => re.test(text))?.[0] ?? 'other'
  const host = hostOf(text)
  let via: PullProblem['via'] = null
  if (mirrors.length > 0 && host) {
    via = mirrors.some((m) => {
      const h = mirrorHost(m)
      return h !== null && sameHost(h, host)
    })
      ? 'mirror'
      : 'upstream'
  }
  return { kind, host, via, message: text }
}
