import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'
import { rawUnixExchange } from '../support/raw-http'
import { TEST_IMAGE } from '../support/test-image'

/**
 * A command the learner types fails: its run record carries the one classifier's explanation, whatever the words
 * (the engine's, the CLI's own refusals), with the real docker CLI in the app's terminal. With no engine at all the
 * terminal shows docker's own words, naming the engine DOCKER_HOST points at, not the app's proxy.
 */
describe('a typed docker command that fails is explained', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  const tag = Math.random().toString(36).slice(2, 8)
  const quietly = (args: string[]): void =>
    void spawnSync('docker', args, { env: { ...process.env, DOCKER_HOST: host } })
  afterAll(async () => {
    quietly(['rm', '-f', `taken-${tag}`, `port-a-${tag}`])
    await h.dispose()
  })

  it('a name in use, a port taken, an unknown command, a missing argument: each run carries its failure', async () => {
    const t = await h.shell()
    const first = await h.runCommand(t, `docker create --name taken-${tag} ${TEST_IMAGE} true`)
    expect(first.exitCode).toBe(0)
    expect(first.failure).toBeNull()

    const failed = async (command: string) => {
      const { runId } = await h.call('terminal.run', { terminalId: t, command })
      return h.runUntil(runId, (r) => r.state === 'settled' && r.failure !== null, 30_000)
    }
    const conflict = await failed(`docker create --name taken-${tag} ${TEST_IMAGE} true`)
    expect(conflict.exitCode).not.toBe(0)
    expect(conflict.stepId).toBeNull()
    expect(conflict.failure).toMatchObject({ kind: 'name-in-use', values: { name: `taken-${tag}` } })

    const port = 20000 + Math.floor(Math.random() * 20000)
    expect(
      (await h.runCommand(t, `docker run -d --name port-a-${tag} -p ${port}:80 ${TEST_IMAGE} sleep 60`)).exitCode,
    ).toBe(0)
    const taken = await failed(`docker run -d -p ${port}:80 ${TEST_IMAGE} sleep 60`)
    expect(taken.failure).toMatchObject({ kind: 'port-allocated', values: { port: String(port) } })

    const rnu = await failed('docker rnu')
    expect(rnu.failure).toMatchObject({ kind: 'unknown-command', values: { command: 'rnu', suggestion: 'run' } })
    expect(rnu.failure?.text['zh-CN'].fix).toContain('docker run')

    const stop = await failed('docker stop')
    expect(stop.failure).toMatchObject({ kind: 'missing-argument', values: { command: 'stop' } })
    expect(stop.failure?.values.usage).toMatch(/^docker stop /)
    const format = await failed('docker ps -a --format')
    expect(format.failure).toMatchObject({ kind: 'missing-flag-value', values: { flag: '--format' } })

    // What the book's readers mistype: a volume or a network that is not there, a port docker cannot read.
    const volume = await failed(`docker volume inspect gone-${tag}`)
    expect(volume.failure).toMatchObject({ kind: 'no-such-volume', values: { name: `gone-${tag}` } })
    const network = await failed(`docker network rm gone-${tag}`)
    expect(network.failure).toMatchObject({ kind: 'no-such-network', values: { name: `gone-${tag}` } })
    const badPort = await failed(`docker run --rm -p 99999:80 ${TEST_IMAGE} true`)
    expect(badPort.failure).toMatchObject({ kind: 'invalid-port', values: { side: 'hostPort', value: '99999' } })

    const exec = await failed(`docker exec taken-${tag} true`)
    expect(exec.failure).toMatchObject({ kind: 'container-not-running' })

    // The engine downloads an import's URL itself: its failure is that download's, not a registry's or a mirror's.
    const url = await failed('docker import http://127.0.0.1:1/ubuntu.tar test/ubuntu:v1.0')
    expect(url.failure).toMatchObject({ kind: 'import-url', host: '127.0.0.1:1', via: null })
  })
})

describe('with no engine where DOCKER_HOST points', () => {
  const missing = join(mkdtempSync(join(tmpdir(), 'wb-noengine-')), 'docker.sock')
  const h = new BackendHarness(`unix://${missing}`)
  afterAll(() => h.dispose())

  it(
    'the terminal shows docker’s own words, naming that engine, and the run explains them',
    { timeout: 90_000 },
    async () => {
      const t = await h.shell()
      const { runId } = await h.call('terminal.run', {
        terminalId: t,
        command: 'docker ps; r=$?; echo "marker-$((6*7))"; (exit $r)',
      })
      const run = await h.runUntil(runId, (r) => r.state !== 'running' && r.failure !== null, 30_000)
      const out = h.output(t)
      // The command ran (the witness), and docker said what it says without any proxy between.
      expect(out).toContain('marker-42')
      expect(out).toContain(`Cannot connect to the Docker daemon at unix://${missing}. Is the docker daemon running?`)
      expect(out).not.toMatch(/Whalebook|engine proxy|ENOENT/)
      expect(run.failure).toMatchObject({ kind: 'engine-not-running', values: { address: `unix://${missing}` } })
      // A spliced answer (logs) and a tunnelled one (attach) say the same, asked of the terminal's proxy directly.
      await h.runCommand(t, 'printf "proxy=%s\\n" "$DOCKER_HOST"')
      const socket = /proxy=unix:\/\/(\S+\.sock)/.exec(h.output(t))?.[1] ?? ''
      expect(socket).not.toBe('')
      for (const head of [
        'GET /v1.41/containers/web/logs?stdout=1 HTTP/1.1\r\nHost: docker\r\n\r\n',
        'POST /v1.41/containers/web/attach?stream=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n',
      ]) {
        const answer = await rawUnixExchange(socket, head, 3000)
        expect(answer, head).toMatch(/^HTTP\/1\.1 502 /)
        expect(answer, head).toContain(
          `Cannot connect to the Docker daemon at unix://${missing}. Is the docker daemon running?`,
        )
      }
      // And the CLI's own commands for them.
      for (const command of ['docker logs web', 'docker attach web']) {
        const again = await h.runUntil(
          (await h.call('terminal.run', { terminalId: t, command })).runId,
          (r) => r.state !== 'running',
          30_000,
        )
        expect(again.exitCode, command).not.toBe(0)
        expect(again.failure?.kind, command).toBe('engine-not-running')
      }
    },
  )
})
