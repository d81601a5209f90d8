import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Effects, type EventPayload } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { pushTo, startLocalRegistry, type LocalRegistry } from '../support/local-registry'
import { TEST_IMAGE } from '../support/test-image'

type Fx = EventPayload<'resources.effects'>

/**
 * The app's own buttons are named as such in the effects ("Containers panel: stop web"), never "outside"; and Reset
 * removes only what the chapter's steps created: not what the learner had, not what another client uses, never by
 * force. Against the private engine, with a real registry on 127.0.0.1 for the pulls.
 */
describe('the app’s own actions and Reset chapter, against the private engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  let registry: LocalRegistry
  const cleanup: string[][] = []

  beforeAll(async () => {
    registry = await startLocalRegistry()
    for (const name of ['had', 'fresh', 'panel']) pushTo(registry, host, TEST_IMAGE, `wbtest/${name}-${tag}:latest`)
  }, 60_000)
  afterAll(async () => {
    for (const args of cleanup.reverse()) {
      try {
        docker(args)
      } catch {
        // already gone
      }
    }
    await h.dispose()
    await registry.stop()
  })

  const appEffects = (kind: string, target: string): Promise<Fx> =>
    h.until(`the app’s ${kind} ${target}`, () =>
      h
        .of('resources.effects')
        .find((e) => e.source === 'app' && e.action?.kind === kind && e.action.target === target),
    )

  it('labels the panels’ changes with the action that made them, in the contract’s shape', async () => {
    const name = `act-${tag}`
    cleanup.push(['rm', '-f', name], ['volume', 'rm', '-f', `act-vol-${tag}`])
    docker(['run', '-d', '--stop-timeout', '1', '--name', name, TEST_IMAGE, 'sleep', '300'])
    docker(['volume', 'create', `act-vol-${tag}`])
    await h.until('the panels to see them', () =>
      h.backend.services.resources.current().volumes.some((v) => v.name === `act-vol-${tag}`),
    )

    await h.call('resources.containerAction', { id: name, action: 'stop' })
    const stop = await appEffects('container.stop', name)
    expect(Effects.parse(stop)).toEqual(stop)
    expect(stop).toMatchObject({ commandId: null, terminalId: null, approximate: false })
    expect(stop.containers.stopped.map((c) => c.name)).toEqual([name])

    await h.call('resources.remove', { kind: 'volume', id: `act-vol-${tag}` })
    expect((await appEffects('volume.remove', `act-vol-${tag}`)).volumes.removed.map((v) => v.name)).toEqual([
      `act-vol-${tag}`,
    ])

    const image = `${registry.host}/wbtest/panel-${tag}`
    cleanup.push(['rmi', image])
    const first = await h.call('resources.pull', { image })
    await h.until('the pull', () => h.of('resources.progress').find((p) => p.opId === first.opId && p.done))
    const pulled = await appEffects('pull', image)
    expect(pulled.images.pulled).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/^sha256:/), existedBefore: false }),
    ])
    // None of it was reported as a change made outside the app.
    const outside = h.of('resources.effects').filter((e) => e.source === 'outside')
    expect(outside.flatMap((e) => [...e.containers.stopped, ...e.volumes.removed, ...e.images.pulled])).toEqual([])
  }, 90_000)

  it('Reset keeps what was there before, what another client uses, and removes the rest without force', async () => {
    const reg = registry.host
    const had = `${reg}/wbtest/had-${tag}`
    const fresh = `${reg}/wbtest/fresh-${tag}`
    cleanup.push(
      ['rm', '-f', `old-${tag}`, `made-${tag}`, `user-${tag}`],
      ['rmi', `made-img-${tag}`],
      ['rmi', had],
      ['rmi', fresh, `fresh-${tag}`],
    )
    // What the learner had before the chapter: an image and a container.
    docker(['pull', had])
    docker(['create', '--name', `old-${tag}`, TEST_IMAGE, 'true'])
    await h.until('the panels to see them', () =>
      h.backend.services.resources.current().containers.some((c) => c.name === `old-${tag}`),
    )

    const t = await h.shell()
    const step = async (stepId: string, command: string): Promise<Fx> => {
      const run = await h.runCommand(t, command, stepId)
      expect(run.exitCode).toBe(0)
      if (!run.effects) throw new Error(`${command}: no effects`)
      return run.effects
    }
    const a = await step('2.3/1', `docker pull ${had} && docker start old-${tag}`)
    expect(a.images.pulled).toEqual([expect.objectContaining({ existedBefore: true })])
    expect(a.containers.created).toEqual([])
    await step('2.3/2', `docker pull ${fresh} && docker tag ${fresh} fresh-${tag}`)
    await step(
      '2.3/3',
      `docker run --name made-${tag} ${TEST_IMAGE} sh -c 'echo hi > /f' && docker commit made-${tag} made-img-${tag}`,
    )
    // Another client makes a container from the chapter's image.
    docker(['create', '--name', `user-${tag}`, `made-img-${tag}`, 'true'])
    await h.until('the panels to see it', () =>
      h.backend.services.resources.current().containers.some((c) => c.name === `user-${tag}`),
    )

    const preview = await h.call('tutorial.resetPreview', { chapterId: '2.3' })
    const line = (r: { kind: string; name: string }): string => `${r.kind} ${r.name}`
    expect(preview.remove.map(line).sort()).toEqual(
      // Named as the step named them: the pull as typed, the tag as the engine reports it.
      [`container made-${tag}`, `image ${fresh}`, `image fresh-${tag}:latest`].sort(),
    )
    expect(preview.keep.map((k) => `${line(k)} ${k.reason} ${k.by.join(',')}`).sort()).toEqual(
      [
        `container old-${tag} had-before `,
        `image ${had} had-before `,
        `image made-img-${tag}:latest in-use user-${tag}`,
      ].sort(),
    )

    const r = await h.call('tutorial.reset', { chapterId: '2.3' })
    expect(r.failed).toEqual([])
    expect(r.removed.map(line).sort()).toEqual(preview.remove.map(line).sort())
    const exists = (args: string[]): boolean => {
      try {
        docker(args)
        return true
      } catch {
        return false
      }
    }
    expect(exists(['image', 'inspect', had])).toBe(true)
    expect(exists(['image', 'inspect', `made-img-${tag}`])).toBe(true)
    expect(exists(['container', 'inspect', `old-${tag}`])).toBe(true)
    expect(exists(['container', 'inspect', `user-${tag}`])).toBe(true)
    expect(exists(['container', 'inspect', `made-${tag}`])).toBe(false)
    expect(exists(['image', 'inspect', fresh])).toBe(false)
    expect(exists(['image', 'inspect', `fresh-${tag}`])).toBe(false)
    // The reset is named as the app's own action, not as a change made outside the app.
    const reset = await appEffects('chapter.reset', '2.3')
    expect(reset.containers.removed.map((c) => c.name)).toEqual([`made-${tag}`])
    // Nothing Reset did is reported as another client's (an untag's event names the image by its id only). The
    // witness: a change another client makes after it is reported as outside, and is the only one since the reset.
    cleanup.push(['volume', 'rm', '-f', `after-${tag}`])
    docker(['volume', 'create', `after-${tag}`])
    await h.until('the outside change after the reset', () =>
      h
        .of('resources.effects')
        .some((e) => e.source === 'outside' && e.volumes.created.some((v) => v.name === `after-${tag}`)),
    )
    const later = h.of('resources.effects').filter((e) => e.source === 'outside' && e.finishedAt >= reset.startedAt)
    expect(
      later.map((e) => [...e.containers.removed, ...e.images.removed, ...e.volumes.created].map((o) => o.name)),
    ).toEqual([[`after-${tag}`]])
  }, 120_000)
})
