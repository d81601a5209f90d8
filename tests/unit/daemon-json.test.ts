import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MirrorPlan } from '@shared/contract'
import { applyCommands, mergeMirror, mirrorPlan } from '../../src/main/services/registry/daemon-json'
import { engineKindOf, registryConfigFrom } from '../../src/main/services/registry/registry-config'
import { DOCKER_HUB_REGISTRY, pullSources } from '../../src/main/services/registry/image-size'
import { RegistryService } from '../../src/main/services/registry/registry-service'

const M = 'https://mirror.example.com'

describe('daemon.json with a registry mirror', () => {
  it('adds the mirror and keeps every other setting of the learner’s', () => {
    const before = JSON.stringify({ 'log-driver': 'json-file', 'registry-mirrors': ['http://old:5000'], debug: true })
    const merged = mergeMirror(before, M)
    expect('after' in merged && JSON.parse(merged.after)).toEqual({
      'log-driver': 'json-file',
      'registry-mirrors': ['http://old:5000', M],
      debug: true,
    })
    expect(mergeMirror(null, M)).toMatchObject({ already: false })
    expect(mergeMirror(JSON.stringify({ 'registry-mirrors': [`${M}/`] }), M)).toMatchObject({ already: true })
  })

  it('reports a file that is not valid JSON and never offers to overwrite it', () => {
    const plan = MirrorPlan.parse(
      mirrorPlan({
        path: '/etc/docker/daemon.json',
        kind: 'docker',
        before: '{ "debug": true, }',
        mirror: M,
        stamp: 'x',
      }),
    )
    expect(plan).toMatchObject({ problem: 'invalid-json', after: null, commands: null })
    expect(mergeMirror('[1,2]', M)).toMatchObject({ problem: 'not-an-object' })
  })

  it('shows a diff and no commands for Docker Desktop, whose settings are edited in its own window', () => {
    const plan = mirrorPlan({ path: null, kind: 'desktop', before: null, mirror: M, stamp: 'x' })
    expect(plan.commands).toBeNull()
    expect(plan.diff).toContain(`+  "registry-mirrors": [`)
    // The diff holds the files only: what the UI says about them is in its own language.
    expect(plan.diff.split('\n').slice(0, 5).join('\n')).toBe(
      [
        'Index: daemon.json',
        '===================================================================',
        '--- daemon.json',
        '+++ daemon.json',
        '@@ -0,0 +1,5 @@',
      ].join('\n'),
    )
  })

  it('gives commands that back up, write exactly the merged file, and restart (run here in real bash)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-daemonjson-'))
    const path = join(dir, "it's", 'daemon.json')
    const before = `{ "data-root": "/srv/docker", "note": "it's \\"quoted\\" $HOME \`x\`" }`
    const first = mirrorPlan({ path, kind: 'rootless', before: null, mirror: M, stamp: '20261128T220000' })
    // The restart line needs a real engine; the rest runs as written.
    const script = (cmds: string): string => cmds.replace(/ && \\\n {2}systemctl --user restart docker$/, '')
    expect(first.commands).toMatch(/systemctl --user restart docker$/)
    expect(spawnSync('bash', ['-c', script(first.commands ?? '')]).status).toBe(0)
    expect(readFileSync(path, 'utf8')).toBe(first.after)

    writeFileSync(path, before)
    const second = mirrorPlan({ path, kind: 'rootless', before, mirror: M, stamp: '20261128T220100' })
    expect(spawnSync('bash', ['-c', script(second.commands ?? '')]).status).toBe(0)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...JSON.parse(before), 'registry-mirrors': [M] })
    expect(readFileSync(join(dir, "it's", 'daemon.json.bak-20261128T220100'), 'utf8')).toBe(before)
    expect(readdirSync(join(dir, "it's")).sort()).toEqual(['daemon.json', 'daemon.json.bak-20261128T220100'])
    expect(applyCommands('/etc/docker/daemon.json', '{}\n', 'docker', 's')).toMatch(/^sudo mkdir -p/)
  })
})

