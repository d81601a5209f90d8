import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { FlowControl } from '@shared/flow-control'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { pushTo, startLocalRegistry, type LocalRegistry } from '../support/local-registry'
import { rawUnixExchange } from '../support/raw-http'
import { startSlowForwarder, type SlowForwarder } from '../support/slow-forwarder'
import { TEST_IMAGE } from '../support/test-image'
import { waitFor } from '../support/wait'

/**
 * A command run, end to end, with the real docker CLI in the app's real terminal against the private engine: what a
 * program sends to the terminal's engine proxy cannot break it, Ctrl-C stops the engine's work as it does on the
 * engine's own socket, and a run's effects come from its own successful answers only, whatever another client does
 * meanwhile and however late its start mark is read.
 */
describe('command runs through the app’s terminal, against the private engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  const quietly = (args: string[]): void =>
    void spawnSync('docker', args, { env: { ...process.env, DOCKER_HOST: host } })
  const exists = (kind: string, name: string): boolean =>
    spawnSync('docker', [kind, 'inspect', name], { env: { ...process.env, DOCKER_HOST: host }, stdio: 'ignore' })
      .status === 0
  afterAll(async () => {
    quietly(['rm', '-f', `web-${tag}`])
    quietly(['volume', 'rm', '-f', `data-${tag}`, `data-${tag}-prod`, `fl-${tag}`])
    quietly(['rmi', `wb-ctrlc-${tag}`])
    await h.dispose()
  })

  /** The terminal's own engine endpoint, as its shell sees it. */
  async function proxySocket(terminalId: string): Promise<string> {
    await h.runCommand(terminalId, 'printf "proxy=%s\\n" "$DOCKER_HOST"')
    const out = h.output(terminalId)
    const m = /proxy=unix:\/\/(\S+\.sock)/.exec(out)
    if (!m?.[1]) throw new Error(`no proxy socket in ${JSON.stringify(out.slice(-300))}`)
    return m[1]
  }

  /** Bytes sent as they are to a unix socket; the first line of the answer ('' when it only closed). */
  const raw = async (socket: string, bytes: string): Promise<string> =>
    (await rawUnixExchange(socket, bytes, 3000)).split('\r\n')[0] ?? ''

  it('GET // and friends leave the backend answering, and docker still works through that terminal', async () => {
    const t = await h.shell()
    const socket = await proxySocket(t)
    // While a command runs there, as when a program in the terminal sends them (`curl --path-as-is http://x//`).
    const { runId } = await h.call('terminal.run', { terminalId: t, command: 'sleep 2' })
    await h.runUntil(runId, (r) => r.state === 'running')
    for (const target of ['//', '///', '//%zz/x', '/%', '//v1.41//containers//json', 'http://x//']) {
      const line = await raw(socket, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect(line === '' || /^HTTP\/1\.1 \d{3} /.test(line), `${target}: ${line}`).toBe(true)
    }
    expect(await h.call('engine.status', {})).toMatchObject({ state: 'connected' })
    // The sleep's run has them among its calls, answered, and claims nothing from them.
    const sleep = await h.runUntil(runId)
    expect(sleep.exchanges.map((x) => x.path)).toEqual(expect.arrayContaining(['//', '///', '//%zz/x']))
    expect(sleep.events).toEqual([])
    const ps = await h.runCommand(t, 'docker ps --format "{{.ID}}"')
    expect(ps.exitCode).toBe(0)
    expect(ps.exchanges.some((x) => /\/containers\/json/.test(x.path) && x.status === 200)).toBe(true)
  }, 60_000)

  it('Ctrl-C on docker build with RUN sleep 25 leaves no running container within 5 s', async () => {
    const ctx = mkdtempSync(join(tmpdir(), 'wb-ctrlc-'))
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN sleep 25\n`)
    const t = await h.shell()
    const { runId } = await h.call('terminal.run', {
      terminalId: t,
      command: `cd ${ctx} && DOCKER_BUILDKIT=0 docker build -t wb-ctrlc-${tag} .`,
    })
    const sleeping = (): string[] =>
      docker(['ps', '--no-trunc', '--format', '{{.ID}} {{.Command}}'])
        .split('\n')
        .filter((l) => l.includes('sleep 25'))
    await waitFor('the RUN step’s container', () => sleeping().length > 0, 30_000)
    await h.call('terminal.write', { terminalId: t, data: '\x03' })
    const interrupted = Date.now()
    await waitFor('no RUN container running', () => sleeping().length === 0, 5000)
    expect(Date.now() - interrupted).toBeLessThan(5000)
    const run = await h.runUntil(runId)
    expect(run.exitCode).not.toBe(0)
    // The build's call ended without its answer: it claims nothing, and the image was never made.
    expect(run.exchanges.find((x) => /\/build\?/.test(x.path))?.status).not.toBe(500)
    expect(run.effects?.images.built).toEqual([])
    expect(exists('image', `wb-ctrlc-${tag}`)).toBe(false)
  }, 60_000)

  it('a refused docker rm -f web while another client creates web keeps web out of Reset', async () => {
    const t = await h.shell()
    const { runId } = await h.call('terminal.run', {
      terminalId: t,
      command: `docker rm -f web-${tag}; sleep 1.5`,
      stepId: '2.3/1',
    })
    // The engine refuses the removal (there is no web); then another client makes one, while the step still runs.
    await h.runUntil(runId, (r) => r.exchanges.some((x) => x.method === 'DELETE' && x.status === 404))
    docker(['create', '--name', `web-${tag}`, TEST_IMAGE, 'true'])
    const run = await h.runUntil(runId)
    expect(run.effects?.containers.created).toEqual([])
    expect(run.events).toEqual([])
    await h.until('the outside record', () =>
      h
        .of('resources.effects')
        .find((e) => e.source === 'outside' && e.containers.created.some((c) => c.name === `web-${tag}`)),
    )
    expect((await h.call('tutorial.resetPreview', { chapterId: '2.3' })).remove.map((r) => r.name)).not.toContain(
      `web-${tag}`,
    )
    expect(exists('container', `web-${tag}`)).toBe(true)
  }, 60_000)

  it('a step’s volume data never claims another client’s data-prod', async () => {
    const t = await h.shell()
    const { runId } = await h.call('terminal.run', {
      terminalId: t,
      command: `docker volume create data-${tag}; sleep 1.5`,
      stepId: '2.7/1',
    })
    await h.runUntil(runId, (r) => r.exchanges.some((x) => /volumes\/create/.test(x.path) && x.status === 201))
    docker(['volume', 'create', `data-${tag}-prod`])
    const run = await h.runUntil(runId)
    expect(run.effects?.volumes.created.map((v) => v.name)).toEqual([`data-${tag}`])
    const remove = (await h.call('tutorial.resetPreview', { chapterId: '2.7' })).remove.map((r) => r.name)
    expect(remove).toContain(`data-${tag}`)
    expect(remove).not.toContain(`data-${tag}-prod`)
  }, 60_000)

  it('a flood of output that holds the step’s start mark back loses none of its effects', async () => {
    const t = await h.shell()
    // A job the learner left in the background floods the terminal, and the window stops reading (as a busy or
    // hidden renderer does): main stops reading the PTY with the step's start mark still in it.
    // Just over the watermark: main stops reading with the flood all but read, so that the shell can still write its
    // step's marks (a few hundred bytes) into the terminal, where main does not read them.
    h.holdAcks = true
    const job = await h.runCommand(
      t,
      `(sleep 1; head -c ${FlowControl.HighWatermarkChars + 1000} /dev/zero | tr '\\0' x) &`,
    )
    expect(job.exitCode).toBe(0)
    const session = h.backend.services.terminals.get(t)
    await h.until('the terminal to stop being read', () => session.flow.isPaused)
    const { runId } = await h.call('terminal.run', {
      terminalId: t,
      command: `docker volume create fl-${tag}`,
      stepId: '2.7/2',
    })
    // The step runs and its call reaches the proxy while main has not yet read that it started.
    await waitFor('the step’s volume', () => exists('volume', `fl-${tag}`), 30_000)
    expect(h.run(runId)).toBeUndefined()
    // Longer than any wait the attribution used to allow: its change must not be called another client's meanwhile.
    await new Promise((r) => setTimeout(r, 2500))
    expect(h.of('resources.effects').filter((e) => e.volumes.created.some((v) => v.name === `fl-${tag}`))).toEqual([])
    h.releaseAcks()
    const run = await h.runUntil(runId)
    expect(run.effects?.volumes.created.map((v) => v.name)).toEqual([`fl-${tag}`])
    expect(run.exchanges.some((x) => /volumes\/create/.test(x.path) && x.status === 201)).toBe(true)
    expect((await h.call('tutorial.resetPreview', { chapterId: '2.7' })).remove.map((r) => r.name)).toContain(
      `fl-${tag}`,
    )
  }, 60_000)
})

describe('Ctrl-C on a docker pull from the loopback registry', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' }
  let registry: LocalRegistry
  let slow: SlowForwarder
  const image = `wbtest/big-${tag}`

  beforeAll(async () => {
    registry = await startLocalRegistry()
    // One large layer of random bytes (it does not compress), pushed to the registry and removed here again.
    const ctx = mkdtempSync(join(tmpdir(), 'wb-big-'))
    mkdirSync(ctx, { recursive: true })
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN head -c 12000000 /dev/urandom > /big\n`)
    execFileSync('docker', ['build', '-q', '-t', `${image}:src`, ctx], { env })
    pushTo(registry, host, `${image}:src`, `${image}:latest`)
    spawnSync('docker', ['rmi', `${image}:src`], { env })
    const [rhost = '', rport = ''] = registry.host.split(':')
    // About 400 KB/s: the pull takes half a minute, unless it is stopped.
    slow = await startSlowForwarder({ host: rhost, port: Number(rport) }, 8 * 1024)
  }, 120_000)
  afterAll(async () => {
    spawnSync('docker', ['rmi', `${slow.host}/${image}`], { env })
    await h.dispose()
    await slow.close()
    await registry.stop()
  })

  it('stops the pull on the engine', async () => {
    const t = await h.shell()
    const { runId } = await h.call('terminal.run', { terminalId: t, command: `docker pull ${slow.host}/${image}` })
    await waitFor('the layer to be downloading', () => slow.sent > 1_000_000, 60_000)
    await h.call('terminal.write', { terminalId: t, data: '\x03' })
    const run = await h.runUntil(runId)
    expect(run.exitCode).not.toBe(0)
    // The engine let go of the registry: nothing more is downloaded, and the image never arrives.
    await waitFor('the engine to stop downloading', () => slow.open === 0, 5000)
    const after = slow.sent
    await new Promise((r) => setTimeout(r, 1000))
    expect(slow.sent).toBe(after)
    expect(
      spawnSync('docker', ['image', 'inspect', `${slow.host}/${image}`], { env, stdio: 'ignore' }).status,
    ).not.toBe(0)
    expect(run.effects?.images.pulled).toEqual([])
  }, 120_000)
})

