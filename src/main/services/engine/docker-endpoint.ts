import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineEndpoint } from '@shared/contract'

export interface EndpointEnv {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  homeDir: string
  readFile?: (path: string) => string
}

export interface ResolvedEndpoint extends EngineEndpoint {
  /** The TLS material directory, when the endpoint is tcp with TLS. */
  certPath?: string
  tlsVerify?: boolean
  contextName?: string
}

const DEFAULT_UNIX = 'unix:///var/run/docker.sock'
const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine'

function kindOf(url: string): EngineEndpoint['kind'] {
  if (url.startsWith('unix://')) return 'unix'
  if (url.startsWith('npipe://')) return 'npipe'
  if (url.startsWith('ssh://')) return 'ssh'
  if (url.startsWith('tcp://') || url.startsWith('http://') || url.startsWith('https://')) return 'tcp'
  throw new Error(`Unsupported Docker host "${url}": expected unix://, npipe://, tcp:// or ssh://`)
}

function contextDir(name: string): string {
  // The CLI stores context metadata under the SHA-256 of the context name.
  return createHash('sha256').update(name).digest('hex')
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } }
}

/**
 * An engine given by address (DOCKER_HOST, or one the user picked): tcp:// uses TLS when verification is asked
 * for or the address is https://, with the certificates from `certPath`.
 */
export function endpointFromUrl(
  url: string,
  source: EngineEndpoint['source'],
  tlsOptions: { tlsVerify: boolean; certPath: string },
): ResolvedEndpoint {
  const kind = kindOf(url)
  const tls = kind === 'tcp' && (tlsOptions.tlsVerify || url.startsWith('https://'))
  return { url, kind, source, tls, ...(tls ? tlsOptions : {}) }
}

/** TLS as the docker CLI reads it from the environment: DOCKER_TLS_VERIFY, and DOCKER_CERT_PATH or the config folder. */
export function tlsFromEnv(env: NodeJS.ProcessEnv, homeDir: string): { tlsVerify: boolean; certPath: string } {
  const verify = env.DOCKER_TLS_VERIFY
  return {
    tlsVerify: verify !== undefined && verify !== '' && verify !== '0',
    certPath: env.DOCKER_CERT_PATH || env.DOCKER_CONFIG || join(homeDir, '.docker'),
  }
}

/**
 * An engine the user picked by address: the same TLS policy as DOCKER_HOST, so that the panels and the terminals
 * (which inherit DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) reach it the same way.
 */
export function userEndpoint(url: string, env: NodeJS.ProcessEnv, homeDir: string): ResolvedEndpoint {
  return endpointFromUrl(url, 'user', tlsFromEnv(env, homeDir))
}

/**
 * Picks the engine the docker CLI would talk to: DOCKER_HOST, else DOCKER_CONTEXT or the
 * config's currentContext, else the platform's default socket. Reading the same sources keeps
 * the panels and the app's terminal on one engine.
 */
export function resolveDockerEndpoint(input: EndpointEnv): ResolvedEndpoint {
  const { env, platform, homeDir } = input
  const read = input.readFile ?? ((p: string) => readFileSync(p, 'utf8'))
  const configDir = env.DOCKER_CONFIG || join(homeDir, '.docker')

  const host = env.DOCKER_HOST?.trim()
  if (host) return endpointFromUrl(host, 'DOCKER_HOST', tlsFromEnv(env, homeDir))

  let contextName = env.DOCKER_CONTEXT?.trim()
  if (!contextName) {
    try {
      const config = JSON.parse(read(join(configDir, 'config.json'))) as { currentContext?: string }
      contextName = config.currentContext
    } catch {
      // No or unreadable config: the CLI falls back to the default context too.
    }
  }
  if (contextName && contextName !== 'default') {
    const id = contextDir(contextName)
    try {
      const meta = JSON.parse(read(join(configDir, 'contexts', 'meta', id, 'meta.json'))) as ContextMeta
      const url = meta.Endpoints?.docker?.Host
      if (url) {
        const kind = kindOf(url)
        const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker')
        const tls = kind === 'tcp' && hasFile(read, join(tlsDir, 'ca.pem'))
        return {
          url,
          kind,
          source: 'context',
          tls,
          contextName,
          ...(tls ? { certPath: tlsDir, tlsVerify: !meta.Endpoints?.docker?.SkipTLSVerify } : {}),
        }
      }
    } catch {
      // A context that names nothing readable: fall through to the default, as `docker` would error.
    }
  }

  const url = platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX
  return { url, kind: kindOf(url), source: 'default', tls: false }
}

function hasFile(read: (p: string) => string, path: string): boolean {
  try {
    read(path)
    return true
  } catch {
    return false
  }
}

/** Connection options in the shape docker-modem (dockerode's transport) expects. */
export interface ModemOptions {
  socketPath?: string
  host?: string
  port?: number
  protocol?: 'http' | 'https' | 'ssh'
  username?: string
  ca?: string
  cert?: string
  key?: string
  timeout?: number
}

