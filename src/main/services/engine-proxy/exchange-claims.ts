import { parseApiPath } from '@shared/docker/api-path'
import { canonicalImageRef, imageKey } from '@shared/docker/image-ref'
import { loadedImage } from '@shared/docker/json-lines'
import type { EngineEvent } from '../resources/engine-event'
import type { ProxiedExchange } from './docker-proxy'

/**
 * What an API call made or touched, read from its request and the engine's answer: the keys by which the engine's
 * events are matched to the command that caused them. `container:<id or name>`, `image:<ref or id>`,
 * `volume:<name>`, `network:<id or name>`.
 */
export type Claim = string

/** The claim on one object: what the app's own actions name before they act (`claim('image', 'nginx')`). */
export function claim(kind: 'container' | 'image' | 'volume' | 'network', ref: string): Claim {
  return `${kind}:${kind === 'image' ? imageKey(ref) : ref}`
}

/** `repo` and `tag` query parameters as one reference (commit, tag, pull name the image that way). */
function queryRef(q: URLSearchParams, repoKey: string): string | undefined {
  const repo = q.get(repoKey)
  if (!repo) return undefined
  const tag = q.get('tag')
  return canonicalImageRef(tag ? `${repo}:${tag}` : repo)
}

export function claimsOf(x: ProxiedExchange): Claim[] {
  if (x.status >= 400) return []
  const { parts, query: q } = parseApiPath(x.path)
  const json = (x.json ?? {}) as Record<string, unknown>
  const out: Claim[] = []
  const [kind, ref] = parts
  if (kind === 'containers') {
    if (ref === 'create' && typeof json.Id === 'string') out.push(`container:${json.Id}`)
    else if (ref === 'prune') {
      for (const id of (json.ContainersDeleted as string[] | null) ?? []) out.push(`container:${id}`)
    } else if (ref && ref !== 'json') out.push(`container:${ref}`)
  } else if (kind === 'exec') {
    // exec start names the exec, not the container; the exec_* events are never "outside" anyway.
  } else if (kind === 'commit') {
    if (typeof json.Id === 'string') out.push(`image:${json.Id}`)
    const container = q.get('container')
    if (container) out.push(`container:${container}`)
    const repo = queryRef(q, 'repo')
    if (repo) out.push(`image:${repo}`)
  } else if (kind === 'build') {
    for (const t of q.getAll('t')) out.push(`image:${canonicalImageRef(t)}`)
    for (const line of x.lines ?? []) {
      const id = (line as { aux?: { ID?: string } }).aux?.ID
      if (id) out.push(`image:${id}`)
    }
  } else if (kind === 'images') {
    if (ref === 'create') {
      const from = queryRef(q, 'fromImage')
      if (from) out.push(`image:${from}`)
    } else if (ref === 'prune') {
      for (const d of (json.ImagesDeleted as Array<{ Deleted?: string }> | null) ?? [])
        if (d.Deleted) out.push(`image:${d.Deleted}`)
    } else if (ref === 'load') {
      // Loaded images are named in the stream ("Loaded image: x"); their events carry the same names.
      for (const line of x.lines ?? []) {
        const image = loadedImage(line as { stream?: string })
        if (image) out.push(claim('image', image))
      }
    } else if (ref) {
      // /images/{name}/tag, DELETE /images/{name}: the name may itself hold slashes.
      const action = parts[parts.length - 1]
      const name =
        action === 'tag' || action === 'push' || action === 'json'
          ? parts.slice(1, -1).join('/')
          : parts.slice(1).join('/')
      out.push(claim('image', name))
      const tagged = action === 'tag' ? queryRef(q, 'repo') : undefined
      if (tagged) out.push(`image:${tagged}`)
      if (Array.isArray(x.json)) {
        for (const d of x.json as Array<{ Deleted?: string; Untagged?: string }>) {
          if (d.Deleted) out.push(`image:${d.Deleted}`)
          if (d.Untagged) out.push(`image:${canonicalImageRef(d.Untagged)}`)
        }
      }
    }
  } else if (kind === 'volumes') {
    if (ref === 'create' && typeof json.Name === 'string') out.push(`volume:${json.Name}`)
    else if (ref === 'prune') for (const v of (json.VolumesDeleted as string[] | null) ?? []) out.push(`volume:${v}`)
    else if (ref) out.push(`volume:${ref}`)
  } else if (kind === 'networks') {
    if (ref === 'create' && typeof json.Id === 'string') out.push(`network:${json.Id}`)
    else if (ref === 'prune') for (const n of (json.NetworksDeleted as string[] | null) ?? []) out.push(`network:${n}`)
    else if (ref) out.push(`network:${ref}`)
  }
  return out
}

/** Whether an engine event is about something these claims name (by id, id prefix, name or image reference). */
export function isClaimed(e: EngineEvent, claims: ReadonlySet<Claim>): boolean {
  if (claims.size === 0) return false
  const type = e.Type
  const id = e.Actor.ID
  const name = e.Actor.Attributes?.name
  const keys: string[] = []
  if (type === 'container' || type === 'volume' || type === 'network') {
    keys.push(`${type}:${id}`)
    if (name) keys.push(`${type}:${name}`)
    for (const c of claims) {
      if (c.startsWith(`${type}:`) && c.length > type.length + 4 && id.startsWith(c.slice(type.length + 1))) return true
    }
  } else if (type === 'image') {
    keys.push(`image:${id}`, claim('image', id))
    if (name) keys.push(`image:${canonicalImageRef(name)}`)
  }
  return keys.some((k) => claims.has(k))
}