describe('property: steps and another client interleaved at random, on the real engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const docker = (args: string[]): Promise<number> =>
    new Promise((resolve) => {
      const child = spawn('docker', args, { env: { ...process.env, DOCKER_HOST: host }, stdio: 'ignore' })
      child.on('exit', (code) => resolve(code ?? -1))
    })
  afterAll(() => h.dispose())

  type Kind = 'container' | 'volume' | 'network'
  interface Op {
    kind: Kind
    make: boolean
    /** Which of the run's names (the last is the first one's `-prod`). */
    name: 0 | 1 | 2
    /** The outside client waits this long before it acts. */
    delayMs: number
  }
  const op = fc.record({
    kind: fc.constantFrom<Kind>('container', 'volume', 'network'),
    make: fc.boolean(),
    name: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    delayMs: fc.integer({ min: 0, max: 600 }),
  })
  const args = (o: Op, name: string): string[] => {
    if (o.kind === 'container') return o.make ? ['create', '--name', name, TEST_IMAGE, 'true'] : ['rm', '-f', name]
    return [o.kind, o.make ? 'create' : 'rm', ...(o.kind === 'volume' && !o.make ? ['-f'] : []), name]
  }
  let round = 0
  /** Every object a step's own successful answer named, over all rounds (a reset may leave one for the next). */
  const named = new Set<string>()

  it('Reset’s list is always within what the steps’ own successful answers named', async () => {
    const t = await h.shell()
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 3 }),
        fc.array(op, { maxLength: 3 }),
        async (steps, others) => {
          const r = `${++round}${Math.random().toString(36).slice(2, 6)}`
          const names = [`p${r}-a`, `p${r}-b`, `p${r}-a-prod`]
          const outside = (async () => {
            for (const o of others) {
              await new Promise((res) => setTimeout(res, o.delayMs))
              await docker(args(o, names[o.name] ?? ''))
            }
          })()
          for (const [i, s] of steps.entries()) {
            const name = names[s.name] ?? ''
            const run = await h.runCommand(t, `docker ${args(s, name).join(' ')}; sleep 0.2`, `2.3/${i + 1}`)
            // What this step's own successful answer named: a creation that succeeded.
            if (s.make && run.exchanges.some((x) => x.method === 'POST' && x.status === 201))
              named.add(`${s.kind} ${name}`)
          }
          await outside
          const preview = await h.call('tutorial.resetPreview', { chapterId: '2.3' })
          for (const item of preview.remove)
            expect(named, `${item.kind} ${item.name}`).toContain(`${item.kind} ${item.name}`)
          const reset = await h.call('tutorial.reset', { chapterId: '2.3' })
          for (const item of reset.removed) expect(named).toContain(`${item.kind} ${item.name}`)
          for (const name of names) {
            await docker(['rm', '-f', name])
            await docker(['volume', 'rm', '-f', name])
            await docker(['network', 'rm', name])
          }
        },
      ),
      { numRuns: 5, endOnFailure: true },
    )
  }, 120_000)
})
