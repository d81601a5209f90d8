import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DockerFailure, MirrorPlan, MirrorProbe, OperationProgress, RegistryConfig } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { pushTo, startLocalRegistry, startRefusingRegistry, type LocalRegistry } from '../support/local-registry'
import { startPrivateDockerd, type PrivateDockerd } from '../support/private-dockerd'
import { TEST_IMAGE } from '../support/test-image'

/**
 * A real registry on 127.0.0.1 (Debian's docker-registry) and a private engine started with it as its mirror: a Docker
 * Hub name (`hello`) pulls through it with no network. The shared test engine has no mirror. Everything on loopback.
 */
describe('registries and mirrors against a real registry', () => {
  const plainHost = inject('dockerHost')
  let registry: LocalRegistry
  let engine: PrivateDockerd
  let h: BackendHarness
  let plain: BackendHarness

  beforeAll(async () => {
    registry = await startLocalRegistry()
    pushTo(registry, plainHost, TEST_IMAGE, 'library/hello:latest')
    engine = await startPrivateDockerd({ network: 'none', extraArgs: ['--registry-mirror', registry.url] })
    h = new BackendHarness(engine.host)
    plain = new BackendHarness(plainHost)
  }, 120_000)
  afterAll(async () => {
    await h?.dispose()
    await plain?.dispose()
    await engine?.stop()
    await registry?.stop()
  })

  async function pull(harness: BackendHarness, image: string): Promise<OperationProgress> {
    const { opId } = await harness.call('resources.pull', { image })
    const done = await harness.until(
      `pull of ${image}`,
      () => harness.of('resources.progress').find((p) => p.opId === opId && p.done && (!p.error || p.failure)),
      60_000,
    )
    return OperationProgress.parse(done)
  }

  it('shows the engine’s mirror and insecure registries, and where its settings live', async () => {
    const config = RegistryConfig.parse(await h.call('registry.config', {}))
    expect(config.mirrors.map((m) => m.replace(/\/$/, ''))).toEqual([registry.url])
    expect(config.insecureRegistries).toContain('127.0.0.0/8')
    expect(config).toMatchObject({
      engineKind: 'docker',
      settings: { kind: 'daemon-json', path: '/etc/docker/daemon.json' },
    })
    expect(RegistryConfig.parse(await plain.call('registry.config', {})).mirrors).toEqual([])
  })

  it('tests a mirror address: reachable and a registry, or why not, with the time taken', async () => {
    const ok = MirrorProbe.parse(await h.call('registry.testMirror', { url: registry.url }))
    expect(ok).toMatchObject({ reachable: true, isRegistry: true, status: 200 })
    expect(ok.ms).toBeGreaterThanOrEqual(0)
    // The time is the answer's: a registry that takes 300 ms to answer is timed at 300 ms or more.
    const refusing = await startRefusingRegistry(401, 300)
    try {
      const slow = MirrorProbe.parse(await h.call('registry.testMirror', { url: refusing.url }))
      expect(slow).toMatchObject({ isRegistry: true, status: 401 })
      expect(slow.ms).toBeGreaterThanOrEqual(300)
    } finally {
      await refusing.close()
    }
    const dead = MirrorProbe.parse(await h.call('registry.testMirror', { url: 'http://127.0.0.1:1' }))
    expect(dead).toMatchObject({ reachable: false, isRegistry: false, status: null })
    expect(dead.message).toMatch(/ECONNREFUSED/)
    await expect(h.call('registry.testMirror', { url: 'file:///etc/passwd' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
  })

  it('pulls a Docker Hub name through the mirror, and the mirror then holds it', async () => {
    const op = await pull(h, 'hello')
    expect(op.error).toBeNull()
    expect(await h.call('registry.mirrorHas', { url: registry.url, image: 'hello' })).toEqual({
      present: true,
      status: 200,
    })
    expect(await h.call('registry.mirrorHas', { url: registry.url, image: 'hello:nope' })).toMatchObject({
      present: false,
    })
  })

  it('without a mirror the same pull fails at the upstream, and says so', async () => {
    const op = await pull(plain, 'hello')
    expect(DockerFailure.parse(op.failure)).toMatchObject({ kind: 'dns', host: 'registry-1.docker.io', via: null })
  })

  it('with the mirror, a tag it does not have falls back to the upstream, named as such', async () => {
    const op = await pull(h, 'hello:no-such-tag')
    expect(op.failure).toMatchObject({ kind: 'dns', via: 'upstream' })
  })

  it('an unknown manifest, a rate limit (429) and a login wall (401) are told apart', async () => {
    expect((await pull(h, `${registry.host}/library/hello:no-such-tag`)).failure).toMatchObject({ kind: 'not-found' })
    for (const [status, kind] of [
      [429, 'rate-limited'],
      [401, 'unauthorized'],
    ] as const) {
      const stub = await startRefusingRegistry(status)
      try {
        const op = await pull(h, `${stub.host}/team/app:v1`)
        expect(op.failure, op.error ?? '').toMatchObject({ kind })
      } finally {
        await stub.close()
      }
    }
  })

  it('with the mirror stopped, a pull fails and says the upstream failed too', async () => {
    const stopped = await startLocalRegistry()
    const lonely = await startPrivateDockerd({ network: 'none', extraArgs: ['--registry-mirror', stopped.url] })
    await stopped.stop()
    const harness = new BackendHarness(lonely.host)
    try {
      const op = await pull(harness, 'hello')
      expect(op.failure).toMatchObject({ kind: 'dns', host: 'registry-1.docker.io', via: 'upstream' })
      const probe = await harness.call('registry.testMirror', { url: stopped.url })
      expect(probe).toMatchObject({ reachable: false })
    } finally {
      await harness.dispose()
      await lonely.stop()
    }
  }, 120_000)

  it('explains a failed pull in a terminal, from the command’s own output', async () => {
    const id = await plain.shell()
    const { runId } = await plain.call('terminal.run', { terminalId: id, command: 'docker pull hello' })
    // The run asks for the explanation itself: its record carries it.
    const failed = await plain.runUntil(runId, (r) => r.failure !== null)
    expect(failed.failure).toMatchObject({ kind: 'dns', host: 'registry-1.docker.io' })
    expect(failed.exitCode).not.toBe(0)
    expect(failed.outputTail).toMatch(/no such host/)
  })

  it('a pull of an image already here, or a run of a name a typo from one, says so before why the download failed', async () => {
    const id = await plain.shell()
    const pulled = await plain.call('terminal.run', { terminalId: id, command: `docker pull ${TEST_IMAGE}` })
    const here = DockerFailure.parse((await plain.runUntil(pulled.runId, (r) => r.failure !== null)).failure)
    expect(here).toMatchObject({ kind: 'dns', values: { here: TEST_IMAGE } })
    expect(here.text.en.what).toMatch(/^whalebook\/busybox:latest is already on this machine: there is no need to pull/)
    const typed = await plain.call('terminal.run', { terminalId: id, command: 'docker run --rm whalebook/busybx true' })
    const typo = DockerFailure.parse((await plain.runUntil(typed.runId, (r) => r.failure !== null)).failure)
    expect(typo).toMatchObject({ kind: 'dns', values: { nearest: 'whalebook/busybox' } })
    expect(typo.text['zh-CN'].what).toContain('你是想输入 whalebook/busybox 吗？')
    // An image with nothing like it here: the download's failure alone.
    const other = await plain.call('terminal.run', { terminalId: id, command: 'docker pull hello' })
    const alone = DockerFailure.parse((await plain.runUntil(other.runId, (r) => r.failure !== null)).failure)
    expect(alone.kind).toBe('dns')
    expect(alone.values.here ?? alone.values.nearest).toBeUndefined()
  })

  it('plans the mirror into the engine’s daemon.json, with the commands to apply it', async () => {
    const plan = MirrorPlan.parse(await h.call('registry.mirrorPlan', { url: 'https://mirror.example.com' }))
    expect(plan.path).toBe('/etc/docker/daemon.json')
    expect(plan.commands).toMatch(/sudo tee '\/etc\/docker\/daemon\.json'/)
    expect(plan.commands).toMatch(/sudo systemctl restart docker$/)
    expect(JSON.parse(plan.after ?? '{}')['registry-mirrors']).toContain('https://mirror.example.com')
  })
})
