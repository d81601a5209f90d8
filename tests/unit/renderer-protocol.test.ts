import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, relative, sep } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  RENDERER_CSP,
  RENDERER_INDEX_URL,
  rendererResponse,
  rendererTarget,
  type ReadFile,
} from '../../src/main/app/renderer-files'
import { builtApp } from '../support/built-app'

/**
 * The custom protocol's request → file mapping (src/main/app/renderer-files.ts), run in Node against the real build of
 * the renderer: what Electron's protocol.handle answers with in the app.
 */
const { renderer } = builtApp()

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
}

/** A reader that records every path it is asked for, so a test can prove nothing outside the root was read. */
function recordingReader(): { read: ReadFile; asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    read: (path) => {
      asked.push(path)
      return Promise.resolve(readFileSync(path))
    },
  }
}

const EXPECTED_TYPES: Record<string, RegExp> = {
  '.html': /^text\/html; charset=utf-8$/,
  '.js': /^text\/javascript; charset=utf-8$/,
  '.css': /^text\/css; charset=utf-8$/,
  '.svg': /^image\/svg\+xml$/,
  '.png': /^image\/png$/,
  '.woff2': /^font\/woff2$/,
  '.woff': /^font\/woff$/,
  '.ttf': /^font\/ttf$/,
}

describe('the renderer’s custom protocol (whalebook://app)', () => {
  it('serves every file of the built renderer with its type, the CSP as a header, and the same bytes', async () => {
    const files = filesUnder(renderer)
    expect(files).toContain('index.html')
    // No links: the asar has none either, so a path inside the folder is a file inside it.
    const links = readdirSync(renderer, { recursive: true, withFileTypes: true }).filter((d) => d.isSymbolicLink())
    expect(links).toEqual([])
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    for (const file of files) {
      const url = `whalebook://app/${file.split(sep).map(encodeURIComponent).join('/')}`
      const res = await rendererResponse(new Request(url), renderer)
      expect(res.status, url).toBe(200)
      const want = EXPECTED_TYPES[extname(file)]
      expect(want, `no expected type for ${file}: add it here and to renderer-files.ts`).toBeDefined()
      expect(res.headers.get('content-type'), file).toMatch(want as RegExp)
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(renderer, file))), file).toBe(true)
    }
  })

  it('loads the page the window opens, and every script and stylesheet it links resolves on the scheme', async () => {
    const index = await rendererResponse(new Request(RENDERER_INDEX_URL), renderer)
    expect(index.status).toBe(200)
    const html = await index.text()
    const root = await rendererResponse(new Request('whalebook://app/'), renderer)
    expect(await root.text()).toBe(html)
    // The built page's module script (crossorigin) and stylesheet: same origin on the custom scheme.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string)
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) {
      const url = new URL(ref, RENDERER_INDEX_URL).href
      expect(url.startsWith('whalebook://app/'), url).toBe(true)
      expect((await rendererResponse(new Request(url), renderer)).status, url).toBe(200)
    }
    expect(html).toContain('Content-Security-Policy')
  })

  it('refuses traversal, encoded separators, other hosts and schemes, absolute paths, NUL and hidden files', async () => {
    const cases: Array<[string, number]> = [
      ['whalebook://app/..%2f..%2f..%2fetc%2fpasswd', 400],
      ['whalebook://app/assets%2f..%2f..%2fpackage.json', 400],
      ['whalebook://app/..%5c..%5cwindows%5cwin.ini', 400],
      ['whalebook://app/%2fetc%2fpasswd', 400],
      ['whalebook://app/%5cetc%5cpasswd', 400],
      ['whalebook://app/..\\..\\etc\\passwd', 400],
      ['whalebook://app//etc/passwd', 400],
      ['whalebook://app/C:/Windows/win.ini', 400],
      ['whalebook://app/C%3a%5cWindows%5cwin.ini', 400],
      ['whalebook://app/index.html%00.js', 400],
      ['whalebook://app/index.html\u0000', 400],
      ['whalebook://app/%c0%ae%c0%ae/etc/passwd', 400],
      ['whalebook://app/.env', 400],
      ['whalebook://app/assets/.hidden.js', 400],
      ['whalebook://evil/index.html', 403],
      ['whalebook:///etc/passwd', 403],
      ['whalebook://user:pw@app/index.html', 403],
      ['file:///etc/passwd', 400],
      ['https://app/index.html', 400],
      ['whalebook://app/assets/', 400],
      ['whalebook://app/assets', 404],
      ['whalebook://app/no-such.js', 404],
      ['whalebook://app/package.json.exe', 404],
    ]
    const { read, asked } = recordingReader()
    for (const [url, status] of cases) {
      const res = await rendererResponse({ url, method: 'GET' }, renderer, read)
      expect(res.status, url).toBe(status)
      expect(res.headers.get('content-security-policy'), url).toBe(RENDERER_CSP)
    }
    // Dot segments, raw or encoded, are folded by the URL parser before mapping: they stay inside the folder.
    for (const url of ['whalebook://app/../../../../etc/passwd', 'whalebook://app/%2e%2e/%2E%2e/etc/passwd']) {
      expect(rendererTarget(url)).toEqual({ ok: false, status: 404, reason: 'not a type the renderer serves' })
    }
    const inside = await rendererResponse({ url: 'whalebook://app/../index.html', method: 'GET' }, renderer, read)
    expect(inside.status).toBe(200)
    // The positive witness: a read happened, and every read was inside the renderer's folder.
    expect(asked).toContain(join(renderer, 'index.html'))
    for (const path of asked) expect(path.startsWith(renderer + sep), path).toBe(true)
  })

  it('answers only GET and HEAD', async () => {
    const post = await rendererResponse({ url: RENDERER_INDEX_URL, method: 'POST' }, renderer)
    expect(post.status).toBe(405)
    const head = await rendererResponse({ url: RENDERER_INDEX_URL, method: 'HEAD' }, renderer)
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await head.text()).toBe('')
  })

  it('never reads outside its folder, whatever the path (property test)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wb-renderer-'))
    mkdirSync(join(root, 'assets'))
    writeFileSync(join(root, 'index.html'), '<!doctype html>')
    writeFileSync(join(root, 'assets', 'a.js'), '')
    // A secret beside the folder, with names an attacker would aim at.
    writeFileSync(join(root, '..', `secret-${relative(tmpdir(), root)}.js`), 'secret')
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', '\\', '%00', '', 'assets', 'a.js'),
      fc.string({ maxLength: 6 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 6 }), fc.constantFrom('', '.js', '.html'), async (parts, ext) => {
        const { read, asked } = recordingReader()
        const res = await rendererResponse(
          { url: `whalebook://app/${parts.join('/')}${ext}`, method: 'GET' },
          root,
          read,
        )
        for (const path of asked) expect(relative(root, path).startsWith('..')).toBe(false)
        if (res.status === 200) expect(asked).toHaveLength(1)
      }),
      { numRuns: 2000 },
    )
  })
})
