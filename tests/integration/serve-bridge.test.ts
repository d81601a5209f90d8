import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/services'
import { startServeBridge, type ServeBridge } from '../../src/main/transports/ws-bridge'
import { serverVersion } from '../support/docker-cli'
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
  const dockerHost = inject('dockerHost')

  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'wb-static-'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Whalebook</title>')
    backend = createBackend({ version: '0.0.0-test', env: { ...process.env, DOCKER_HOST: dockerHost }, log: () => {} })
    bridge = await startServeBridge({ backend, staticDir, port: 0 })
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

  it('refuses pages without the token, or with a wrong one, and serves them with it', async () => {
    const base = `http://127.0.0.1:${bridge.port}/`
    expect((await get(base)).status).toBe(401)
    expect((await get(`${base}?token=nope`)).status).toBe(401)
    const ok = await get(bridge.url)
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('<title>Whalebook</title>')
    expect(String(ok.headers['content-security-policy'])).toContain("default-src 'none'")
    const cookie = String(ok.headers['set-cookie']).split(';')[0] ?? ''
    expect((await get(base, { cookie })).status).toBe(200)
  })

  it('refuses another Host name (DNS rebinding) even with the token', async () => {
    const res = await get(bridge.url, { host: `evil.example:${bridge.port}` })
    expect(res.status).toBe(403)
  })

  it('refuses WebSocket connections without the token, with a wrong one, or from another origin', async () => {
    await expect(RawBridgeClient.connect(wsBase)).rejects.toThrow('HTTP 401')
    await expect(RawBridgeClient.connect(`${wsBase}?token=${'x'.repeat(bridge.token.length)}`)).rejects.toThrow(
      'HTTP 401',
    )
    await expect(
      RawBridgeClient.connect(`${wsBase}?token=${bridge.token}`, { origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403')
  })

  it('answers engine.status with the private engine’s real version', async () => {
    const client = await RawBridgeClient.connect(`${wsBase}?token=${bridge.token}`)
    const reply = await client.call('engine.status', {})
    expect(reply).toMatchObject({ result: { state: 'connected', identity: { version: serverVersion(dockerHost) } } })
    client.close()
  })

  it('gives typed errors for bad calls, and the next valid call still works', async () => {
    const client = await RawBridgeClient.connect(`${wsBase}?token=${bridge.token}`)

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

    expect(await client.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook', transport: 'ws' } })
    client.close()
  })

  it('will not listen on a non-loopback address', async () => {
    await expect(startServeBridge({ backend, staticDir: tmpdir(), host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
  })
})
