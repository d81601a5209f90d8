import { execFile, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn as spawnPty } from 'node-pty'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DockerProxy, type ProxiedExchange } from '../../src/main/services/engine-proxy/docker-proxy'
import { rawUnixExchange } from '../support/raw-http'
import { TEST_IMAGE } from '../support/test-image'
import { waitFor } from '../support/wait'

/**
 * The per-terminal engine proxy against the private dockerd, driven by the real docker CLI: every docker command the
 * book uses that works offline must work through it unchanged, interactive ones included.
 */
describe('the engine proxy, with the docker CLI against the private engine', () => {
  const engineSocket = inject('dockerHost').replace(/^unix:\/\//, '')
  const dir = mkdtempSync(join(tmpdir(), 'wb-proxy-'))
  const exchanges: ProxiedExchange[] = []
  const proxy = new DockerProxy({
    listenPath: join(dir, 't1.sock'),
    target: () => ({ kind: 'socket', path: engineSocket }),
    onExchange: (x) => exchanges.push(x),
  })
  const env = { ...process.env, DOCKER_HOST: `unix://${join(dir, 't1.sock')}`, DOCKER_BUILDKIT: '0' }
  // Asynchronously: the proxy runs in this very process, so a synchronous spawn would wait on itself.
  const run = (args: string[], timeout = 60_000): Promise<{ status: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      execFile('docker', args, { env, encoding: 'utf8', timeout }, (error, out, err) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, out, err }),
      )
    })
  const docker = (...args: string[]) => run(args)
  const name = `proxied-${process.pid}`

  beforeAll(() => proxy.start())
  afterAll(async () => {
    spawnSync('docker', ['rm', '-f', name], { env: { ...env, DOCKER_HOST: `unix://${engineSocket}` } })
    spawnSync('docker', ['rmi', 'whalebook/proxied:v1', 'whalebook/proxied-build:v1'], {
      env: { ...env, DOCKER_HOST: `unix://${engineSocket}` },
    })
    await proxy.close()
  })

  it('run, run -d, exec, logs -f, cp, commit, build, rm and rmi work through it, and it reads the new ids', async () => {
    expect((await docker('version', '--format', '{{.Server.Version}}')).status).toBe(0)
    expect((await docker('run', '--rm', TEST_IMAGE, 'echo', 'hello through the proxy')).out).toBe(
      'hello through the proxy\n',
    )

    const started = await docker(
      'run',
      '-d',
      '--name',
      name,
      TEST_IMAGE,
      'sh',
      '-c',
      'echo line-1; sleep 1; echo line-2; sleep 600',
    )
    expect(started.status, started.err).toBe(0)
    const id = started.out.trim()
    const create = exchanges.find((x) => x.method === 'POST' && x.path.includes(`/containers/create?name=${name}`))
    expect(create?.json).toMatchObject({ Id: id })

    expect((await docker('exec', name, 'echo', 'from-exec')).out).toBe('from-exec\n')
    // logs -f follows until the second line arrives, then the CLI is stopped by its timeout.
    const follow = await run(['logs', '-f', name], 4000)
    expect(follow.out).toContain('line-1\nline-2\n')

    const file = join(dir, 'note.txt')
    writeFileSync(file, 'copied through the proxy\n')
    expect((await docker('cp', file, `${name}:/tmp/note.txt`)).status).toBe(0)
    expect((await docker('exec', name, 'cat', '/tmp/note.txt')).out).toBe('copied through the proxy\n')
    const back = join(dir, 'back.txt')
    expect((await docker('cp', `${name}:/tmp/note.txt`, back)).status).toBe(0)
    expect(readFileSync(back, 'utf8')).toBe('copied through the proxy\n')

    // Answers nobody reads are spliced byte for byte (logs, export, save, archive, stats, events): each still
    // arrives whole, is reported with its status, and the next command opens a fresh connection that works.
    const exported = await docker('export', '-o', join(dir, 'fs.tar'), name)
    expect(exported.status, exported.err).toBe(0)
    expect(readFileSync(join(dir, 'fs.tar')).subarray(257, 262).toString()).toBe('ustar')
    const saved = await docker('save', '-o', join(dir, 'image.tar'), TEST_IMAGE)
    expect(saved.status, saved.err).toBe(0)
    const stats = await docker('stats', '--no-stream', '--format', '{{.Name}}', name)
    expect(stats.out.trim()).toBe(name)
    const events = await run(['events', '--since', '0s', '--filter', `container=${name}`], 1500)
    expect(events.err).not.toMatch(/proxy/i)
    // An error answer is spliced too: the engine's own message reaches the CLI.
    const missing = await docker('export', '-o', join(dir, 'none.tar'), 'no-such-container-here')
    expect(missing.status).not.toBe(0)
    expect(missing.err).toMatch(/No such container/)
    expect(exchanges.filter((x) => /\/(export|get|stats|logs)\b/.test(x.path)).map((x) => x.status)).toEqual(
      expect.arrayContaining([200, 404]),
    )

    expect((await docker('commit', name, 'whalebook/proxied:v1')).status).toBe(0)
    const commit = exchanges.find((x) => x.method === 'POST' && /\/commit\?/.test(x.path))
    expect(commit?.json).toMatchObject({ Id: expect.stringMatching(/^sha256:/) })

    const ctx = join(dir, 'ctx')
    mkdirSync(ctx)
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo built > /built.txt\n`)
    const built = await docker('build', '-t', 'whalebook/proxied-build:v1', ctx)
    expect(built.status, built.err).toBe(0)
    expect(exchanges.find((x) => /\/build\?/.test(x.path))?.lines?.length).toBeGreaterThan(0)

    expect((await docker('rm', '-f', name)).status).toBe(0)
    expect((await docker('rmi', 'whalebook/proxied:v1')).status).toBe(0)
    expect(exchanges.some((x) => x.method === 'DELETE' && x.path.includes(`/containers/${name}`))).toBe(true)
  }, 120_000)

  async function interactive(args: string[]): Promise<string> {
    const pty = spawnPty('docker', args, {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: dir,
      env: env as Record<string, string>,
    })
    let screen = ''
    pty.onData((d) => (screen += d))
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)))
    await waitFor('the container’s prompt', () => screen.includes('# '), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; the screen: ${JSON.stringify(screen)}`)
    })
    pty.write('echo typed-$((40+2))\r')
    await waitFor('the echo', () => screen.includes('typed-42'), 15_000)
    pty.write('\x04')
    expect(await exited).toBe(0)
    return screen
  }

  it('carries interactive docker run -it and docker exec -it in a real PTY: type, see the output, Ctrl-D ends it', async () => {
    await interactive(['run', '-it', '--rm', TEST_IMAGE, 'sh'])
    expect(exchanges.some((x) => x.upgraded && /\/attach\?/.test(x.path))).toBe(true)
    const box = `${name}-it`
    expect((await docker('run', '-d', '--name', box, TEST_IMAGE, 'sleep', '600')).status).toBe(0)
    try {
      await interactive(['exec', '-it', box, 'sh'])
      expect(exchanges.some((x) => x.upgraded && /\/exec\/[^/]+\/start/.test(x.path))).toBe(true)
    } finally {
      await docker('rm', '-f', box)
    }
  }, 90_000)
})

