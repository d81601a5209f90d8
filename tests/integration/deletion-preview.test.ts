import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DeletionPreview } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { startPrivateDockerd, type PrivateDockerd } from '../support/private-dockerd'
import { buildTestImage, TEST_IMAGE } from '../support/test-image'

/**
 * Before a deleting step runs, Whalebook lists exactly what it would delete: checked here by running each command for
 * real afterwards and comparing what went with what was listed. On an engine of its own, since these commands delete
 * everything of a kind.
 */
describe('destructive previews against a private engine', () => {
  let dockerd: PrivateDockerd
  let h: BackendHarness
  /** A home of the test's own: the commands here may remove things under `~`. */
  const home = mkdtempSync(join(tmpdir(), 'wb-preview-home-'))
  const cli = (args: string[]): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      execFile(
        'sh',
        ['-c', args.join(' ')],
        { env: { ...process.env, HOME: home, DOCKER_HOST: dockerd.host } },
        (e, out, err) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: `${out}${err}` }),
      )
    })
  const ids = async (what: string): Promise<Set<string>> =>
    new Set(
      (await cli([`docker ${what} --no-trunc -q`])).out
        .split('\n')
        .map((l) => l.trim().replace(/^sha256:/, ''))
        .filter(Boolean),
    )
  const volumes = async (): Promise<Set<string>> =>
    new Set((await cli(['docker volume ls -q'])).out.split('\n').filter(Boolean))

  beforeAll(async () => {
    dockerd = await startPrivateDockerd({ network: 'none' })
    buildTestImage(dockerd.host)
    h = new BackendHarness(dockerd.host)
  }, 60_000)
  afterAll(async () => {
    await h?.dispose()
    await dockerd?.stop()
  })

  /** A lab with something of every kind: running and stopped containers, tags, a dangling image, used and unused volumes. */
  beforeEach(() => resetLab(), 60_000)
  async function resetLab(): Promise<void> {
    await cli(['docker rm -f $(docker ps -aq) 2>/dev/null; docker volume rm $(docker volume ls -q) 2>/dev/null; true'])
    // Images made by an earlier round (a commit, a tag) go too, so each round starts from the same lab.
    await cli([`docker rmi -f $(docker images -q | grep -v $(docker images -q ${TEST_IMAGE})) 2>/dev/null; true`])
    for (const step of [
      `docker tag ${TEST_IMAGE} redis:6`,
      `docker tag ${TEST_IMAGE} redis:7`,
      `docker tag ${TEST_IMAGE} mongo:3.2`,
      `docker run -d --name running ${TEST_IMAGE} sleep 600`,
      `docker create --name stopped -v anon:/data ${TEST_IMAGE} true`,
      `docker create --name stopped2 -v /scratch ${TEST_IMAGE} true`,
      'docker volume create lonely',
      `docker run --name builder ${TEST_IMAGE} sh -c 'echo x > /x'`,
      'docker commit builder made:v1',
      'docker rm builder',
      `docker run --name dangler ${TEST_IMAGE} sh -c 'echo y > /y'`,
      'docker commit dangler',
      'docker rm dangler',
    ]) {
      const r = await cli([step])
      expect(r.code, `${step}: ${r.out}`).toBe(0)
    }
  }

  /**
   * Previews `command`, runs it, and checks that exactly the listed things went (and the untagged names only). For a
   * command the preview does not fully understand, what it lists must all go (it never lists more than the part it
   * read deletes), and whatever else goes is the part it said it could not read.
   */
  async function exact(command: string, understood = true): Promise<DeletionPreview> {
    const preview = DeletionPreview.parse(await h.call('lab.deletionPreview', { command }))
    expect(preview.understood, `${command}: ${preview.unread.join(' | ')}`).toBe(understood)
    expect(preview.unread.length === 0).toBe(understood)
    const before = {
      container: await ids('ps -a'),
      image: await ids('images'),
      volume: await volumes(),
    }
    await cli([command])
    const after = { container: await ids('ps -a'), image: await ids('images'), volume: await volumes() }
    for (const kind of ['container', 'image', 'volume'] as const) {
      const gone = [...before[kind]].filter((id) => !after[kind].has(id)).sort()
      const listed = preview.items
        .filter((i) => i.kind === kind && i.effect === 'delete')
        .map((i) => i.id.replace(/^sha256:/, ''))
        .sort()
      expect(listed, `${command}: ${kind}s listed vs gone`).toEqual(gone)
    }
    return preview
  }

  it('``docker rm -f `docker ps -qa` ``: the backticks are evaluated, and every container is listed', async () => {
    const p = await exact('docker rm -f `docker ps -qa`')
    expect(p.items.map((i) => i.name).sort()).toEqual(['running', 'stopped', 'stopped2'])
  })

  it('docker rm $(docker ps -q -f status=exited): the engine lists the exited container for that filter', async () => {
    expect((await cli([`docker run --name exited1 ${TEST_IMAGE} true`])).code).toBe(0)
    const p = await exact('docker rm $(docker ps -q -f status=exited)')
    // Only the exited one: `stopped` and `stopped2` were created and never ran (status "created").
    expect(p.items.map((i) => i.name)).toEqual(['exited1'])
    expect(p.refused).toEqual([])
  })

  it('docker rm x && rm -rf ~/lab: not fully understood, the part it can read listed, the rest named', async () => {
    mkdirSync(join(home, 'lab'), { recursive: true })
    const p = await exact('docker rm stopped && rm -rf ~/lab', false)
    expect(p.items.map((i) => i.name)).toEqual(['stopped'])
    expect(p.unread).toEqual(['rm -rf ~/lab'])
    expect(existsSync(join(home, 'lab'))).toBe(false)
    // Whatever it cannot evaluate is named: another program in a pipe, a variable, a creating command, a redirection.
    for (const [command, unread] of [
      ['docker ps -q | xargs docker rm', ['xargs docker rm']],
      ['docker rm $NAME', ['$NAME']],
      ['docker create --name new busybox && docker container prune -f', ['docker create --name new busybox']],
      ['docker rm stopped > out.txt', ['>out.txt']],
      ['docker rm $(cat ids.txt)', ['$(cat ids.txt)']],
      ['(docker rm stopped)', ['(docker rm stopped)']],
    ] as const) {
      const q = DeletionPreview.parse(await h.call('lab.deletionPreview', { command }))
      expect(q, command).toMatchObject({ understood: false, unread })
    }
  })

  it('a generated set of deleting commands: each lists exactly what the engine then deletes', async () => {
    const target = fc.constantFrom(
      'running',
      'stopped',
      'stopped2',
      'no-such-thing',
      '$(docker ps -aq)',
      '`docker ps -q`',
      '$(docker ps -aq -f status=created)',
      '$(docker ps -aq -f name=stopped)',
      '$(docker container ls --all --quiet --filter "ancestor=made:v1")',
    )
    const image = fc.constantFrom(
      'redis:6',
      'mongo:3.2',
      'made:v1',
      '$(docker images -q redis)',
      '$(docker images -q -f dangling=true)',
      '$(docker image ls -q -f before=made:v1)',
      '$(docker images -q --filter "label=none=here")',
    )
    const command = fc.oneof(
      fc
        .tuple(fc.subarray(['-f', '-v']), fc.array(target, { minLength: 1, maxLength: 2 }))
        .map(([flags, ts]) => `docker rm ${[...flags, ...ts].join(' ')}`),
      fc
        .tuple(fc.boolean(), fc.array(image, { minLength: 1, maxLength: 2 }))
        .map(([force, is]) => `docker rmi ${force ? '-f ' : ''}${is.join(' ')}`),
      fc
        .tuple(target, fc.constantFrom('container', 'image', 'volume'))
        .map(([t, kind]) => `docker stop ${t}; docker ${kind} prune -f`),
      fc.constantFrom('docker system prune -f', 'docker image prune -a -f', 'docker volume rm lonely anon'),
    )
    for (const c of fc.sample(command, { numRuns: 8, seed: 22 })) {
      await exact(c)
      await resetLab()
    }
  }, 240_000)

  it('docker rm $(docker ps -a -q): the stopped containers; the running one is named as refused', async () => {
    const p = await exact('docker rm $(docker ps -a -q)')
    expect(p.items.map((i) => i.name).sort()).toEqual(['stopped', 'stopped2'])
    expect(p.refused).toEqual([{ name: 'running', reason: 'running' }])
    expect(p.items[0]?.created).toBeGreaterThan(0)
  })

  it('docker rm -v: the container and its anonymous volume, not its named one', async () => {
    const p = await exact('docker rm -v stopped stopped2')
    expect(p.items.filter((i) => i.kind === 'volume')).toHaveLength(1)
    expect(p.items.some((i) => i.name === 'anon')).toBe(false)
  })

  it('docker image rm $(docker image ls -q redis): one id for an image with several names, refused without -f', async () => {
    const p = await exact('docker image rm $(docker image ls -q redis)')
    // The same image under redis:6, redis:7 and others: `docker image ls -q redis` prints its id once, and rmi of an
    // id with several names is refused without -f.
    expect(p.items).toEqual([])
    expect(p.refused).toEqual([{ name: expect.stringMatching(/^[0-9a-f]{12}$/), reason: 'several-names' }])
  })

  it('docker rmi by name: only that name goes while the image has others', async () => {
    const p = await exact('docker rmi redis:6')
    expect(p.items).toEqual([expect.objectContaining({ kind: 'image', name: 'redis:6', effect: 'untag' })])
    expect((await cli(['docker image inspect redis:6'])).code).not.toBe(0)
    // An image with one name that a container uses is refused, and nothing goes.
    await cli(['docker create --name user made:v1 true'])
    expect((await exact('docker rmi made:v1')).refused).toEqual([{ name: 'made:v1', reason: 'in-use' }])
  })

  it('the prunes: containers, dangling images, unused volumes, and system prune -a --volumes', async () => {
    await exact('docker container prune -f')
    await exact('docker image prune -f')
    await exact('docker volume prune -f')
    const p = await exact('docker system prune -a -f --volumes')
    // The images only the pruned containers used go too; the running container's image stays.
    expect(p.items.some((i) => i.name === 'made:v1')).toBe(true)
    expect(p.items.some((i) => i.name === TEST_IMAGE)).toBe(false)
  })

  it('says when nothing would be deleted, and when it cannot read the command', async () => {
    await cli(['docker rm -f $(docker ps -aq)'])
    expect(await h.call('lab.deletionPreview', { command: 'docker container prune' })).toEqual({
      understood: true,
      items: [],
      refused: [],
      unread: [],
    })
    expect(await h.call('lab.deletionPreview', { command: 'rm -rf /tmp/x' })).toMatchObject({
      understood: false,
      unread: ['rm -rf /tmp/x'],
    })
    expect((await h.call('lab.deletionPreview', { command: 'docker rm $(cat ids.txt)' })).understood).toBe(false)
  })
})
