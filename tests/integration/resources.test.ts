import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { startPrivateDockerd } from '../support/private-dockerd'
import { TEST_IMAGE } from '../support/test-image'

const tag = Math.random().toString(36).slice(2, 8)

describe('per-command effects against the private engine (chapters 2.3–2.7, adapted to the local images)', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  const name = `web-${tag}`
  afterAll(async () => {
    for (const args of [
      ['rm', '-f', name],
      ['rmi', '-f', `wbtest/v2:${tag}`, `wbtest/v3:${tag}`],
      ['volume', 'rm', '-f', `vol-${tag}`, `outside-${tag}`],
    ]) {
      try {
        docker(args)
      } catch {
        // already gone
      }
    }
    await h.dispose()
  })

  it('docker run -d -p: a container created and started, with its port published', async () => {
    const t = await h.shell()
    const fx = await h.effectsOf(t, `docker run --name ${name} -d -p 80 nginx`)
    expect(fx).toMatchObject({
      source: 'command',
      exitCode: 0,
      commandLine: `docker run --name ${name} -d -p 80 nginx`,
    })
    expect(fx.containers.created.map((c) => c.name)).toEqual([name])
    expect(fx.containers.started.map((c) => c.name)).toEqual([name])
    expect(fx.ports).toEqual([{ container: name, privatePort: 80, publicPort: expect.any(Number), type: 'tcp' }])
    expect(fx.ports[0]?.publicPort).toBeGreaterThan(0)
    // The panels follow from the same events.
    await h.until('the container in the panels', () =>
      h.backend.services.resources.current().containers.find((c) => c.name === name && c.state === 'running'),
    )
  })

  it('docker commit: a new image, one layer more than its parent', async () => {
    const t = await h.shell()
    // As in 2.3: change the page inside the container, then commit the change.
    await h.effectsOf(t, `docker exec ${name} sh -c 'echo "<h1>Hello, Docker</h1>" > /usr/share/nginx/html/index.html'`)
    const fx = await h.effectsOf(t, `docker commit ${name} wbtest/v2:${tag}`)
    expect(fx.images.committed).toEqual([
      {
        id: expect.stringMatching(/^sha256:/),
        name: `wbtest/v2:${tag}`,
        size: expect.any(Number),
        layers: 1,
        existedBefore: false,
      },
    ])
    expect(fx.images.tagged).toEqual([])
  })

  it('docker build: the image tagged as built, its intermediate containers left out', async () => {
    const t = await h.shell()
    const dir = mkdtempSync(join(tmpdir(), 'wb-build-'))
    writeFileSync(
      join(dir, 'Dockerfile'),
      "FROM nginx\nRUN echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html\n",
    )
    const fx = await h.effectsOf(t, `DOCKER_BUILDKIT=0 docker build -q -t wbtest/v3:${tag} ${dir}`)
    expect(fx.images.built.map((i) => i.name)).toEqual([`wbtest/v3:${tag}`])
    expect(fx.images.built[0]?.layers).toBe(1)
    expect(fx.containers.created).toEqual([])
  })

  it('docker volume create / rm: the volume created, then removed', async () => {
    const t = await h.shell()
    expect((await h.effectsOf(t, `docker volume create vol-${tag}`)).volumes.created).toEqual([
      { id: `vol-${tag}`, name: `vol-${tag}` },
    ])
    expect((await h.effectsOf(t, `docker volume rm vol-${tag}`)).volumes.removed).toEqual([
      { id: `vol-${tag}`, name: `vol-${tag}` },
    ])
  })

  it('docker rm / rmi: the container and the image removed', async () => {
    const t = await h.shell()
    const rm = await h.effectsOf(t, `docker rm -f ${name}`)
    expect(rm.containers.removed.map((c) => c.name)).toEqual([name])
    const rmi = await h.effectsOf(t, `docker rmi wbtest/v2:${tag}`)
    expect(rmi.images.removed).toEqual([expect.objectContaining({ name: `wbtest/v2:${tag}` })])
  })

  it('a change made outside the app is reported as such', async () => {
    docker(['volume', 'create', `outside-${tag}`])
    const fx = await h.until('outside effects', () =>
      h
        .of('resources.effects')
        .find((e) => e.source === 'outside' && e.volumes.created.some((v) => v.name === `outside-${tag}`)),
    )
    expect(fx.commandId).toBeNull()
  })
})

