import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@shared/transport'
import { nasty } from '../support/fuzz-parts'
import { rawExchange } from '../support/raw-http'
import { startServe, type ServeProcess } from '../support/serve-process'
import { RawBridgeClient } from '../support/ws-client'

/**
 * A real `serve` process takes a few thousand malformed HTTP requests and WebSocket frames (fast-check generates
 * them; every run is bounded in count and time, and stays on loopback). Afterwards it must still be running, and the
 * client with the token must still work.
 */

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'TRACE', 'G\x00T', 'get', '']

const pathPart = fc.oneof(fc.string({ maxLength: 40 }), nasty, fc.constantFrom('api', 'index.html', 'assets'))
const parts = fc.array(pathPart, { maxLength: 8 }).map((p) => p.join(''))
/** Mostly origin-form targets (`/…`), where parsers are most trusting; sometimes anything at all. */
const path = fc.oneof(
  { weight: 6, arbitrary: parts.map((p) => `/${p}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('//', '/\\', '/api', '/?token='), parts).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: parts },
)
const headerName = fc.oneof(
  fc.constantFrom(
    'Host',
    'Origin',
    'Cookie',
    'Range',
    'Upgrade',
    'Connection',
    'Sec-WebSocket-Key',
    'Sec-WebSocket-Version',
    'Sec-WebSocket-Protocol',
    'Content-Length',
    'Transfer-Encoding',
    'Expect',
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
)
const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  nasty,
  fc.constantFrom(
    'websocket',
    'Upgrade',
    '13',
    'dGhlIHNhbXBsZSBub25jZQ==',
    'bytes=30-2',
    'chunked',
    '100-continue',
    '-1',
    '99999999999',
  ),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
  parts.map((p) => `whalebook_token=${p}`),
)

function request(port: number) {
  const host = fc.constantFrom(`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '')
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path,
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', ''),
      host: fc.option(host),
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
      body: fc.option(fc.string({ maxLength: 200 })),
    })
    .map(({ method, path: p, version, host: h, headers, body }) => {
      const lines = [`${method} ${p} ${version}`]
      if (h !== null) lines.push(`Host: ${h}`)
      for (const [name, value] of headers) lines.push(`${name}: ${value}`)
      return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`, 'utf8')
    })
}

const SAFE_METHODS = [
  'app.info',
  'engine.status',
  'terminal.list',
  'terminal.write',
  'terminal.resize',
  'terminal.ack',
  'terminal.attach',
  'tutorial.chapter',
  'tutorial.search',
  'resources.inspect',
  'resources.logs',
  'no.such.method',
]

const frame = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      method: fc.oneof(fc.constantFrom(...SAFE_METHODS), fc.string(), fc.integer()),
      params: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.object()),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ id: fc.nat(), method: fc.constantFrom(...SAFE_METHODS), params: fc.jsonValue({ maxDepth: 2 }) })
    .map((v) => JSON.stringify(v)),
)

describe('serve survives malformed requests and frames (fuzz)', () => {
  let app: ServeProcess
  let port: number

  beforeAll(async () => {
    app = await startServe({ DOCKER_HOST: inject('dockerHost') })
    port = Number(new URL(app.url).port)
  })
  afterAll(() => app?.stop())

  async function stillServes(): Promise<void> {
    expect(app.exited(), app.output()).toBe(false)
    const client = await RawBridgeClient.connect(`ws://127.0.0.1:${port}/api`, { token: app.token })
    expect(await client.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook', transport: 'ws' } })
    client.close()
  }

  it('answers 2,000 malformed HTTP requests and upgrades with a status or a closed socket', async () => {
    await fc.assert(
      fc.asyncProperty(request(port), async (bytes) => {
        const line = await rawExchange(port, bytes, 3000)
        // An answer is a status line, or nothing at all (the socket closed): never a hang, never a crash.
        expect(line === '' || /^HTTP\/1\.1 \d{3} /.test(line)).toBe(true)
        expect(app.exited(), app.output()).toBe(false)
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 25_000 },
    )
    await stillServes()
  }, 60_000)

  it('answers 2,000 malformed WebSocket frames with typed errors, and survives invalid and oversized ones', async () => {
    const client = await RawBridgeClient.connect(`ws://127.0.0.1:${port}/api`, { token: app.token })
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const reply = await client.sendRawAny(text)
        expect('result' in reply || 'error' in reply).toBe(true)
        expect(app.exited(), app.output()).toBe(false)
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 20_000 },
    )
    // Binary and oversized frames.
    expect(await client.sendRawAny(Buffer.from([0xff, 0x00, 0x12]))).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    client.socket.send(Buffer.alloc(9 * 1024 * 1024, 0x7b))
    await new Promise((r) => client.socket.once('close', r))
    expect(client.closed?.code).toBe(1009)
    // Bytes that are no WebSocket frame at all, after a valid handshake.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (garbage) => {
        const handshake =
          `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
          `Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${app.token}\r\n\r\n`
        const line = await rawExchange(port, Buffer.concat([Buffer.from(handshake), garbage]), 3000)
        expect(line).toBe('HTTP/1.1 101 Switching Protocols')
      }),
      { numRuns: 200, interruptAfterTimeLimit: 10_000 },
    )
    await stillServes()
  }, 60_000)
})
