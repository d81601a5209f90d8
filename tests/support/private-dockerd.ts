/**
 * A Docker engine of the tests' own, never the user's: a private dockerd with its own data
 * root, exec root, pidfile, socket and (when it can make one) bridge, stopped and removed after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDnsStub, type DnsStub } from './dns-stub'
import { waitForExit } from './wait'

export interface PrivateDockerd {
  /** `unix:///tmp/…/docker.sock`, ready for DOCKER_HOST. */
  host: string
  socketPath: string
  dir: string
  log: string
  stop(): Promise<void>
  /** Kill the daemon outright (dockerd and its containerd; no clean shutdown, no farewell events), keeping its data. */
  crash(): Promise<void>
  /** Start the daemon again on the same data, socket and bridge. */
  restart(): Promise<void>
}

export interface DockerdOptions {
  /** 'private' makes a bridge of its own so `-p` works without touching docker0; 'none' has no networking. */
  network?: 'private' | 'none'
  startTimeoutMs?: number
  /** More dockerd flags, e.g. `--registry-mirror http://127.0.0.1:PORT`. */
  extraArgs?: string[]
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

function mountsUnder(dir: string): string[] {
  try {
    return readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${dir}/`))
      .sort((a, b) => b.length - a.length)
  } catch {
    return []
  }
}

export async function startPrivateDockerd(options: DockerdOptions = {}): Promise<PrivateDockerd> {
  const dir = mkdtempSync(join(tmpdir(), 'wbd-'))
  // The engine resolves names through a server that knows none (its own /etc/resolv.conf, in a mount namespace of its
  // own): a pull from Docker Hub fails as a blocked network's does, on every machine, and never leaves this one.
  const dns: DnsStub = await startDnsStub()
  writeFileSync(join(dir, 'resolv.conf'), `nameserver ${dns.address}\n`)
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
    ...(options.extraArgs ?? []),
  ]
  let child: ChildProcess = await launch()

  async function launch(): Promise<ChildProcess> {
    const out = openSync(log, 'a')
    const resolv = join(dir, 'resolv.conf')
    const proc = spawn(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount --bind "$0" /etc/resolv.conf && exec dockerd "$@"`,
        resolv,
        ...args,
      ],
      { stdio: ['ignore', out, out], detached: true },
    )
    proc.unref()
    const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve))
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000)
    for (;;) {
      if (await pingSocket(socketPath)) return proc
      const failed = await Promise.race([
        spawnError,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 200)),
      ])
      if (failed || proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL')
        if (bridge) ip(['link', 'del', bridge])
        await dns.stop()
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : ''
        throw new Error(`private dockerd did not start${failed ? `: ${failed.message}` : ''}\n${tail}`)
      }
    }
  }

  let stopped = false
  return {
    host: `unix://${socketPath}`,
    socketPath,
    dir,
    log,
    async crash() {
      child.kill('SIGKILL')
      // Its containerd too, or the next dockerd cannot start its own; the container shims live on, as after a real crash.
      spawnSync('pkill', ['-9', '-f', `containerd --config ${dir}`], { stdio: 'ignore' })
      await waitForExit(child, 10_000)
      // A killed daemon leaves its pid files; the next one refuses to start while they name a live pid.
      rmSync(join(dir, 'docker.pid'), { force: true })
      rmSync(join(dir, 'exec', 'containerd', 'containerd.pid'), { force: true })
    },
    async restart() {
      child = await launch()
    },
    async stop() {
      if (stopped) return
      stopped = true
      child.kill('SIGTERM')
      if (!(await waitForExit(child, 20_000))) {
        child.kill('SIGKILL')
        await waitForExit(child, 5_000)
      }
      if (bridge) ip(['link', 'del', bridge])
      await dns.stop()
      // A crashed daemon leaves its containerd and shims behind: end every process of this engine (its dir is in their args).
      spawnSync('pkill', ['-9', '-f', dir], { stdio: 'ignore' })
      for (const mount of mountsUnder(dir)) spawnSync('umount', ['-l', mount], { stdio: 'ignore' })
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
      } catch {
        // Something still busy: harmless litter in the temp folder, not worth failing a test run over.
      }
    },
  }
}