export function toModemOptions(
  endpoint: ResolvedEndpoint,
  read = (p: string) => readFileSync(p, 'utf8'),
): ModemOptions {
  switch (endpoint.kind) {
    case 'unix':
      return { socketPath: endpoint.url.slice('unix://'.length) }
    case 'npipe':
      return { socketPath: endpoint.url.slice('npipe://'.length).replace(/\//g, '\\') }
    case 'ssh': {
      const u = new URL(endpoint.url)
      return {
        protocol: 'ssh',
        host: u.hostname,
        port: u.port ? Number(u.port) : 22,
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      }
    }
    case 'tcp': {
      const u = new URL(endpoint.url.replace(/^tcp:\/\//, endpoint.tls ? 'https://' : 'http://'))
      const options: ModemOptions = {
        host: u.hostname,
        port: u.port ? Number(u.port) : endpoint.tls ? 2376 : 2375,
        protocol: endpoint.tls ? 'https' : 'http',
      }
      if (endpoint.tls && endpoint.certPath) {
        for (const part of ['ca', 'cert', 'key'] as const) {
          try {
            options[part] = read(join(endpoint.certPath, `${part}.pem`))
          } catch {
            // Missing material surfaces as a TLS error on connect, which is explained there.
          }
        }
      }
      return options
    }
  }
}

/**
 * The environment that makes a docker CLI in the app's terminal talk to this same engine, so the
 * terminal and the panels never disagree about which engine they show.
 */
export function dockerEnvFor(endpoint: ResolvedEndpoint): Record<string, string> {
  if (endpoint.source === 'context' && endpoint.contextName) return { DOCKER_CONTEXT: endpoint.contextName }
  // Said either way: an inherited DOCKER_TLS_VERIFY must not make the terminal's CLI use TLS where the panels do not.
  const env: Record<string, string> = { DOCKER_HOST: endpoint.url, DOCKER_TLS_VERIFY: '' }
  if (endpoint.tls) {
    if (endpoint.tlsVerify) env.DOCKER_TLS_VERIFY = '1'
    if (endpoint.certPath) env.DOCKER_CERT_PATH = endpoint.certPath
  }
  return env
}

export interface EngineCandidate {
  url: string
  label: string
  /** Whether the socket (or pipe) is there now; remote hosts are always offered. */
  present: boolean
}

/**
 * The engines a learner may want to switch between: the configured one, every docker context,
 * the system socket, rootless Docker's and Podman's Docker-compatible sockets.
 */
export function engineCandidates(
  input: EndpointEnv & { exists: (path: string) => boolean; uid: number },
): EngineCandidate[] {
  const { env, platform, homeDir, exists } = input
  const read = input.readFile ?? ((p: string) => readFileSync(p, 'utf8'))
  const out: EngineCandidate[] = []
  const add = (url: string, label: string): void => {
    if (out.some((c) => c.url === url)) return
    const socket = url.startsWith('unix://') ? url.slice(7) : undefined
    out.push({ url, label, present: socket ? exists(socket) : true })
  }
  const current = resolveDockerEndpoint(input)
  add(current.url, `${current.source === 'context' ? `context ${current.contextName ?? ''}` : current.source}`)
  const configDir = env.DOCKER_CONFIG || join(homeDir, '.docker')
  try {
    const metaDir = join(configDir, 'contexts', 'meta')
    for (const id of readdirSync(metaDir)) {
      const meta = JSON.parse(read(join(metaDir, id, 'meta.json'))) as ContextMeta & { Name?: string }
      const host = meta.Endpoints?.docker?.Host
      if (host) add(host, `context ${meta.Name ?? id.slice(0, 8)}`)
    }
  } catch {
    // No contexts.
  }
  if (platform === 'win32') {
    add(DEFAULT_NPIPE, 'Docker Desktop')
    return out
  }
  add(DEFAULT_UNIX, 'system')
  const runtimeDir = env.XDG_RUNTIME_DIR || `/run/user/${input.uid}`
  add(`unix://${runtimeDir}/docker.sock`, 'rootless')
  add(`unix://${runtimeDir}/podman/podman.sock`, 'Podman (rootless)')
  add('unix:///run/podman/podman.sock', 'Podman')
  if (platform === 'darwin') add(`unix://${join(homeDir, '.docker', 'run', 'docker.sock')}`, 'Docker Desktop')
  return out
}

/**
 * The engine's own host when it is another machine: `tcp://build.lab:2376` → `build.lab`, `ssh://me@gpu-box` →
 * `gpu-box`. Null for a local socket or pipe, and for a tcp:// or ssh:// engine on this machine's loopback.
 */
export function remoteEngineHost(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'tcp:' && u.protocol !== 'ssh:' && u.protocol !== 'http:' && u.protocol !== 'https:') return null
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (!host || host === 'localhost' || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1') return null
  return host
}
