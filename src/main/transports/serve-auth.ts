import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@shared/transport'

/**
 * Everything the serve bridge decides about a request before it touches it, as pure functions over untrusted
 * strings: none of them throws, whatever a web page, a local process or a fuzzer sends.
 */

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

/**
 * The path of a request target, or undefined when it is not an origin-form path we serve (`//`, `/\`, absolute
 * URLs, `*`, control characters). Percent-escapes are left alone: the static server resolves them itself.
 */
export function requestPath(target: string | undefined): string | undefined {
  if (!target || target[0] !== '/' || target.length > 2048) return undefined
  // `//host` and `/\host` would be read as another authority by URL parsers (and by browsers following a redirect).
  if (target[1] === '/' || target[1] === '\\') return undefined
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return undefined
  const end = target.search(/[?#]/)
  return end === -1 ? target : target.slice(0, end)
}

/** The subprotocols a WebSocket upgrade offers, from its `Sec-WebSocket-Protocol` header(s). */
function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  const raw = headers['sec-websocket-protocol']
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '')
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

/** Whether an upgrade speaks our protocol and proves it holds the token (in its second subprotocol). */
export function upgradeHasToken(headers: IncomingHttpHeaders, token: string): boolean {
  const offered = offeredProtocols(headers)
  if (!offered.includes(WS_PROTOCOL)) return false
  return offered.some(
    (p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX) && safeEqual(p.slice(WS_TOKEN_PROTOCOL_PREFIX.length), token),
  )
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host)
}

function hostMatches(value: string | undefined, port: number): boolean {
  if (typeof value !== 'string') return false
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value)
  return !!m && LOOPBACK_NAMES.has((m[1] ?? '').toLowerCase()) && Number(m[2]) === port
}

/**
 * The Host (and Origin, when a browser sends one) must name this loopback server: that stops
 * DNS rebinding and other sites' pages from reaching the bridge even if they guessed the port.
 */
export function isSameLoopbackOrigin(headers: IncomingHttpHeaders, port: number): boolean {
  if (!hostMatches(headers.host, port)) return false
  const origin = headers.origin
  if (origin === undefined) return true
  const m = /^http:\/\/([^/?#]+)$/.exec(origin)
  return !!m && hostMatches(m[1], port)
}
