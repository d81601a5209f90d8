/**
 * A Docker engine of the tests' own, never the user's: a private dockerd with its own data
 * root, exec root, pidfile, socket and (when it can make one) bridge, stopped and removed after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PrivateDockerd {
  /** `unix:///tmp/…/docker.sock`, ready for DOCKER_HOST. */
  host: string
  socketPath: string
  dir: string
  log: string
  stop(): Promise<void>
}

export interface DockerdOptions {
  /** 'private' makes a bridge of its own so `-p` works without touching docker0; 'none' has no networking. */
  network?: 'private' | 'none'
  startTimeoutMs?: number
}

export function pingSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => {
      req.destroy()
      resolve(false)
    })
    req.end()
  })
}

function ip(args: string[]): boolean {
  return spawnSync('ip', args, { stdio: 'ignore' }).status === 0
}

function makeBridge(): string | undefined {
  const name = `wb${randomBytes(3).toString('hex')}`
  // 172.30.x.0/24 is a host-local range for the bridge; no traffic leaves the machine.
  const subnet = `172.30.${1 + ((randomBytes(1)[0] ?? 0) % 250)}`
  if (!ip(['link', 'add', 'name', name, 'type', 'bridge'])) return undefined
  if (!ip(['addr', 'add', `${subnet}.1/24`, 'dev', name]) || !ip(['link', 'set', name, 'up'])) {
    ip(['link', 'del', name])
    return undefined
  }
  return name
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(t)
      resolve(true)
    })
  })
}

export async function startPrivateDockerd(options: DockerdOptions = {}): Promise<PrivateDockerd> {
  const dir = mkdtempSync(join(tmpdir(), 'wbd-'))
  const socketPath = join(dir, 'docker.sock')
  const log = join(dir, 'dockerd.log')
  const bridge = options.network === 'none' ? undefined : makeBridge()
  const args = [
    '--data-root',
    join(dir, 'data'),
    '--exec-root',
    join(dir, 'exec'),
    '--pidfile',
    join(dir, 'docker.pid'),
    '--host',
    `unix://${socketPath}`,
    '--bridge',
    bridge ?? 'none',
    // Leave the host's firewall alone: published ports work through docker-proxy on loopback.
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    '--userland-proxy=true',
  ]
  const out = openSync(log, 'a')
  const child = spawn('dockerd', args, { stdio: ['ignore', out, out], detached: true })
  child.unref()
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000)
  for (;;) {
    if (await pingSocket(socketPath)) break
    const failed = await Promise.race([spawnError, new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))])
    if (failed || child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      if (bridge) ip(['link', 'del', bridge])
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : ''
      throw new Error(`private dockerd did not start${failed ? `: ${failed.message}` : ''}\n${tail}`)
    }
  }

  let stopped = false
  return {
    host: `unix://${socketPath}`,
    socketPath,
    dir,
    log,
    async stop() {
      if (stopped) return
      stopped = true
      child.kill('SIGTERM')
      if (!(await waitForExit(child, 20_000))) {
        child.kill('SIGKILL')
        await waitForExit(child, 5_000)
      }
      if (bridge) ip(['link', 'del', bridge])
      // Shutdown unmounts the overlays; anything left busy is harmless tmp litter.
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
    },
  }
}
