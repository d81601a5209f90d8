import { createServer, connect, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'

/**
 * An engine picked by tcp:// address must be reached the same way by the panels and by the terminals' docker CLI:
 * both with TLS when DOCKER_TLS_VERIFY says so, both without when it does not. The private engine is put on a
 * loopback TCP port by a plain forwarder (it speaks HTTP, not TLS), so TLS fails for both or for neither.
 */
/** No certificates: TLS is asked for, and the handshake fails against a plain-HTTP server. */
const NO_CERTS = '/nonexistent/whalebook-certs'

describe('engine.use with a tcp:// address honours DOCKER_TLS_VERIFY for panels and terminals alike', () => {
  const socketPath = inject('dockerHost').replace(/^unix:\/\//, '')
  let forwarder: Server
  let url: string

  beforeAll(async () => {
    forwarder = createServer((client) => {
      const engine = connect(socketPath)
      client.pipe(engine).pipe(client)
      client.on('error', () => engine.destroy())
      engine.on('error', () => client.destroy())
    })
    await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', r))
    url = `tcp://127.0.0.1:${(forwarder.address() as AddressInfo).port}`
  })
  afterAll(() => forwarder?.close())

  async function dockerVersionInTerminal(h: BackendHarness): Promise<number | null> {
    const id = await h.shell()
    const done = await h.runCommand(id, "docker version --format '{{.Server.Version}}'")
    return done.exitCode
  }

  it('without DOCKER_TLS_VERIFY: plain HTTP for both, and both reach the engine', async () => {
    const h = new BackendHarness('unix:///nonexistent/docker.sock', { DOCKER_TLS_VERIFY: '' })
    try {
      expect(await h.call('engine.use', { url })).toMatchObject({ state: 'connected' })
      expect(h.backend.services.connection.endpoint).toMatchObject({ kind: 'tcp', tls: false })
      expect(await dockerVersionInTerminal(h)).toBe(0)
    } finally {
      await h.dispose()
    }
  })

  it('with DOCKER_TLS_VERIFY=1: TLS for both, so both refuse a plain-HTTP engine', async () => {
    const h = new BackendHarness('unix:///nonexistent/docker.sock', {
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: NO_CERTS,
    })
    try {
      const status = await h.call('engine.use', { url })
      expect(status.state).not.toBe('connected')
      expect(h.backend.services.connection.endpoint).toMatchObject({ kind: 'tcp', tls: true, tlsVerify: true })
      expect(await dockerVersionInTerminal(h)).not.toBe(0)
    } finally {
      await h.dispose()
    }
  })
})
