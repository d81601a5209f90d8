/**
 * Part of npm run bench:engine — what the per-terminal engine proxy costs, against a private dockerd, with the real
 * docker CLI, direct and through the proxy interleaved (so both see the same noise):
 *  0. one API request (`GET /_ping`), p50 and p95 (target: at most 2 ms added per request at p95);
 *  1. `docker run --rm <busybox> true`, p50 and p95 (about fifteen requests and a container's start);
 *  2. `docker build --no-cache` of a small Dockerfile;
 *  3. `docker logs -f` throughput of a container that wrote 32 MB, median of 9 (target: at most 5 % lower).
 */
import { execFile } from 'node:child_process'
import { Agent, request } from 'node:http'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'vitest'
import { DockerProxy } from '../src/main/services/engine-proxy/docker-proxy'
import { startPrivateDockerd } from '../tests/support/private-dockerd'
import { buildTestImage, TEST_IMAGE } from '../tests/support/test-image'
import { cutTo, percentile, writeSection } from './report'

/** One `GET /_ping` over a kept-alive connection to a unix socket, in ms. */
function ping(socketPath: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const req = request({ socketPath, path: '/_ping', agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(performance.now() - start))
    })
    req.on('error', reject)
    req.end()
  })
}

function timed(host: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' }, maxBuffer: 1 << 30 },
      (e) => (e ? reject(e) : resolve(performance.now() - start)),
    )
  })
}

test('engine proxy cost', async () => {
  const dockerd = await startPrivateDockerd({ network: 'none' })
  buildTestImage(dockerd.host)
  const dir = mkdtempSync(join(tmpdir(), 'wb-proxy-bench-'))
  const proxy = new DockerProxy({
    listenPath: join(dir, 'p.sock'),
    target: () => ({ kind: 'socket', path: dockerd.socketPath }),
    onExchange: () => {},
  })
  await proxy.start()
  // The machine may be shared: its load (1-minute average) when the measures began goes with them.
  const load = loadavg()[0] ?? 0
  const hosts = { direct: dockerd.host, proxy: `unix://${proxy.path}` }
  /** `times` rounds of one measure on the engine's socket and through the proxy, alternating, so both see the same noise. */
  async function interleaved(
    times: number,
    measure: (host: string) => Promise<number>,
  ): Promise<Record<'direct' | 'proxy', number[]>> {
    const out: Record<'direct' | 'proxy', number[]> = { direct: [], proxy: [] }
    for (let i = 0; i < times; i++) {
      out.direct.push(await measure(hosts.direct))
      out.proxy.push(await measure(hosts.proxy))
    }
    return out
  }
  try {
    // Per request: the proxy's own cost, without a container's start-up noise around it.
    const pings: Record<'direct' | 'proxy', number[]> = { direct: [], proxy: [] }
    const agents = { direct: new Agent({ keepAlive: true }), proxy: new Agent({ keepAlive: true }) }
    for (let i = 0; i < 2000; i++) {
      pings.direct.push(await ping(dockerd.socketPath, agents.direct))
      pings.proxy.push(await ping(proxy.path, agents.proxy))
    }
    agents.direct.destroy()
    agents.proxy.destroy()
    const runs = await interleaved(30, (host) => timed(host, ['run', '--rm', TEST_IMAGE, 'true']))
    const ctx = join(dir, 'ctx')
    mkdirSync(ctx)
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo one > /one\nRUN echo two > /two\n`)
    const builds = await interleaved(5, (host) =>
      timed(host, ['build', '--no-cache', '-q', '-t', 'whalebook/bench-build', ctx]),
    )
    const MB = 32
    await timed(hosts.direct, [
      'run',
      '--name',
      'bench-logs',
      TEST_IMAGE,
      'sh',
      '-c',
      `head -c ${MB * 1024 * 1024} /dev/zero | tr '\\0' x | fold -w 1000`,
    ])
    const logs = await interleaved(9, async (host) => MB / ((await timed(host, ['logs', '-f', 'bench-logs'])) / 1000))
    const ms = (v: number): string => `${v.toFixed(1)} ms`
    const med = (v: number[]): number => percentile(v, 50)
    const addedP95 = percentile(pings.proxy, 95) - percentile(pings.direct, 95)
    // The median of each: on two noisy cores one lucky run says little.
    const throughput = med(logs.proxy) / med(logs.direct)
    const ms2 = (v: number): string => `${v.toFixed(2)} ms`
    const rows = [
      ['one API request (`GET /_ping`), p50 (2,000 each)', ms2(med(pings.direct)), ms2(med(pings.proxy)), ''],
      [
        'one API request, p95',
        ms2(percentile(pings.direct, 95)),
        ms2(percentile(pings.proxy, 95)),
        `${cutTo(addedP95, 2, 'up').toFixed(2)} ms added (≤ 2 ms ${addedP95 <= 2 ? '✓' : '✗'})`,
      ],
      ['`docker run --rm busybox true`, p50 (30 each)', ms(med(runs.direct)), ms(med(runs.proxy)), ''],
      ['`docker run --rm busybox true`, p95', ms(percentile(runs.direct, 95)), ms(percentile(runs.proxy, 95)), ''],
      ['`docker build --no-cache` (2 steps), median of 5', ms(med(builds.direct)), ms(med(builds.proxy)), ''],
      [
        `\`docker logs -f\` of ${MB} MB, median of 9`,
        `${med(logs.direct).toFixed(0)} MB/s`,
        `${med(logs.proxy).toFixed(0)} MB/s`,
        `${cutTo(throughput * 100, 0, 'down').toFixed(0)} % (≥ 95 % ${throughput >= 0.95 ? '✓' : '✗'})`,
      ],
    ]
    const table = [
      '| measure | engine socket | through the proxy | cost |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n')
    console.log(`\n${table}\n`)
    writeSection(
      'engine-proxy',
      `## The engine proxy's cost (\`npm run bench:engine\`)

Run ${new Date().toISOString().slice(0, 10)} against a private dockerd with the docker CLI, the same commands on the
engine's socket and through a terminal's proxy, interleaved. The proxy forwards every request unchanged (hijacked and
upgraded connections too), one at a time per connection, and reads the ids from the engine's answers. The machine's
1-minute load average when it began: ${load.toFixed(1)} (this machine is shared with other work, which it includes).

${table}`,
    )
  } finally {
    await proxy.close()
    await dockerd.stop()
  }
}, 600_000)
