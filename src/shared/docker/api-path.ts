import { decodeComponentSafely } from '../uri'

/** A request target of the Engine API, read once: the version prefix (`/v1.45`) taken off, the path's parts decoded. */
export interface ApiPath {
  /** The API version the client asked for (`1.45`), or null for an unversioned path. */
  version: string | null
  /** The path without the version or the query: `/containers/create`. */
  path: string
  /** Its parts, each percent-decoded: `['containers', 'web', 'start']`. */
  parts: string[]
  query: URLSearchParams
}

/** The absolute form of a request target (`http://host/v1.45/...`), which the engine's server routes as its path. */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i

export function parseApiPath(requestTarget: string): ApiPath {
  const target = requestTarget.replace(ABSOLUTE_FORM, '')
  const q = target.indexOf('?')
  const raw = q === -1 ? target : target.slice(0, q)
  const m = /^\/v(\d+(?:\.\d+)*)(?=\/|$)/.exec(raw)
  const path = (m ? raw.slice(m[0].length) : raw) || '/'
  return {
    version: m?.[1] ?? null,
    path,
    parts: path.split('/').filter(Boolean).map(decodeComponentSafely),
    query: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)),
  }
}
