import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CommandRun } from '@shared/contract'
import { nasty } from '../support/fuzz-parts'
import { rawUnixExchange } from '../support/raw-http'
import { startServe, type ServeProcess } from '../support/serve-process'
import { TEST_IMAGE } from '../support/test-image'
import { waitFor } from '../support/wait'
import { RawBridgeClient } from '../support/ws-client'

/**
 * A terminal's engine proxy in a real `serve` process takes thousands of malformed requests (fast-check generates
 * them: request lines, targets, headers, chunked bodies, pipelining, upgrades, garbage after an upgrade), as any
 * program in that terminal could send them. Afterwards the backend must still be running and answering, and `docker
 * ps` in that terminal must still work. A client that pipelines without ever reading must not grow its memory.
 *
 * Requests that could change the engine go only to names that do not exist (the engine refuses them) or to a
 * container of the test's own, so the shared test engine is never harmed.
 */
describe('the terminal’s engine proxy survives anything a client sends (fuzz)', () => {
  const host = inject('dockerHost')
  const env = { ...process.env, DOCKER_HOST: host }
  const box = `wb-fuzz-box-${process.pid}`
  let app: ServeProcess
  let client: RawBridgeClient
  let terminalId = ''
  let socket = ''

  const runs = (): CommandRun[] =>
    client.events.filter((e) => e.event === 'runs.updated').map((e) => e.payload as CommandRun)
  async function inTerminal(command: string): Promise<CommandRun> {
    const reply = await client.call('terminal.run', { terminalId, command })
    if (!('result' in reply)) throw new Error(JSON.stringify(reply))
    const { runId } = reply.result as { runId: string }
    return waitFor(`"${command}"`, () => runs().findLast((r) => r.runId === runId && r.state === 'settled'), 30_000)
  }

  beforeAll(async () => {
    spawnSync('docker', ['run', '-d', '-i', '--name', box, TEST_IMAGE, 'cat'], { env })
    app = await startServe({ DOCKER_HOST: host })
    client = await RawBridgeClient.connect(`ws://127.0.0.1:${new URL(app.url).port}/api`, { token: app.token })
    const created = await client.call('terminal.create', { cols: 100, rows: 30 })
    terminalId = ('result' in created ? (created.result as { terminalId: string }) : { terminalId: '' }).terminalId
    await waitFor('a prompt', () =>
      client.events.some(
        (e) => e.event === 'terminal.updated' && (e.payload as { integrationActive: boolean }).integrationActive,
      ),
    )
    await inTerminal('printf "proxy=%s\\n" "$DOCKER_HOST"')
    const out = client.output()
    socket = /proxy=unix:\/\/(\S+\.sock)/.exec(out)?.[1] ?? ''
    expect(socket).not.toBe('')
  }, 60_000)
  afterAll(async () => {
    client?.close()
    await app?.stop()
    spawnSync('docker', ['rm', '-f', box], { env })
  })

  const send = (bytes: Buffer, ms: number): Promise<string> => rawUnixExchange(socket, bytes, ms, { halfClose: true })

  const part = fc.oneof(fc.string({ maxLength: 24 }), nasty)
  const tail = fc.array(part, { maxLength: 6 }).map((p) => p.join(''))
  /** Targets: the API's own shapes around nothing that exists, its roots, and anything at all. */
  const target = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('', '/v1.41', '/v9.99', '/vx', '//'),
        fc.constantFrom(
          '/_ping',
          '/version',
          '/containers/json',
          '/images/json',
          `/containers/${box}/json`,
          '/containers/wbfuzz-none/json',
          '/images/wbfuzz-none/json',
          '/volumes/wbfuzz-none',
          '/networks/wbfuzz-none',
          '/',
          '//',
          '///',
          '//%zz/x',
          '',
        ),
        tail,
      )
      .map(([a, b, c]) => `${a}${b}${c}`),
    tail,
    fc.constantFrom('*', 'http://x//', 'http://x/v1.41/_ping', '?', ''),
  )
  /** Methods that change things go only where nothing is, or to the test's own container. */
  const changing = fc.tuple(
    fc.constantFrom('POST', 'DELETE', 'PUT', 'PATCH'),
    fc.constantFrom(
      '/v1.41/containers/wbfuzz-none/start',
      '/v1.41/containers/wbfuzz-none',
      '/v1.41/volumes/wbfuzz-none',
      '/v1.41/networks/wbfuzz-none',
      '/v1.41/images/wbfuzz-none',
      '/v1.41/fuzz',
      `/v1.41/containers/${box}/wait?condition=removed`,
      `/v1.41/containers/${box}/resize?h=10&w=10`,
    ),
    tail,
  )
  const header = fc.tuple(
    fc.oneof(
      fc.constantFrom('Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Upgrade', 'Expect', 'Content-Type'),
      fc.string({ minLength: 1, maxLength: 16 }),
    ),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      nasty,
      fc.constantFrom('chunked', 'close', 'keep-alive', 'Upgrade', 'tcp', '100-continue', '-1', '99999999999', '0'),
      fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
    ),
  )
  const body = fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 80 }),
    // Chunked bodies, well-formed and not.
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.nat({ max: 40 }).map((n) => n.toString(16)),
            fc.constantFrom('zz', '-1', '', 'ffffffffffff'),
          ),
          fc.string({ maxLength: 40 }),
        ),
        { maxLength: 4 },
      )
      .map((chunks) => chunks.map(([size, data]) => `${size}\r\n${data}\r\n`).join('') + '0\r\n\r\n'),
  )
  const request = fc
    .record({
      line: fc.oneof(
        fc.tuple(fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'get', 'G\x00T', ''), target).map(([m, t]) => `${m} ${t}`),
        changing.map(([m, p, t]) => `${m} ${p}${t}`),
      ),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', ''),
      host: fc.boolean(),
      headers: fc.array(header, { maxLength: 6 }),
      body,
    })
    .map(({ line, version, host: h, headers, body: b }) => {
      const lines = [`${line} ${version}`]
      if (h) lines.push('Host: x')
      for (const [name, value] of headers) lines.push(`${name}: ${value}`)
      return `${lines.join('\r\n')}\r\n\r\n${b}`
    })
  /** An attach to the test's container, upgraded, then bytes that are no protocol at all. */
  const upgrade = fc
    .uint8Array({ maxLength: 200 })
    .map((garbage) =>
      Buffer.concat([
        Buffer.from(
          `POST /v1.41/containers/${box}/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: x\r\n` +
            'Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n',
        ),
        Buffer.from(garbage),
      ]),
    )
  const pipelined = fc.array(request, { minLength: 1, maxLength: 4 }).map((rs) => Buffer.from(rs.join(''), 'latin1'))

  it('answers 1,500 malformed, pipelined and upgraded requests, then the backend and docker ps still work', async () => {
    // A command runs in that terminal meanwhile: every request is one of its calls, as a program's in it would be.
    const sleeping = await client.call('terminal.run', { terminalId, command: 'sleep 600' })
    expect(sleeping).toMatchObject({ result: { runId: expect.any(String) } })
    await waitFor('the sleep to run', () => runs().some((r) => r.commandLine === 'sleep 600'))
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 8, arbitrary: pipelined }, { weight: 1, arbitrary: upgrade }),
        async (bytes) => {
          const answer = await send(bytes, 1500)
          expect(answer === '' || /^HTTP\/1\.[01] \d{3} /.test(answer), answer.slice(0, 80)).toBe(true)
          expect(app.exited(), app.output()).toBe(false)
        },
      ),
      { numRuns: 1500, interruptAfterTimeLimit: 40_000 },
    )
    expect(app.exited(), app.output()).toBe(false)
    expect(await client.call('app.info', {})).toMatchObject({ result: { name: 'Whalebook' } })
    await client.call('terminal.write', { terminalId, data: '\x03' })
    await waitFor('the sleep to end', () => runs().some((r) => r.commandLine === 'sleep 600' && r.state === 'settled'))
    const ps = await inTerminal('docker ps --format "{{.Names}}"')
    expect(ps.exitCode).toBe(0)
    expect(ps.exchanges.some((x) => /containers\/json/.test(x.path) && x.status === 200)).toBe(true)
    expect(app.output()).not.toMatch(/TypeError|Uncaught|unhandled/i)
  }, 90_000)

  it('keeps the backend within +64 MB under a client that pipelines without ever reading, and idle after it goes', async () => {
    const rss = (): number =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
    const cpu = (): number => {
      const fields = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      return (Number(fields[11]) + Number(fields[12])) / 100
    }
    const base = rss()
    // Another process, so that its own buffers are not counted: it writes as fast as the socket takes, reads nothing.
    const flooder: ChildProcess = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('net').connect(${JSON.stringify(socket)}); const req = Buffer.from('GET /_ping HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'.repeat(500));
         s.pause(); let sent = 0; const go = () => { while (s.write(req)) { sent += 500 } }; s.on('drain', go); s.on('connect', go);
         setInterval(() => process.stdout.write(sent + '\\n'), 500)`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    )
    let sent = 0
    flooder.stdout?.on('data', (d: Buffer) => (sent = Number(d.toString().trim().split('\n').pop())))
    let peak = base
    const sample = setInterval(() => (peak = Math.max(peak, rss())), 100)
    try {
      await waitFor('the flood to be sent', () => sent > 0, 10_000)
      await new Promise((r) => setTimeout(r, 8000))
    } finally {
      clearInterval(sample)
      flooder.kill('SIGKILL')
    }
    expect(sent).toBeGreaterThan(0)
    expect((peak - base) / 1024 / 1024).toBeLessThan(64)
    // Once it has gone, nothing of it keeps the backend busy.
    await new Promise((r) => setTimeout(r, 500))
    const before = cpu()
    await new Promise((r) => setTimeout(r, 3000))
    expect(cpu() - before).toBeLessThan(1)
    expect((await inTerminal('docker ps -q')).exitCode).toBe(0)
  }, 60_000)
})
