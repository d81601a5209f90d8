import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MAX_WS_CLIENTS } from '@shared/limits'
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@shared/transport'
import { createBackend, type Backend } from '../../src/main/backend'
import { CLOSE_POLICY, startServeBridge, type ServeBridge } from '../../src/main/transports/ws-bridge'
import { serverVersion } from '../support/docker-cli'
import { rawExchange } from '../support/raw-http'
import { waitFor } from '../support/wait'
import { RawBridgeClient } from '../support/ws-client'

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('serve bridge (WebSocket transport) against the private engine', () => {
  let backend: Backend
  let bridge: ServeBridge
  let wsBase: string
  const logged: string[] = []
  const dockerHost = inject('dockerHost')
  const staticDir = mkdtempSync(join(tmpdir(), 'wb-static-'))

  beforeAll(async () => {
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Whalebook</title>')
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'assets', 'Panel-1.js'), 'export default 1')
    backend = createBackend({ version: '0.0.0-test', env: { ...process.env, DOCKER_HOST: dockerHost }, log: () => {} })
    bridge = await startServeBridge({ backend, staticDir, port: 0, log: (m) => logged.push(m) })
    wsBase = `ws://127.0.0.1:${bridge.port}/api`
  })
  afterAll(async () => {
    await bridge?.close()
    await backend?.dispose()
  })

  it('prints a loopback URL that carries the token', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=${bridge.token}$`))
    expect(bridge.token.length).toBeGreaterThanOrEqual(32)
  })

  it('serves the app’s public files and never puts the token in a cookie or a header', async () => {
    const base = `http://127.0.0.1:${bridge.port}/`
    for (const url of [base, bridge.url]) {
      const res = await get(url)
      expect(res.status).toBe(200)
      expect(res.body).toContain('<title>Whalebook</title>')
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(JSON.stringify(res.headers)).not.toContain(bridge.token)
      expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'")
    }
    expect((await get(`${base}nope.js`)).status).toBe(404)
  })

  it('answers a file that went missing or cannot be read with an error, and goes on serving', async () => {
    const base = `http://127.0.0.1:${bridge.port}/`
    const panel = await get(`${base}assets/Panel-1.js`)
    expect(panel).toMatchObject({ status: 200, body: 'export default 1' })
    expect(panel.headers['content-type']).toBe('text/javascript; charset=utf-8')
    // A new build replaced the files while the backend ran: the page's lazy part is gone.
    rmSync(join(staticDir, 'assets', 'Panel-1.js'))
    expect((await get(`${base}assets/Panel-1.js`)).status).toBe(404)
    // A folder where a file is named: no stream to read, nothing to crash.
    mkdirSync(join(staticDir, 'assets', 'Folder.js'))
    expect((await get(`${base}assets/Folder.js`)).status).toBe(404)
    const index = await get(base)
    expect(index).toMatchObject({ status: 200, body: expect.stringContaining('<title>Whalebook</title>') })
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'none'")
  })

  it('refuses another Host name (DNS rebinding)', async () => {
    const res = await get(bridge.url, { host: `evil.example:${bridge.port}` })
    expect(res.status).toBe(403)
  })

  it('opens the API only with the token as a subprotocol, from this origin', async () => {
    await expect(RawBridgeClient.connect(wsBase)).rejects.toThrow('HTTP 401')
    await expect(RawBridgeClient.connect(wsBase, { token: 'x'.repeat(bridge.token.length) })).rejects.toThrow(
      'HTTP 401',
    )
    // The token in the query string (as the old cookie scheme allowed) proves nothing now.
    await expect(RawBridgeClient.connect(`${wsBase}?token=${bridge.token}`)).rejects.toThrow('HTTP 401')
    // The token protocol without ours, or ours without the token.
    await expect(
      RawBridgeClient.connect(wsBase, { protocols: [`${WS_TOKEN_PROTOCOL_PREFIX}${bridge.token}`] }),
    ).rejects.toThrow('HTTP 401')
    await expect(RawBridgeClient.connect(wsBase, { protocols: [WS_PROTOCOL] })).rejects.toThrow('HTTP 401')
    await expect(
      RawBridgeClient.connect(wsBase, { token: bridge.token, headers: { origin: 'http://evil.example' } }),
    ).rejects.toThrow('HTTP 403')
    const ok = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    expect(ok.socket.protocol).toBe(WS_PROTOCOL)
    ok.close()
  })

  it('answers engine.status with the private engine’s real version', async () => {
    const client = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    const reply = await client.call('engine.status', {})
    expect(reply).toMatchObject({ result: { state: 'connected', identity: { version: serverVersion(dockerHost) } } })
    client.close()
  })

  it('gives typed errors for bad calls, and the next valid call still works', async () => {
    const client = await RawBridgeClient.connect(wsBase, { token: bridge.token })

    expect(await client.call('engine.launchMissiles', {})).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
    expect(await client.call(42, {})).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
    expect(await client.call('app.info', 'not an object')).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(await client.call('app.info', { unexpected: true })).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    const big = await client.call('app.info', { blob: 'x'.repeat(2 * 1024 * 1024) })
    expect(big).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(await client.sendRaw('{not json')).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(await client.sendRaw(JSON.stringify({ method: 'app.info' }))).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    })
    expect(await client.sendRaw(JSON.stringify({ id: -1, method: 'app.info' }))).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    })
    expect(await client.sendRaw('null')).toMatchObject({ error: { code: 'BAD_REQUEST' } })

    expect(await client.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook', transport: 'ws' } })
    client.close()
  })

  it('survives the requests that used to end the process, answering each with a status', async () => {
    const port = bridge.port
    const h = `Host: 127.0.0.1:${port}\r\n`
    const upgrade = `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n`
    const cases: Array<[string, RegExp]> = [
      [`GET // HTTP/1.1\r\n${h}\r\n`, /^HTTP\/1\.1 400/],
      [`GET /\\ HTTP/1.1\r\n${h}\r\n`, /^HTTP\/1\.1 400/],
      [`GET /?token=%E0%A4%A HTTP/1.1\r\n${h}\r\n`, /^HTTP\/1\.1 200/],
      [`GET /%E0%A4%A HTTP/1.1\r\n${h}\r\n`, /^HTTP\/1\.1 400/],
      [`GET / HTTP/1.1\r\n${h}Cookie: whalebook_token=%E0%A4%A\r\n\r\n`, /^HTTP\/1\.1 200/],
      [`GET /index.html HTTP/1.1\r\n${h}Range: bytes=30-2\r\n\r\n`, /^HTTP\/1\.1 200/],
      [`GET // HTTP/1.1\r\n${h}${upgrade}\r\n`, /^HTTP\/1\.1 404/],
      [`GET /api?token=%zz HTTP/1.1\r\n${h}${upgrade}\r\n`, /^HTTP\/1\.1 401/],
      [`GET http://127.0.0.1/ HTTP/1.1\r\n${h}\r\n`, /^HTTP\/1\.1 400/],
      [`POST / HTTP/1.1\r\n${h}Content-Length: 3\r\n\r\nabc`, /^HTTP\/1\.1 405/],
      [`GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n`, /^HTTP\/1\.1 403/],
      [`GET / HTTP/1.1\r\n\r\n`, /^HTTP\/1\.1 400/],
      [`GARBAGE\r\n\r\n`, /^HTTP\/1\.1 400/],
    ]
    for (const [bytes, status] of cases) {
      expect(await rawExchange(port, bytes), JSON.stringify(bytes)).toMatch(status)
    }
    const client = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    expect(await client.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook' } })
    client.close()
  })

  it('caps its connections, and a closed one makes room', async () => {
    const clients: RawBridgeClient[] = []
    await waitFor('earlier clients to be gone', () => bridge.clients === 0 || undefined)
    for (let i = 0; i < MAX_WS_CLIENTS; i++)
      clients.push(await RawBridgeClient.connect(wsBase, { token: bridge.token }))
    await expect(RawBridgeClient.connect(wsBase, { token: bridge.token })).rejects.toThrow('HTTP 503')
    clients.pop()?.close()
    await waitFor('a slot to free', () => bridge.clients < MAX_WS_CLIENTS || undefined)
    clients.push(await RawBridgeClient.connect(wsBase, { token: bridge.token }))
    for (const c of clients) c.close()
  })

  it('closes a client that stops reading, with a clear reason, and keeps serving the others', async () => {
    await waitFor('earlier clients to be gone', () => bridge.clients === 0 || undefined)
    const driver = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    const stalled = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    // The stalled client's socket stops reading: what the bridge sends it piles up on the server's side.
    const tcp = (stalled.socket as unknown as { _socket: import('node:net').Socket })._socket
    tcp.pause()
    const t = await driver.call('terminal.create', { cols: 80, rows: 24 })
    const terminalId = (t as { result: { terminalId: string } }).result.terminalId
    await driver.call('terminal.run', { terminalId, command: 'yes whalebook-flood-line', force: true })
    await waitFor('the bridge to give up on the stalled client', () => logged.some((l) => l.includes('unread')), 60_000)
    await driver.call('terminal.write', { terminalId, data: '\x03' })
    // Once the client reads again, the close frame with its reason arrives behind the backlog, and the slot frees.
    tcp.resume()
    await waitFor('the close frame behind the backlog', () => stalled.closed, 60_000)
    await waitFor('its slot to free', () => bridge.clients === 1 || undefined)
    expect(stalled.closed).toMatchObject({ code: CLOSE_POLICY, reason: expect.stringContaining('Too slow') })
    // Closed by the bridge, and said so once: not also as a client lost.
    const slow = /closing (ws-\d+)/.exec(logged.find((l) => l.includes('unread')) ?? '')?.[1]
    expect(slow).toMatch(/^ws-\d+$/)
    expect(logged.filter((l) => l.includes(`${slow} lost`))).toEqual([])
    expect(await driver.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook' } })
    await driver.call('terminal.kill', { terminalId })
    driver.close()
  }, 120_000)

  it('logs a client that vanished or closed oddly (its reason quoted), and not one that closed in order', async () => {
    await waitFor('earlier clients to be gone', () => bridge.clients === 0 || undefined)
    const lost = (): string[] => logged.filter((l) => / lost \(/.test(l))
    const before = lost().length
    const orderly = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    orderly.close()
    await waitFor('the orderly client to be gone', () => bridge.clients === 0 || undefined)
    const vanished = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    // Its TCP connection dropped with no close frame: a killed page, a machine that slept.
    ;(vanished.socket as unknown as { _socket: import('node:net').Socket })._socket.destroy()
    await waitFor('the vanished client to be gone', () => bridge.clients === 0 || undefined)
    // A code of its own, with a reason that would write a line and clear the screen of whoever reads the log.
    const odd = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    odd.socket.close(4000, 'bye\n\x1b[2J\u009b31m\u2028')
    await waitFor('the odd client to be gone', () => bridge.clients === 0 || undefined)
    expect(lost().slice(before)).toEqual([
      expect.stringMatching(/^\[whalebook\] ws-\d+ lost \(1006\)$/),
      expect.stringMatching(/^\[whalebook\] ws-\d+ lost \(4000: "bye\\n\\u001b\[2J\\u009b31m\\u2028"\)$/),
    ])
    // A bridge that shuts down ends its clients itself: none of them is logged as lost.
    const ownLog: string[] = []
    const other = await startServeBridge({ backend, staticDir, port: 0, log: (m) => ownLog.push(m) })
    const open = await RawBridgeClient.connect(`ws://127.0.0.1:${other.port}/api`, { token: other.token })
    await other.close()
    await waitFor('the client to see the end', () => open.closed)
    expect(ownLog).toEqual([])
  })

  it('writes a binary terminal.write byte for byte (an X10 mouse report past column 95), and refuses one that is not bytes', async () => {
    const client = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    const created = await client.call('terminal.create', { cols: 80, rows: 24 })
    const terminalId = (created as { result: { terminalId: string } }).result.terminalId
    // The terminal raw, so that every byte reaches the reader as it was written; od shows each one.
    await client.call('terminal.run', {
      terminalId,
      // The markers are split in the command line, whose echo would otherwise show them before they are printed.
      command: "stty raw -echo; echo want-''bytes; head -c 10 | od -An -tx1 | tr -d ' \\n'; echo ' :'got; stty sane",
      force: true,
    })
    await waitFor('the reader', () => client.output(terminalId).includes('want-bytes') || undefined, 30_000)
    // Refused, and nothing of it written: the reader gets only the two writes that follow.
    const refused = await client.call('terminal.write', { terminalId, data: '\x1b[M \u0100!', binary: true })
    expect(refused).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    // A press at column 128, row 193 in X10: ESC [ M, then 32 + button, 32 + column, 32 + row, as bytes.
    expect(await client.call('terminal.write', { terminalId, data: '\x1b[M \xa0\xe1', binary: true })).toMatchObject({
      result: { ok: true },
    })
    // The same characters as text are UTF-8: two bytes each past 127.
    await client.call('terminal.write', { terminalId, data: '\xa0\xe1' })
    await waitFor('the bytes read', () => client.output(terminalId).includes(':got') || undefined, 30_000)
    expect(client.output(terminalId)).toContain('1b5b4d20a0e1c2a0c3a1 :got')
    await client.call('terminal.kill', { terminalId })
    client.close()
  })

  it('sends a terminal’s output as its UTF-8 bytes in binary frames, each whole and joining the last', async () => {
    const client = await RawBridgeClient.connect(wsBase, { token: bridge.token })
    const frames = { binary: 0, text: 0 }
    client.socket.on('message', (_data, isBinary) => void (isBinary ? frames.binary++ : frames.text++))
    const created = await client.call('terminal.create', { cols: 80, rows: 24 })
    const terminalId = (created as { result: { terminalId: string } }).result.terminalId
    // Wide characters and one outside the BMP, in more output than one batch holds.
    await client.call('terminal.run', {
      terminalId,
      command: `for i in $(seq 4000); do printf '容器😀 %s\\n' "$i"; done`,
      force: true,
    })
    await waitFor('the last line', () => client.output(terminalId).includes('容器😀 4000') || undefined, 60_000)
    const pieces = client.events
      .filter((e) => e.event === 'terminal.data')
      .map((e) => e.payload as { terminalId: string; data: Uint8Array; offset: number; chars: number })
    expect(frames.binary).toBe(pieces.length)
    expect(frames.text).toBeGreaterThan(0)
    const mine = pieces.filter((p) => p.terminalId === terminalId)
    expect(mine.length).toBeGreaterThan(1)
    const fatal = new TextDecoder('utf-8', { fatal: true })
    let position = mine[0]?.offset ?? -1
    for (const piece of mine) {
      expect(piece.data).toBeInstanceOf(Uint8Array)
      expect(piece.offset).toBe(position)
      // Each piece is whole UTF-8, as long in characters as it says.
      expect(fatal.decode(piece.data).length).toBe(piece.chars)
      position += piece.chars
    }
    expect(client.output(terminalId)).toContain('容器😀 1\r\n容器😀 2\r\n')
    await client.call('terminal.kill', { terminalId })
    client.close()
  }, 90_000)

  it('will not listen on a non-loopback address', async () => {
    await expect(startServeBridge({ backend, staticDir: tmpdir(), host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
  })
})