describe('a container’s times, as the engine keeps them, for the panel to age', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  const name = `times-${tag}`
  afterAll(async () => {
    docker(['rm', '-f', name, `${name}-new`])
    await h.dispose()
  })
  const listed = (n: string) => h.backend.services.resources.current().containers.find((c) => c.name === n)
  const engineTime = (field: string): number => Date.parse(docker(['inspect', '-f', `{{.State.${field}}}`, name]))

  it('start, end and exit code come from the engine, and follow a restart; a created container has none', async () => {
    docker(['create', '--name', `${name}-new`, TEST_IMAGE, 'true'])
    docker(['run', '-d', '--name', name, TEST_IMAGE, 'sleep', '300'])
    const running = await h.until('the running container', () => listed(name)?.state === 'running' && listed(name))
    expect(running.startedAt).toBe(engineTime('StartedAt'))
    expect(running.finishedAt).toBeNull()
    expect(await h.until('the created one', () => listed(`${name}-new`))).toMatchObject({
      state: 'created',
      startedAt: null,
      finishedAt: null,
    })
    await new Promise((r) => setTimeout(r, 1100))
    docker(['restart', '-t', '0', name])
    // The restart's events make it read again: the panel ages from the new start, not the first one.
    const restarted = await h.until(
      'the restart',
      () => (listed(name)?.startedAt ?? 0) > running.startedAt! && listed(name),
    )
    expect(restarted.startedAt).toBe(engineTime('StartedAt'))
    docker(['kill', name])
    const exited = await h.until('the end', () => listed(name)?.state === 'exited' && listed(name))
    expect(exited.finishedAt).toBe(engineTime('FinishedAt'))
    expect(exited.exitCode).toBe(137)
  })
})

describe('losing the engine mid-stream', () => {
  it('says disconnected within seconds, then resyncs to the true state on return', async () => {
    const dockerd = await startPrivateDockerd({ network: 'none' })
    const h = new BackendHarness(dockerd.host)
    const docker = (args: string[]): string =>
      execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: dockerd.host }, encoding: 'utf8' }).trim()
    try {
      const { buildTestImage, TEST_IMAGE } = await import('../support/test-image')
      buildTestImage(dockerd.host)
      docker(['run', '-d', '--name', 'survivor', TEST_IMAGE, 'sleep', '300'])
      await h.until('the running container', () =>
        h.backend.services.resources.current().containers.find((c) => c.name === 'survivor' && c.state === 'running'),
      )

      const lostAt = Date.now()
      await dockerd.crash()
      const down = await h.until(
        'disconnected',
        () => h.of('engine.statusChanged').find((s) => s.state === 'unavailable'),
        10_000,
      )
      expect(down.checkedAt - lostAt).toBeLessThan(5000)
      // Nothing crashed: the backend still answers.
      expect(await h.call('app.info', {})).toMatchObject({ name: 'Whalebook' })

      const changesBefore = h.of('resources.changed').length
      await dockerd.restart()
      // Change the engine right away. Whether the app's reconnection (with backoff) comes before or after these
      // changes depends on this machine's speed; either way it must resync in full on return and end up showing
      // the true state (a change made before the resync is only in the resync; one made after comes as an event).
      docker(['rm', '-f', 'survivor'])
      docker(['volume', 'create', 'made-while-away'])
      await h.until(
        'a full resync after the engine came back',
        () =>
          h
            .of('resources.changed')
            .slice(changesBefore)
            .some((c) => c.full),
        20_000,
      )
      await h.until(
        'the true state',
        () => {
          const now = h.backend.services.resources.current()
          return (
            !now.containers.some((c) => c.name === 'survivor') && now.volumes.some((v) => v.name === 'made-while-away')
          )
        },
        20_000,
      )
      await h.until('connected again', () => h.of('engine.statusChanged').at(-1)?.state === 'connected', 10_000)
    } finally {
      await h.dispose()
      await dockerd.stop()
    }
  }, 90_000)
})
