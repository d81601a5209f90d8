import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DockerFailure, ImageSize, MirrorCheck, OperationProgress } from '@shared/contract'
import { checkMirror } from '../../src/main/services/registry/mirror-probe'
import { BackendHarness } from '../support/backend-harness'
import { pushTo, startLocalRegistry, startRefusingRegistry, type LocalRegistry } from '../support/local-registry'
import { startPrivateDockerd, type PrivateDockerd } from '../support/private-dockerd'
import { TEST_IMAGE } from '../support/test-image'

/** A loopback HTTP server answering every request with `answer` (or never, when it is null). */
async function server(answer: ((res: import('node:http').ServerResponse) => void) | null): Promise<{
  url: string
  close(): Promise<void>
}> {
  const sockets = new Set<Socket>()
  const s: Server = createServer((_req, res) => answer?.(res))
  s.on('connection', (c: Socket) => sockets.add(c))
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => {
      for (const c of sockets) c.destroy()
      return new Promise((r) => s.close(() => r()))
    },
  }
}

const webPage = (res: import('node:http').ServerResponse): void => {
  res.writeHead(404, { 'Content-Type': 'text/html' })
  res.end('<h1>Not Found</h1>')
}

/**
 * After a failed pull with mirrors configured, each mirror is asked for `/v2/` and the image's manifest, and the
 * explanation names the one that failed and how: against a real registry on 127.0.0.1, a stopped one, a port nothing
 * listens on, a web server that is not a registry, one that never answers, a login wall, a server error.
 */