describe('registry settings and names', () => {
  it('tells Docker, rootless Docker, Docker Desktop and Podman apart, and says where each keeps its settings', () => {
    const where = { platform: 'linux' as const, homeDir: '/home/u', env: {} }
    expect(engineKindOf({ info: {}, version: { Components: [{ Name: 'Podman Engine' }] } })).toBe('podman')
    expect(engineKindOf({ info: { OperatingSystem: 'Docker Desktop' }, version: {} })).toBe('desktop')
    expect(engineKindOf({ info: { SecurityOptions: ['name=seccomp', 'name=rootless'] }, version: {} })).toBe('rootless')
    const rootless = registryConfigFrom({ info: { SecurityOptions: ['name=rootless'] }, version: {} }, where)
    expect(rootless.settings).toEqual({ kind: 'daemon-json', path: '/home/u/.config/docker/daemon.json', host: null })
    const podman = registryConfigFrom({ info: {}, version: { Components: [{ Name: 'Podman Engine' }] } }, where)
    expect(podman.settings).toEqual({
      kind: 'podman-registries-conf',
      path: '/home/u/.config/containers/registries.conf',
      host: null,
    })
    const insecure = registryConfigFrom(
      {
        info: {
          RegistryConfig: {
            Mirrors: ['http://127.0.0.1:5000/'],
            InsecureRegistryCIDRs: ['127.0.0.0/8'],
            IndexConfigs: { 'docker.io': { Secure: true }, 'myreg:5000': { Secure: false } },
          },
        },
        version: {},
      },
      where,
    )
    expect(insecure).toMatchObject({
      mirrors: ['http://127.0.0.1:5000/'],
      insecureRegistries: ['127.0.0.0/8', 'myreg:5000'],
    })
  })

  it('for a remote engine, says the change is made on its own host and never reads or plans this machine’s file', async () => {
    const read: string[] = []
    const service = (url: string) =>
      new RegistryService({
        connection: {
          docker: {
            info: async () => ({ RegistryConfig: { Mirrors: [] } }),
            version: async () => ({}),
            listImages: async () => [],
          },
          endpoint: { url },
        },
        platform: 'linux',
        homeDir: '/home/me',
        env: {},
        readFile: (path) => {
          read.push(path)
          return JSON.stringify({ debug: true })
        },
        now: () => new Date('2026-11-28T22:00:00Z'),
      })
    for (const [url, host] of [
      ['tcp://build.lab:2376', 'build.lab'],
      ['ssh://me@gpu-box', 'gpu-box'],
    ] as const) {
      const config = await service(url).config()
      expect(config.settings).toEqual({ kind: 'daemon-json', path: '/etc/docker/daemon.json', host })
      const plan = MirrorPlan.parse(await service(url).mirrorPlan(M))
      expect(plan).toMatchObject({ remoteHost: host, before: null, commands: null, problem: null })
      expect(JSON.parse(plan.after ?? '{}')).toEqual({ 'registry-mirrors': [M] })
    }
    expect(read).toEqual([])
    // A tcp:// engine on this machine's loopback, or its socket, is this machine's: its file is read and planned.
    for (const url of ['tcp://127.0.0.1:2375', 'unix:///var/run/docker.sock']) {
      const plan = MirrorPlan.parse(await service(url).mirrorPlan(M))
      expect(plan).toMatchObject({ remoteHost: null, commands: expect.stringContaining('sudo tee') })
      expect(JSON.parse(plan.after ?? '{}')).toEqual({ debug: true, 'registry-mirrors': [M] })
    }
    expect(read).toEqual(['/etc/docker/daemon.json', '/etc/docker/daemon.json'])
  })
})

describe('where a pull comes from', () => {
  it('a Docker Hub name through each mirror, then Docker Hub; another registry’s name from that registry alone', () => {
    expect(pullSources('ubuntu:18.04', [M])).toEqual([M, DOCKER_HUB_REGISTRY])
    expect(pullSources('nvcr.io/nvidia/cuda:12.4.1', [M])).toEqual(['https://nvcr.io'])
    // Plain HTTP only to a registry on this machine.
    expect(pullSources('127.0.0.1:5000/app', [M])).toEqual(['http://127.0.0.1:5000'])
    // The registry a site (or the tests) names stands in for every registry not on this machine.
    const remote = 'http://127.0.0.1:9'
    expect(pullSources('ubuntu', [M], remote)).toEqual([M, remote])
    expect(pullSources('nvcr.io/nvidia/pytorch:24.05-py3', [M], remote)).toEqual([remote])
    expect(pullSources('quay.io/x/y', [], remote)).toEqual([remote])
    expect(pullSources('localhost:5000/app', [], remote)).toEqual(['http://localhost:5000'])
  })
})
