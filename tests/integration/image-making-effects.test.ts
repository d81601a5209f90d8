import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { CommandRun, Effects } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { pushTo, startLocalRegistry } from '../support/local-registry'
import { TEST_IMAGE } from '../support/test-image'

/**
 * Every call that brings an image into the engine (import, load, commit, build, tag) is the typed command's effect,
 * never "no change" with the image "changed outside the app"; and Reset offers to remove what it made.
 */
describe('image-making commands typed in the terminal, against the private engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const dir = mkdtempSync(join(tmpdir(), 'wb-images-'))
  const env = { ...process.env, DOCKER_HOST: host }
  const made: string[] = []
  afterAll(async () => {
    spawnSync('docker', ['rmi', '-f', ...made], { env, stdio: 'ignore' })
    spawnSync('docker', ['rm', '-f', `src-${tag}`], { env, stdio: 'ignore' })
    await h.dispose()
  })

  const allImages = (fx: Effects): string[] =>
    [...fx.images.pulled, ...fx.images.built, ...fx.images.tagged, ...fx.images.committed, ...fx.images.imported].map(
      (i) => i.name,
    )

  /** Runs a command as a chapter's step, and checks it is the step's effect, not outside's, and Reset offers it. */
  async function madeBy(command: string, image: string, stepId = '2.5/1'): Promise<CommandRun> {
    made.push(image)
    const t = await h.shell()
    const run = await h.runCommand(t, command, stepId)
    expect(run.exitCode, h.output(t).slice(-400)).toBe(0)
    const fx = run.effects
    expect(fx).not.toBeNull()
    expect(allImages(fx!), JSON.stringify(fx!.images)).toContain(image)
    // Nothing of it was reported as another client's.
    await new Promise((r) => setTimeout(r, 1500))
    const outside = h.of('resources.effects').filter((e) => e.source === 'outside' && e.finishedAt >= run.startedAt)
    expect(outside.flatMap((e) => allImages(e))).not.toContain(image)
    expect(outside.flatMap((e) => [...e.images.removed])).toEqual([])
    const preview = await h.call('tutorial.resetPreview', { chapterId: stepId.split('/')[0]! })
    expect(preview.remove.map((r) => r.name)).toContain(image)
    return run
  }

  it('cat ubuntu.tar | docker import - test/ubuntu:v1.0 is the command’s import', async () => {
    const rootfs = join(dir, 'rootfs.tar')
    const exported = spawnSync(
      'sh',
      ['-c', `docker create --name src-${tag} ${TEST_IMAGE} true >/dev/null && docker export src-${tag} > ${rootfs}`],
      { env },
    )
    expect(exported.status).toBe(0)
    const run = await madeBy(`cat ${rootfs} | docker import - test/ubuntu-${tag}:v1.0`, `test/ubuntu-${tag}:v1.0`)
    expect(run.effects?.images.imported.map((i) => i.name)).toEqual([`test/ubuntu-${tag}:v1.0`])
    // The engine's import event (it names the new image by id only) is the command's own, never another client's.
    expect(run.events.map((e) => e.action)).toContain('import')
  }, 90_000)

  it('docker load < a saved image is the command’s load', async () => {
    const saved = join(dir, 'saved.tar')
    const name = `wb-loaded-${tag}:v1`
    spawnSync('docker', ['tag', TEST_IMAGE, name], { env })
    expect(
      spawnSync('sh', ['-c', `docker save ${name} > ${saved} && docker rmi ${name} >/dev/null`], { env }).status,
    ).toBe(0)
    const run = await madeBy(`docker load < ${saved}`, name)
    expect(run.effects?.images.imported.map((i) => i.name)).toEqual([name])
    expect(run.events.map((e) => e.action)).toContain('load')
  }, 90_000)

  it('docker tag, docker commit and docker build are the command’s', async () => {
    await madeBy(`docker tag ${TEST_IMAGE} wb-tagged-${tag}:v1`, `wb-tagged-${tag}:v1`)
    const committed = await madeBy(
      `docker rm -f c-${tag} >/dev/null 2>&1; docker run --name c-${tag} ${TEST_IMAGE} touch /x && docker commit c-${tag} wb-committed-${tag}:v1 && docker rm c-${tag}`,
      `wb-committed-${tag}:v1`,
    )
    expect(committed.effects?.images.committed.map((i) => i.name)).toEqual([`wb-committed-${tag}:v1`])
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN touch /built\n`)
    const built = await madeBy(`DOCKER_BUILDKIT=0 docker build -q -t wb-built-${tag}:v1 ${dir}`, `wb-built-${tag}:v1`)
    expect(built.effects?.images.built.map((i) => i.name)).toEqual([`wb-built-${tag}:v1`])
  }, 120_000)

  it('docker pull from a registry is the command’s pull', async () => {
    const registry = await startLocalRegistry()
    try {
      pushTo(registry, host, TEST_IMAGE, `wbtest/pulled-${tag}:v1`)
      const name = `${registry.host}/wbtest/pulled-${tag}:v1`
      const run = await madeBy(`docker pull ${name}`, name)
      expect(run.effects?.images.pulled.map((i) => i.name)).toEqual([name])
    } finally {
      await registry.stop()
    }
  }, 90_000)
})
