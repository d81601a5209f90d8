import { afterAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'

/**
 * Effects by request: each terminal's docker CLI goes through the app's engine proxy, so a change is a command's only
 * when its own API calls made it. Another client's change at the same moment is "outside the app", never the step's
 * (Reset chapter would otherwise remove it).
 */
describe('exact effects through the terminals’ engine proxies, against the private engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  afterAll(async () => {
    for (const c of [`mine-${tag}`, `theirs-${tag}`, `later-${tag}`]) {
      try {
        docker(['rm', '-f', c])
      } catch {
        // already gone
      }
    }
    await h.dispose()
  })

  it('gives the terminal a Docker endpoint of the app’s own', async () => {
    const t = await h.shell()
    await h.runCommand(t, 'echo "host=$DOCKER_HOST"')
    expect(h.output(t)).toMatch(/host=unix:\/\/\S*whalebook-engine-\S+\.sock/)
  })

  it('a container another client creates while a step runs is not the step’s, and is reported as outside', async () => {
    const t = await h.shell()
    // The step creates its container, then keeps running while another client (the CLI straight on the engine's
    // socket, as a script or an IDE would) creates one of its own.
    const { runId } = await h.call('terminal.run', {
      terminalId: t,
      command: `docker create --name mine-${tag} ${TEST_IMAGE} true && sleep 2`,
      stepId: '2.3/1',
    })
    await h.until('the step’s container', () =>
      h.backend.services.resources.current().containers.find((c) => c.name === `mine-${tag}`),
    )
    docker(['create', '--name', `theirs-${tag}`, TEST_IMAGE, 'true'])
    const fx = (await h.runUntil(runId)).effects
    expect(fx?.containers.created.map((c) => c.name)).toEqual([`mine-${tag}`])
    const outside = await h.until('the outside record', () =>
      h
        .of('resources.effects')
        .find((e) => e.source === 'outside' && e.containers.created.some((c) => c.name === `theirs-${tag}`)),
    )
    expect(outside.commandId).toBeNull()
    // Reset would remove only what the step created.
    expect((await h.call('tutorial.resetPreview', { chapterId: '2.3' })).remove.map((r) => r.name)).toEqual([
      `mine-${tag}`,
    ])
  }, 60_000)

  it('after a terminal is killed mid-command, a change made elsewhere is reported as outside within a second', async () => {
    const t = await h.shell()
    const { runId } = await h.call('terminal.run', { terminalId: t, command: 'sleep 30' })
    await h.runUntil(runId, (r) => r.state === 'running')
    await h.call('terminal.kill', { terminalId: t })
    const at = Date.now()
    docker(['create', '--name', `later-${tag}`, TEST_IMAGE, 'true'])
    const outside = await h.until('the outside record', () =>
      h
        .of('resources.effects')
        .find((e) => e.source === 'outside' && e.containers.created.some((c) => c.name === `later-${tag}`)),
    )
    // Outside records gather for a second before they are reported.
    expect(Date.now() - at).toBeLessThan(5_000)
    expect(outside.terminalId).toBeNull()
  }, 60_000)
})

describe('a restarted terminal', () => {
  const h = new BackendHarness(inject('dockerHost'))
  afterAll(() => h.dispose())

  it('gets a fresh engine proxy that works at once', async () => {
    const t = await h.shell()
    for (let round = 0; round < 3; round++) {
      await h.call('terminal.restart', { terminalId: t })
      await h.until('the restarted shell', () =>
        h.of('terminal.updated').some((u) => u.terminalId === t && u.integrationActive && u.state === 'running'),
      )
      const done = await h.runCommand(t, 'docker version --format "{{.Server.Version}}"')
      expect(done.exitCode).toBe(0)
    }
  })
})
