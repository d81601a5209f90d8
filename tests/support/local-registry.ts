import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from './wait'

/**
 * A real registry (Debian's `docker-registry`: the CNCF distribution registry 2.8) on 127.0.0.1, with its own storage,
 * stopped and removed after. Started with a mirror flag, a private dockerd pulls Docker Hub names through it.
 */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT`, as `--registry-mirror` takes it. */
  url: string
  /** `127.0.0.1:PORT`, as an image name's registry part. */
  host: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as AddressInfo).port
  await new Promise((r) => s.close(r))
  return port
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200
  } catch {
    return false
  }
}

export async function startLocalRegistry(port?: number): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-registry-'))
  const p = port ?? (await freePort())
  const config = join(dir, 'config.yml')
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${p} }`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${p}`
  await waitFor('the local registry', () => answers(`${url}/v2/`), 20_000)
  return {
    url,
    host: `127.0.0.1:${p}`,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Pushes a local image into the registry under `name` (e.g. `library/hello:latest`), through an engine. */
export function pushTo(registry: LocalRegistry, dockerHost: string, source: string, name: string): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  const target = `${registry.host}/${name}`
  for (const args of [
    ['tag', source, target],
    ['push', target],
    ['rmi', target],
  ]) {
    const r = spawnSync('docker', args, { env, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
  }
}

/**
 * A registry that refuses: every /v2/ request gets `status` with the registry error body the engine reads
 * (429 toomanyrequests, 401 unauthorized with a Docker-Distribution-Api-Version header), after `delayMs`. Loopback only.
 */
export async function startRefusingRegistry(
  status: 401 | 429,
  delayMs = 0,
): Promise<{ host: string; url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => setTimeout(() => answer(res), delayMs))
  const answer = (res: import('node:http').ServerResponse): void => {
    const body =
      status === 429
        ? { errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }
        : { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Docker-Distribution-Api-Version': 'registry/2.0',
      ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="whalebook-test"' } : {}),
    })
    res.end(JSON.stringify(body))
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return { host, url: `http://${host}`, close: () => new Promise((r) => server.close(() => r())) }
}
