import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { startPrivateDockerd } from '../support/private-dockerd'

describe('reset a chapter', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  const tag = Math.random().toString(36).slice(2, 8)
  afterAll(async () => {
    for (const v of [`my-vol-${tag}`, `keep-${tag}`]) {
      try {
        docker(['volume', 'rm', '-f', v])
      } catch {
        // gone
      }
    }
    await h.dispose()
  })

  it('removes only what the chapter’s steps created, after a preview', async () => {
    const t = await h.shell()
    // A chapter 2.7 step, as the Run button sends it.
    await h.runCommand(t, `docker volume create my-vol-${tag}`, '2.7/1')
    await h.until('the step to be ticked', async () => (await h.call('tutorial.progress', {})).done['2.7/1'])
    await h.call('tutorial.markStep', { stepId: '2.7/3', done: true })
    await h.call('tutorial.markStep', { stepId: '2.3/1', done: true })
    // Something made by hand, outside the chapter's steps.
    docker(['volume', 'create', `keep-${tag}`])
    // Inputs the learner filled in: one names what the reset will remove, one what it keeps.
    await h.call('tutorial.setInputs', {
      chapterId: '2.7',
      inputs: { '<数据卷>': `my-vol-${tag}`, '<卷>': `keep-${tag}` },
    })
    await h.until(
      'the panels to see both',
      () => h.backend.services.resources.current().volumes.filter((v) => v.name.endsWith(tag)).length === 2,
    )

    expect(await h.call('tutorial.resetPreview', { chapterId: '2.7' })).toEqual({
      remove: [{ kind: 'volume', id: `my-vol-${tag}`, name: `my-vol-${tag}` }],
      keep: [],
    })
    expect((await h.call('tutorial.resetPreview', { chapterId: '2.3' })).remove).toEqual([])
    const r = await h.call('tutorial.reset', { chapterId: '2.7' })
    expect(r).toEqual({
      removed: [{ kind: 'volume', id: `my-vol-${tag}`, name: `my-vol-${tag}` }],
      kept: [],
      failed: [],
    })
    // The chapter starts over: its ticks go (by hand too), another chapter's stay, and the reset's time is kept.
    const progress = await h.call('tutorial.progress', {})
    expect(Object.keys(progress.done).filter((id) => id.startsWith('2.7/'))).toEqual([])
    expect(progress.done['2.3/1']).toBeDefined()
    expect(progress.resetAt['2.7']).toBeGreaterThan(0)
    // An input naming what is gone is forgotten; one naming what stays is kept.
    expect(progress.inputs['2.7']).toEqual({ '<卷>': `keep-${tag}` })
    expect(h.of('tutorial.progressChanged').at(-1)).toEqual(progress)
    await h.call('tutorial.markStep', { stepId: '2.3/1', done: false })
    expect(docker(['volume', 'ls', '-q'])).not.toContain(`my-vol-${tag}`)
    expect(docker(['volume', 'ls', '-q'])).toContain(`keep-${tag}`)
    await h.until(
      'the preview to be empty',
      async () => (await h.call('tutorial.resetPreview', { chapterId: '2.7' })).remove.length === 0,
    )
  })
})

describe('switching engines', () => {
  it('moves the panels to the other engine, and new terminals follow', async () => {
    const host = inject('dockerHost')
    const other = await startPrivateDockerd({ network: 'none' })
    const h = new BackendHarness(host)
    try {
      execFileSync('docker', ['volume', 'create', 'only-on-the-other-engine'], {
        env: { ...process.env, DOCKER_HOST: other.host },
      })
      const before = await h.shell()
      const candidates = await h.call('engine.candidates', {})
      expect(candidates[0]).toMatchObject({ url: host, present: true })
      expect(candidates.map((c) => c.url)).toContain('unix:///var/run/docker.sock')

      const status = await h.call('engine.use', { url: other.host })
      expect(status).toMatchObject({ state: 'connected', endpoint: { url: other.host, source: 'user' } })
      await h.until('a resync from the other engine', () =>
        h.of('resources.changed').some((c) => c.full && c.volumes?.some((v) => v.name === 'only-on-the-other-engine')),
      )
      const after = await h.shell()
      const terminals = await h.call('terminal.list', {})
      expect(terminals.find((t) => t.terminalId === before)?.engine).toBe(host)
      expect(terminals.find((t) => t.terminalId === after)?.engine).toBe(other.host)
      await h.runCommand(after, 'docker volume ls -q')
      expect(h.output(after)).toContain('only-on-the-other-engine')

      await expect(h.call('engine.use', { url: 'ftp://nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    } finally {
      await h.dispose()
      await other.stop()
    }
  }, 60_000)
})

describe('pulls and builds started from the UI', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  afterAll(() => h.dispose())

  it('builds a chapter’s lab Dockerfile with step progress', async () => {
    const tag = `wbtest/lab:${Math.random().toString(36).slice(2, 8)}`
    await h.call('tutorial.saveLabFile', { chapterId: '2.4', blockIndex: 0 })
    const { opId } = await h.call('resources.build', { chapterId: '2.4', tag })
    const done = await h.until(
      'the build',
      () => h.of('resources.progress').find((p) => p.opId === opId && p.done),
      60_000,
    )
    expect(done).toMatchObject({ kind: 'build', target: tag, error: null, current: 2, total: 2 })
    const steps = h
      .of('resources.progress')
      .filter((p) => p.opId === opId)
      .map((p) => p.current)
    expect(steps).toContain(1)
    expect(
      execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', tag], {
        env: { ...process.env, DOCKER_HOST: host },
        encoding: 'utf8',
      }),
    ).toMatch(/^sha256:/)
    execFileSync('docker', ['rmi', tag], { env: { ...process.env, DOCKER_HOST: host } })
  })

  it('reports a pull that cannot reach its registry as a failed operation, with the engine’s reason', async () => {
    const { opId } = await h.call('resources.pull', { image: 'whalebook/no-such-image:offline' })
    const done = await h.until(
      'the pull to end',
      () => h.of('resources.progress').find((p) => p.opId === opId && p.done),
      60_000,
    )
    expect(done.error).toBeTruthy()
    await expect(h.call('resources.pull', { image: 'nginx; rm -rf /' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