describe('the engine proxy under clients that misbehave, against the private engine', () => {
  const engineSocket = inject('dockerHost').replace(/^unix:\/\//, '')
  const dir = mkdtempSync(join(tmpdir(), 'wb-proxy-bad-'))
  const exchanges: ProxiedExchange[] = []
  const logged: string[] = []
  let throwing = false
  const proxy = new DockerProxy({
    listenPath: join(dir, 'p.sock'),
    target: () => ({ kind: 'socket', path: engineSocket }),
    onRequest: () => {
      if (throwing) throw new TypeError('a report that throws')
    },
    onExchange: (x) => {
      exchanges.push(x)
      if (throwing) throw new TypeError('a report that throws')
    },
    log: (m) => logged.push(m),
    limits: { headersTimeoutMs: 500, maxHeaderBytes: 16 * 1024 },
  })
  const box = `wb-proxy-box-${process.pid}`
  const env = { ...process.env, DOCKER_HOST: `unix://${engineSocket}` }

  beforeAll(async () => {
    await proxy.start()
    spawnSync('docker', ['run', '-d', '--name', box, TEST_IMAGE, 'sleep', '600'], { env })
  })
  afterAll(async () => {
    spawnSync('docker', ['rm', '-f', box], { env })
    await proxy.close()
  })

  const exchange = (bytes: string, ms = 3000): Promise<string> => rawUnixExchange(proxy.path, bytes, ms)

  it('answers pipelined requests on one connection in the order they came', async () => {
    const ping = 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n'
    const version = 'GET /version HTTP/1.1\r\nHost: x\r\n\r\n'
    const info = 'GET /containers/json?all=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
    const text = await exchange(ping.repeat(5) + version + ping + info)
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1])
    expect(statuses).toEqual(Array(8).fill('200'))
    const bodies = text.split(/HTTP\/1\.1 200 OK\r\n/).slice(1)
    expect(bodies.slice(0, 5).every((b) => /\r\n\r\nOK$/.test(b.trim()) || b.includes('\r\n\r\nOK'))).toBe(true)
    expect(bodies[5]).toMatch(/"ApiVersion"/)
    expect(bodies[6]).toContain('\r\n\r\nOK')
    expect(bodies[7]).toContain(box)
  })

  it('refuses a head over its size limit, and closes one that never ends', async () => {
    expect(await exchange(`GET /_ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431 /,
    )
    const started = Date.now()
    const slow = await exchange('GET /_ping HTTP/1.1\r\nHost: x\r\nX-Slow: ', 10_000)
    expect(slow === '' || /^HTTP\/1\.1 408 /.test(slow)).toBe(true)
    expect(Date.now() - started).toBeLessThan(5000)
    // A complete request on a fresh connection still works.
    expect(await exchange('GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /)
  })

  it('lets no hung-up client hold a request to the engine: 100 abandoned waits, then docker ps at once', async () => {
    const waits = Array.from({ length: 100 }, () => {
      const s = connect(proxy.path)
      s.on('error', () => undefined)
      s.write(`POST /containers/${box}/wait HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`)
      return s
    })
    await waitFor('the waits to reach the engine', () => proxy.upstreamInFlight >= 100, 20_000)
    for (const s of waits) s.destroy()
    await waitFor('the pool to let them go', () => proxy.upstreamInFlight === 0, 5000)
    const ps = await run(['ps', '--format', '{{.Names}}'], 10_000)
    expect(ps.out).toContain(box)
    expect(exchanges.filter((x) => /\/wait$/.test(x.path) && x.aborted)).toHaveLength(100)
  }, 60_000)

  it('isolates its reports: one that throws is logged once, and every request is still answered', async () => {
    throwing = true
    try {
      for (let i = 0; i < 3; i++) {
        expect(await exchange('GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
          /^HTTP\/1\.1 200 /,
        )
      }
      expect((await run(['ps', '-q'])).status).toBe(0)
    } finally {
      throwing = false
    }
    expect(proxy.failures).toBeGreaterThanOrEqual(6)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/a report that throws/)
  })

  const run = (args: string[], timeout = 30_000): Promise<{ status: number | null; out: string }> =>
    new Promise((resolve) => {
      execFile(
        'docker',
        args,
        { env: { ...process.env, DOCKER_HOST: `unix://${proxy.path}` }, encoding: 'utf8', timeout },
        (error, out) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, out }),
      )
    })
})