describe('each configured mirror is probed after a failed pull', () => {
  const plainHost = inject('dockerHost')
  let registry: LocalRegistry

  beforeAll(async () => {
    registry = await startLocalRegistry()
    pushTo(registry, plainHost, TEST_IMAGE, 'library/hello:latest')
  }, 120_000)
  afterAll(async () => {
    await registry?.stop()
  })

  const check = async (url: string, image: string | null, timeoutMs = 2000): Promise<MirrorCheck> =>
    MirrorCheck.parse(await checkMirror(url, image, timeoutMs))

  it('tells each way a mirror fails, at the request that failed', async () => {
    expect(await check(registry.url, 'hello')).toMatchObject({ outcome: 'has-image', at: 'manifest', status: 200 })
    const missing = await check(registry.url, 'hello:no-such-tag')
    expect(missing).toMatchObject({ outcome: 'missing', at: 'manifest', status: 404 })
    expect(missing.text.en).toContain('does not have hello:no-such-tag')
    expect(await check(registry.url, null)).toMatchObject({ outcome: 'answers', at: 'v2' })

    const stopped = await startLocalRegistry()
    await stopped.stop()
    const refused = await check(stopped.url, 'hello')
    expect(refused).toMatchObject({ outcome: 'refused', at: 'v2', status: null })
    expect(refused.text['zh-CN']).toContain(stopped.url)
    expect(await check('http://127.0.0.1:1', 'hello')).toMatchObject({ outcome: 'refused' })

    const web = await server(webPage)
    const silent = await server(null)
    const failing = await server((res) => {
      res.writeHead(503)
      res.end()
    })
    const wall = await startRefusingRegistry(401)
    try {
      expect(await check(web.url, 'hello')).toMatchObject({ outcome: 'not-registry', at: 'v2', status: 404 })
      const slow = await check(silent.url, 'hello', 300)
      expect(slow).toMatchObject({ outcome: 'timeout', at: 'v2', status: null })
      expect(slow.text.en).toContain('within 0.3 s')
      expect(await check(failing.url, 'hello')).toMatchObject({ outcome: 'server-error', status: 503 })
      expect(await check(wall.url, 'hello')).toMatchObject({ outcome: 'unauthorized', status: 401 })
      // An https:// address at a plain HTTP server.
      expect(await check(web.url.replace('http:', 'https:'), 'hello')).toMatchObject({ outcome: 'tls' })
    } finally {
      await Promise.all([web.close(), silent.close(), failing.close(), wall.close()])
    }
    expect(await check('http://no-such-mirror.invalid', 'hello')).toMatchObject({ outcome: 'dns' })
  })

  describe('through an engine with three mirrors: a stopped one, a web page, and a registry without the tag', () => {
    let engine: PrivateDockerd
    let h: BackendHarness
    let stopped: LocalRegistry
    let web: Awaited<ReturnType<typeof server>>

    beforeAll(async () => {
      stopped = await startLocalRegistry()
      await stopped.stop()
      web = await server(webPage)
      engine = await startPrivateDockerd({
        network: 'none',
        extraArgs: ['--registry-mirror', stopped.url, '--registry-mirror', web.url, '--registry-mirror', registry.url],
      })
      h = new BackendHarness(engine.host, { WHALEBOOK_MIRROR_TIMEOUT_MS: '3000' })
    }, 120_000)
    afterAll(async () => {
      await h?.dispose()
      await engine?.stop()
      await web?.close()
    })

    const expectNamed = (failure: DockerFailure | null | undefined): void => {
      const byUrl = Object.fromEntries((failure?.mirrors ?? []).map((m) => [m.url.replace(/\/$/, ''), m]))
      expect(byUrl[stopped.url]).toMatchObject({ outcome: 'refused', at: 'v2' })
      expect(byUrl[web.url]).toMatchObject({ outcome: 'not-registry', at: 'v2' })
      expect(byUrl[registry.url]).toMatchObject({ outcome: 'missing', at: 'manifest', status: 404 })
    }

    it('the Pull button’s explanation names each mirror and how it failed', async () => {
      const { opId } = await h.call('resources.pull', { image: 'hello:no-such-tag' })
      const done = OperationProgress.parse(
        await h.until(
          'the failed pull, explained',
          () => h.of('resources.progress').find((p) => p.opId === opId && p.done && p.failure),
          60_000,
        ),
      )
      expectNamed(done.failure)
      // The failure was said first in the engine's words, before the mirrors had been checked.
      const first = h.of('resources.progress').find((p) => p.opId === opId && p.done)
      expect(first).toMatchObject({ error: expect.any(String) })
      expect(first?.failure).toBeNull()
      // What a working mirror has, it says so: the same mirrors, an image the registry holds.
      const ok = await h.call('resources.pull', { image: 'hello' })
      const pulled = await h.until(
        'the pull through the working mirror',
        () => h.of('resources.progress').find((p) => p.opId === ok.opId && p.done),
        60_000,
      )
      expect(pulled.error).toBeNull()
    }, 120_000)

    it('an image’s download size comes from the first place the engine would pull it from that answers', async () => {
      // The oracle: the registry's own manifest, read here by hand.
      const manifest = (await (
        await fetch(`${registry.url}/v2/library/hello/manifests/latest`, {
          headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        })
      ).json()) as { layers: Array<{ size: number }>; config: { size: number } }
      const bytes = manifest.layers.reduce((n, l) => n + l.size, manifest.config.size)
      expect(bytes).toBeGreaterThan(0)
      // A Docker Hub name: the stopped mirror and the web page say nothing, the third mirror answers.
      const viaMirror = ImageSize.parse(await h.call('registry.imageSize', { image: 'hello' }))
      expect(viaMirror).toEqual({ bytes, from: registry.url })
      // Another registry's name is asked of that registry alone.
      expect(await h.call('registry.imageSize', { image: `${registry.host}/library/hello:latest` })).toEqual({
        bytes,
        from: registry.url,
      })
      // What no one has: no size, and no guess.
      expect(await h.call('registry.imageSize', { image: `${registry.host}/library/nothing:here` })).toEqual({
        bytes: null,
        from: null,
      })
    }, 60_000)

    it('a pull typed in the terminal is explained the same way, from its run record', async () => {
      const t = await h.shell()
      const { runId } = await h.call('terminal.run', { terminalId: t, command: 'docker pull hello:no-such-tag' })
      const run = await h.runUntil(runId, (r) => r.failure !== null, 60_000)
      expectNamed(run.failure)
    }, 120_000)
  })
})
