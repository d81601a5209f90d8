import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSafeExternalUrl, isTrustedRendererUrl } from '../../src/main/app/navigation-policy'
import { DEFAULT_WINDOW, loadWindowState, saveWindowState } from '../../src/main/app/window-state'
import { parseServeArgs } from '../../src/main/serve-args'

describe('security baseline', () => {
  it('opens only http(s) links externally', () => {
    expect(isSafeExternalUrl('https://docs.docker.com/engine/install/')).toBe(true)
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 'ms-settings:']) {
      expect(isSafeExternalUrl(bad)).toBe(false)
    }
  })

  it('trusts IPC (and navigation) only from the app’s own page on its custom scheme, never file://', () => {
    const expected = { app: 'whalebook://app/index.html' }
    expect(isTrustedRendererUrl('whalebook://app/index.html', expected)).toBe(true)
    expect(isTrustedRendererUrl('whalebook://app/index.html#/chapter/2.3', expected)).toBe(true)
    for (const url of [
      'file:///opt/whalebook/resources/app.asar/out/renderer/index.html',
      'whalebook://other/index.html',
      'whalebook://app/assets/index.js',
      'whalebook://user@app/index.html',
      'whalebook:///index.html',
      'other://app/index.html',
      'file:///tmp/evil.html',
      'https://example.com/',
      'not a url',
    ]) {
      expect(isTrustedRendererUrl(url, expected), url).toBe(false)
    }
    expect(isTrustedRendererUrl(undefined, expected)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5173/', { devServer: 'http://localhost:5173' })).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', { devServer: 'http://localhost:5173' })).toBe(false)
    expect(isTrustedRendererUrl('whalebook://app/index.html', { devServer: 'http://localhost:5173' })).toBe(false)
  })
})

describe('window state', () => {
  const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }]

  it('round-trips through an atomic write', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wb-ws-')), 'window-state.json')
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true, zoom: 1.25 })
    expect(loadWindowState(file, displays)).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
      zoom: 1.25,
    })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ x: 100 })
  })

  it('ignores a missing or corrupt file and re-centres a window left on an unplugged monitor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-ws-'))
    expect(loadWindowState(join(dir, 'none.json'), displays)).toEqual(DEFAULT_WINDOW)
    writeFileSync(join(dir, 'bad.json'), '{"x": 1, "y":')
    expect(loadWindowState(join(dir, 'bad.json'), displays)).toEqual(DEFAULT_WINDOW)
    writeFileSync(join(dir, 'off.json'), JSON.stringify({ x: 3000, y: 100, width: 900, height: 600 }))
    expect(loadWindowState(join(dir, 'off.json'), displays)).toMatchObject({ x: -1, y: -1, width: 900, height: 600 })
  })
})

describe('serve arguments', () => {
  it('parses --port and --host, with env fallbacks', () => {
    expect(parseServeArgs(['--port', '9000'], {})).toEqual({ host: '127.0.0.1', port: 9000 })
    expect(parseServeArgs(['--port=0', '--host=::1'], {})).toEqual({ host: '::1', port: 0 })
    expect(parseServeArgs([], { WHALEBOOK_PORT: '8899' })).toEqual({ host: '127.0.0.1', port: 8899 })
    expect(() => parseServeArgs(['--port', 'abc'], {})).toThrow(/Invalid port/)
    expect(() => parseServeArgs(['--bogus'], {})).toThrow(/Unknown argument/)
  })
})
