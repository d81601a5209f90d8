import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_COOKIE, TOKEN_QUERY } from '@shared/transport'

export function createToken(): string {
  return randomBytes(24).toString('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

/** How a request proved it holds the token, if it did. */
export function tokenOf(req: IncomingMessage, token: string): 'query' | 'cookie' | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const q = url.searchParams.get(TOKEN_QUERY)
  if (q !== null && safeEqual(q, token)) return 'query'
  const c = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  if (c !== undefined && safeEqual(c, token)) return 'cookie'
  return undefined
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * The Host (and Origin, when a browser sends one) must name this loopback server: that stops
 * DNS rebinding and other sites' pages from reaching the bridge even if they guessed the port.
 */
export function isSameLoopbackOrigin(req: IncomingMessage, port: number): boolean {
  const hostOk = (value: string | undefined): boolean => {
    if (!value) return false
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value)
    return !!m && LOOPBACK_NAMES.has(m[1] ?? '') && Number(m[2]) === port
  }
  if (!hostOk(req.headers.host)) return false
  const origin = req.headers.origin
  if (origin === undefined) return true
  try {
    const u = new URL(origin)
    return u.protocol === 'http:' && hostOk(u.host)
  } catch {
    return false
  }
}
