import { readFile } from 'node:fs/promises'
import { extname, join, relative, isAbsolute, sep } from 'node:path'

/**
 * How the built renderer is served to the window: from `whalebook://app/…`, a privileged standard scheme, never from
 * file:// (with the GrantFileProtocolExtraPrivileges fuse off, a file:// page's module script is a CORS request from an
 * opaque origin and is refused). Everything here is plain Node, so the mapping is tested against the real build.
 */
export const RENDERER_SCHEME = 'whalebook'
export const RENDERER_HOST = 'app'
export const RENDERER_INDEX_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`

/**
 * The page's policy, sent as a header with every file (the page's own meta tag says the same; a header also covers
 * what a meta tag cannot, frame-ancestors). xterm.js's DOM renderer writes <style> elements and style attributes:
 * see docs/architecture.md for 'unsafe-inline' in style-src.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers every renderer file is served with, by the custom protocol and by `serve`. */
export const RENDERER_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** The types a Vite build of the renderer produces; any other file is not served. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function rendererContentType(path: string): string | undefined {
  return TYPES[extname(path).toLowerCase()]
}

export type RendererTarget =
  { ok: true; segments: string[]; type: string } | { ok: false; status: 400 | 403 | 404; reason: string }

const refuse = (status: 400 | 403 | 404, reason: string): RendererTarget => ({ ok: false, status, reason })

/**
 * Which file of the built renderer a URL names, or why none. Only `whalebook://app/<path>` is served; each path
 * segment, once percent-decoded, must be a plain file or folder name: no separator of either OS (so %2f and %5c
 * cannot smuggle one), no '.', '..', hidden names, drive letters or NUL. The URL parser has already folded raw and
 * encoded dot segments; what is left cannot leave the renderer's folder.
 */
export function rendererTarget(url: string): RendererTarget {
  if (url.includes('\0') || url.includes('\\')) return refuse(400, 'NUL or backslash in the URL')
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return refuse(400, 'not a URL')
  }
  if (u.protocol !== `${RENDERER_SCHEME}:`) return refuse(400, 'not the renderer’s scheme')
  if (u.host !== RENDERER_HOST || u.username !== '' || u.password !== '') return refuse(403, 'not the renderer’s host')
  const path = u.pathname === '/' ? '/index.html' : u.pathname
  const segments: string[] = []
  for (const raw of path.slice(1).split('/')) {
    let name: string
    try {
      name = decodeURIComponent(raw)
    } catch {
      return refuse(400, 'malformed percent-encoding')
    }
    if (name === '' || name.startsWith('.') || /[/\\:\0]/.test(name)) return refuse(400, `not a file name: ${raw}`)
    segments.push(name)
  }
  const type = rendererContentType(segments[segments.length - 1] ?? '')
  if (!type) return refuse(404, 'not a type the renderer serves')
  return { ok: true, segments, type }
}

export type ReadFile = (path: string) => Promise<Uint8Array>

function within(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..')
}

const plain = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...RENDERER_HEADERS },
  })

/**
 * The protocol handler's answer to one request: the file with its type and the security headers, or a refusal.
 * `root` is the built renderer's folder (inside the asar in a packaged app, which Electron's fs reads).
 */
export async function rendererResponse(
  request: Pick<Request, 'url' | 'method'>,
  root: string,
  read: ReadFile = (path) => readFile(path),
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
  const target = rendererTarget(request.url)
  if (!target.ok) return plain(target.status, target.reason)
  const file = join(root, ...target.segments)
  if (!within(root, file)) return plain(400, 'outside the renderer')
  let body: Uint8Array
  try {
    body = await read(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
      ? plain(404, 'Not found')
      : plain(500, 'Cannot read the file')
  }
  // A file read into memory is backed by an ordinary ArrayBuffer (never shared memory), as a Response body must be.
  return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers: { 'Content-Type': target.type, ...RENDERER_HEADERS },
  })
}
