import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { MirrorCheck, MirrorProbe } from '@shared/contract'
import { mirrorCheck, mirrorOutcomeOfError, type MirrorOutcome } from '@shared/docker/failure'
import { registryPath } from '@shared/docker/image-ref'
import { mirrorBase } from '@shared/mirror-address'

/** One GET (or HEAD) with a hard deadline; resolves with the status and headers, or the network's error. */
export function fetchStatus(
  url: string,
  options: { method?: 'GET' | 'HEAD'; timeoutMs: number; headers?: Record<string, string> },
): Promise<{ status: number; headers: IncomingMessage['headers'] } | { error: string; code: string }> {
  return new Promise((resolve) => {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return resolve({ error: `not a URL: ${url}`, code: 'ERR_INVALID_URL' })
    }
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest
    const req = request(u, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    )
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ? `${error.code}: ${error.message}` : error.message, code: error.code ?? '' }),
    )
    req.end()
  })
}

/**
 * Is a registry mirror there? GET <url>/v2/, as the engine's first request does: a registry answers 200, or 401 with
 * a `Docker-Distribution-Api-Version` header when it wants a login.
 */
export async function probeMirror(
  url: string,
  timeoutMs = 5000,
  now = performance.now.bind(performance),
): Promise<MirrorProbe> {
  const base = mirrorBase(url)
  const start = now()
  const answer = await fetchStatus(`${base}/v2/`, { timeoutMs })
  const ms = Math.round(now() - start)
  if ('error' in answer) return { url, reachable: false, isRegistry: false, status: null, ms, message: answer.error }
  const api = answer.headers['docker-distribution-api-version']
  const isRegistry = answer.status === 200 || (answer.status === 401 && api !== undefined)
  return {
    url,
    reachable: true,
    isRegistry,
    status: answer.status,
    ms,
    message: `HTTP ${answer.status}${api ? ` (${String(api)})` : ''}`,
  }
}

/** The manifest kinds the engine asks for, as its pull does. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ')

type Answer = Awaited<ReturnType<typeof fetchStatus>>

/** An anonymous token, as the engine gets one, for a registry whose 401 names a Bearer realm; undefined if none. */
export async function anonymousToken(challenge: string | undefined, timeoutMs: number): Promise<string | undefined> {
  const bearer = /^Bearer\s+(.*)$/i.exec(challenge ?? '')?.[1]
  if (!bearer) return undefined
  const params = Object.fromEntries([...bearer.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
  if (!params.realm) return undefined
  let url: URL
  try {
    url = new URL(params.realm)
  } catch {
    return undefined
  }
  if (params.service) url.searchParams.set('service', params.service)
  if (params.scope) url.searchParams.set('scope', params.scope)
  const answer = await fetchBody(url.href, timeoutMs)
  if (answer?.status !== 200) return undefined
  try {
    const json = JSON.parse(answer.body) as { token?: unknown; access_token?: unknown }
    const token = json.token ?? json.access_token
    return typeof token === 'string' ? token : undefined
  } catch {
    return undefined
  }
}

/** A small GET (a token, a manifest) with a deadline: its status, headers and body (1 MiB at most), or undefined. */
export function fetchBody(
  url: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string } | undefined> {
  return new Promise((resolve) => {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return resolve(undefined)
    }
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > 1024 * 1024) req.destroy()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', () => resolve(undefined))
    })
    req.setTimeout(timeoutMs, () => req.destroy())
    req.on('error', () => resolve(undefined))
    req.end()
  })
}

/** What an HTTP status on a registry request says about the mirror. */
function outcomeOfStatus(status: number): MirrorOutcome | undefined {
  if (status === 401 || status === 403) return 'unauthorized'
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'server-error'
  return undefined
}

/**
 * A configured mirror, asked as the engine asks it after a pull failed: `/v2/` (is a registry there?), then the
 * image's manifest (does it have it?), each with a deadline. Says which request failed and how. Mirrors serve Docker
 * Hub's images only: for another registry's image, only `/v2/` is asked.
 */
export async function checkMirror(
  url: string,
  image: string | null,
  timeoutMs = 5000,
  now = performance.now.bind(performance),
): Promise<MirrorCheck> {
  const base = mirrorBase(url)
  const start = now()
  const done = (outcome: MirrorOutcome, at: MirrorCheck['at'], answer: Answer, detail?: string): MirrorCheck =>
    mirrorCheck(
      {
        url,
        outcome,
        at,
        status: 'error' in answer ? null : answer.status,
        detail: detail ?? ('error' in answer ? answer.error : `HTTP ${answer.status}`),
        ms: Math.round(now() - start),
      },
      image,
      timeoutMs,
    )
  const v2 = await fetchStatus(`${base}/v2/`, { timeoutMs })
  if ('error' in v2) return done(mirrorOutcomeOfError(v2.code, v2.error), 'v2', v2)
  const api = v2.headers['docker-distribution-api-version']
  const json = /json/.test(String(v2.headers['content-type'] ?? ''))
  const isRegistry = api !== undefined || ((v2.status === 200 || v2.status === 401) && json)
  if (!isRegistry) return done(v2.status >= 500 ? 'server-error' : 'not-registry', 'v2', v2)
  // A 401 with a Bearer challenge is a registry that hands out tokens (anonymous ones too): asked again per repository.
  const tokens = v2.status === 401 && /^Bearer\s/i.test(String(v2.headers['www-authenticate'] ?? ''))
  if (v2.status !== 200 && !tokens) return done(outcomeOfStatus(v2.status) ?? 'not-registry', 'v2', v2)
  if (!image) return done('answers', 'v2', v2)
  const { name, reference } = registryPath(image)
  const manifestUrl = `${base}/v2/${name}/manifests/${reference}`
  const ask = (token?: string) =>
    fetchStatus(manifestUrl, {
      method: 'HEAD',
      timeoutMs,
      headers: { Accept: MANIFEST_ACCEPT, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    })
  let manifest = await ask()
  if (!('error' in manifest) && manifest.status === 401) {
    const token = await anonymousToken(String(manifest.headers['www-authenticate'] ?? ''), timeoutMs)
    if (token) manifest = await ask(token)
  }
  if ('error' in manifest) return done(mirrorOutcomeOfError(manifest.code, manifest.error), 'manifest', manifest)
  if (manifest.status === 200) return done('has-image', 'manifest', manifest)
  if (manifest.status === 404) return done('missing', 'manifest', manifest)
  return done(outcomeOfStatus(manifest.status) ?? 'server-error', 'manifest', manifest)
}
