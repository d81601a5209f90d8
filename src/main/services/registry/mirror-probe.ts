import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { MirrorProbe } from '@shared/contract'
import { mirrorBase } from '@shared/mirror-address'

/** One GET (or HEAD) with a hard deadline; resolves with the status and headers, or the network's error. */
export function fetchStatus(
  url: string,
  options: { method?: 'GET' | 'HEAD'; timeoutMs: number; headers?: Record<string, string> },
): Promise<{ status: number; headers: IncomingMessage['headers'] } | { error: string }> {
  return new Promise((resolve) => {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return resolve({ error: `not a URL: ${url}` })
    }
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest
    const req = request(u, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)))
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ? `${error.code}: ${error.message}` : error.message }),
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
