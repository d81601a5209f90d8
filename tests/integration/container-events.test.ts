import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { docker as dockerCli, dockerQuiet } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'

const tag = Math.random().toString(36).slice(2, 8)

describe('the containers panel follows the engine’s events container by container', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const docker = (args: string[]): string => dockerCli(host, args)
  afterAll(async () => {
    const mine = dockerQuiet(host, ['ps', '-aq', '--filter', `name=ev-${tag}-`])
    if (mine) dockerQuiet(host, ['rm', '-f', ...mine.split('\n')])
    await h.dispose()
  })

  /** What `docker ps -a` says, as the panel shows it: name and state, newest first. */
  const truth = (): string[] =>
    docker(['ps', '-a', '--filter', `name=ev-${tag}-`, '--format', '{{.Names}} {{.State}}'])
      .split('\n')
      .filter(Boolean)
  const shown = (): string[] =>
    h.backend.services.resources
      .current()
      .containers.filter((c) => c.name.startsWith(`ev-${tag}-`))
      .map((c) => `${c.name} ${c.state}`)
  const agrees = (what: string) =>
    h.until(
      what,
      () => {
        const t = truth()
        return JSON.stringify(shown()) === JSON.stringify(t) && t
      },
      30_000,
    )

  it('created, started, renamed, stopped and removed: each shows, and only the containers named are sent', async () => {
    await h.call('resources.list', {})
    // The stream's first connect lists everything (and `resources.list` may have, before it): counted from after the
    // lists have been quiet for a second with the stream up, each change below is an event's own.
    let seen = -1
    let since = Date.now()
    await h.until(
      'the event stream up and its first listings sent',
      () => {
        const n = h.of('resources.changed').length
        if (n !== seen) [seen, since] = [n, Date.now()]
        return h.backend.services.resources.connected && n > 0 && Date.now() - since >= 1000
      },
      30_000,
    )
    const from = h.of('resources.changed').length
    docker(['create', '--name', `ev-${tag}-a`, TEST_IMAGE, 'sleep', '300'])
    await agrees('a created container')
    docker(['start', `ev-${tag}-a`])
    await agrees('it started')
    docker(['rename', `ev-${tag}-a`, `ev-${tag}-b`])
    await agrees('it renamed')
    docker(['stop', '-t', '0', `ev-${tag}-b`])
    await agrees('it stopped')
    expect(shown()).toEqual([`ev-${tag}-b exited`])
    docker(['rm', `ev-${tag}-b`])
    await agrees('it removed')
    expect(shown()).toEqual([])
    // Each change named its containers; none carried the whole list.
    const changes = h.of('resources.changed').slice(from)
    const named = changes.filter((c) => c.containerChanges)
    expect(
      named.length,
      JSON.stringify(changes.map((c) => ({ full: c.full, ...c.containerChanges, containers: c.containers?.length }))),
    ).toBeGreaterThanOrEqual(5)
    expect(named.flatMap((c) => c.containerChanges?.removed ?? [])).toHaveLength(1)
    expect(changes.filter((c) => c.containers && !c.full)).toEqual([])
  })

  it('a burst of many (as a compose up makes) and their removal end in exactly what the engine has', async () => {
    const script = `for i in $(seq 1 70); do docker create --name ev-${tag}-burst-$i ${TEST_IMAGE} true >/dev/null & done; wait`
    execFileSync('bash', ['-c', script], { env: { ...process.env, DOCKER_HOST: host } })
    const listed = await agrees('70 created at once')
    expect(listed).toHaveLength(70)
    // A few at once, fewer than a whole listing is worth: each named alone.
    docker(['rm', `ev-${tag}-burst-1`, `ev-${tag}-burst-2`, `ev-${tag}-burst-3`])
    expect(await agrees('three removed')).toHaveLength(67)
    const rest = docker(['ps', '-aq', '--filter', `name=ev-${tag}-burst-`]).split('\n')
    execFileSync('bash', ['-c', `for id in ${rest.join(' ')}; do docker rm $id >/dev/null & done; wait`], {
      env: { ...process.env, DOCKER_HOST: host },
    })
    await agrees('all removed')
    expect(shown()).toEqual([])
    // The positive witness: the engine itself lists other containers, and the panel still has them all.
    expect(h.backend.services.resources.current().containers.length).toBe(
      docker(['ps', '-aq']).split('\n').filter(Boolean).length,
    )
  })
})
