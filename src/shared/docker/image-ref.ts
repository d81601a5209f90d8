/**
 * The one place image names are taken apart and put together, by the distribution project's rules (the engine's and
 * the CLI's): `nginx`, `library/nginx:latest`, `docker.io/library/nginx` and `index.docker.io/nginx:latest` are one
 * image; `localhost:5000/app` and `registry.example.com/team/app` name their registry. Whether a string is a
 * reference at all is `isImageRef` in docker-names.ts (the grammar); this module assumes it is one.
 */

import { editDistance } from '../edit-distance'

export interface ImageReference {
  /** The registry (`docker.io` when the name gives none), host and port. */
  domain: string
  /** The repository in that registry: `library/nginx` for Docker Hub's official images. */
  path: string
  tag: string | null
  digest: string | null
}

const HUB = 'docker.io'

/** An image id, full or a hex prefix (12 hex digits or more, as lists and events print them). */
export function isImageId(ref: string): boolean {
  return /^(?:sha256:)?[0-9a-f]{12,64}$/.test(ref)
}

/** Splits a reference into registry, repository, tag and digest, filling in Docker Hub's defaults. */
export function parseImageRef(ref: string): ImageReference {
  const at = ref.indexOf('@')
  const named = at === -1 ? ref : ref.slice(0, at)
  const digest = at === -1 ? null : ref.slice(at + 1)
  const colon = named.lastIndexOf(':')
  const hasTag = colon > named.lastIndexOf('/')
  const name = hasTag ? named.slice(0, colon) : named
  const tag = hasTag ? named.slice(colon + 1) : null
  // The first component is a registry when it looks like a host: a dot, a port, `localhost`, or upper case.
  const slash = name.indexOf('/')
  const first = slash === -1 ? '' : name.slice(0, slash)
  const isHost = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())
  let domain = isHost ? first : HUB
  let path = isHost ? name.slice(slash + 1) : name
  if (domain === 'index.docker.io') domain = HUB
  if (domain === HUB && !path.includes('/')) path = `library/${path}`
  return { domain, path, tag, digest }
}

/** The repository as the engine and the CLI print it: `nginx`, `team/app`, `localhost:5000/app`. */
export function familiarName(r: Pick<ImageReference, 'domain' | 'path'>): string {
  if (r.domain !== HUB) return `${r.domain}/${r.path}`
  return /^library\/[^/]+$/.test(r.path) ? r.path.slice('library/'.length) : r.path
}

/** The fully written reference: `docker.io/library/nginx:latest`. */
export function normalizedImageRef(ref: string): string {
  const r = parseImageRef(ref)
  return `${r.domain}/${r.path}${suffix(r)}`
}

function suffix(r: ImageReference): string {
  if (r.digest) return `${r.tag ? `:${r.tag}` : ''}@${r.digest}`
  return `:${r.tag ?? 'latest'}`
}

/**
 * One name per image, as the engine names it in lists and events: `docker.io/` and `library/` dropped, `:latest` added
 * when neither a tag nor a digest is given (`nginx`, `docker.io/library/nginx` and `nginx:latest` are one image).
 */
export function canonicalImageRef(ref: string): string {
  const r = parseImageRef(ref)
  return `${familiarName(r)}${suffix(r)}`
}

/** Whether two references name the same image. */
export function sameImageRef(a: string, b: string): boolean {
  return canonicalImageRef(a) === canonicalImageRef(b)
}

/** The repository of a reference without its tag (`docker images nginx` matches every tag of `nginx`). */
export function imageRepository(ref: string): string {
  return familiarName(parseImageRef(ref))
}

/** How an image is keyed when ids and names meet (events, claims): an id as it is, else its canonical name. */
export function imageKey(ref: string): string {
  return isImageId(ref) ? ref : canonicalImageRef(ref)
}

/** Where a registry keeps an image's manifest: `/v2/<name>/manifests/<reference>` (Docker Hub's `library/…` included). */
export function registryPath(ref: string): { name: string; reference: string } {
  const r = parseImageRef(ref)
  return { name: r.path, reference: r.digest ?? r.tag ?? 'latest' }
}

/** What this machine already has of an image a command asked for: that image itself, or else one a typo away. */
export interface LocalImageMatch {
  /** The image asked for is here, under this name. */
  here?: string
  /** It is not; this one, within two edits of its repository, is (as the learner would type it). */
  nearest?: string
}

/**
 * The image asked for among the engine's own names (`RepoTags`): a failed pull of an image already here needs no
 * mirror, and `docker run ubunt` beside a local `ubuntu` is a typo before it is a network failure.
 */
export function localImageMatch(asked: string, localNames: readonly unknown[]): LocalImageMatch {
  if (isImageId(asked)) return {}
  // The engine's answer is read defensively: a name that is not a string is no name.
  const names = localNames.filter((n): n is string => typeof n === 'string' && n !== '<none>:<none>')
  const here = names.find((name) => sameImageRef(name, asked))
  if (here) return { here: canonicalImageRef(here) }
  const want = parseImageRef(asked)
  const repository = familiarName(want)
  const tag = want.digest ? null : (want.tag ?? 'latest')
  // A typo, not another image: one edit in a short name, two in a longer one, never a third of it.
  const most = repository.length < 3 ? 0 : repository.length < 5 ? 1 : Math.min(2, Math.ceil(repository.length / 3) - 1)
  let best: { name: string; distance: number } | undefined
  for (const name of [...names].sort()) {
    const r = parseImageRef(name)
    const theirs = familiarName(r)
    // Another tag is another image (`ubuntu:18.04` is no `ubunt:22.04`).
    if (tag === null || (r.tag ?? 'latest') !== tag || Math.abs(theirs.length - repository.length) > most) continue
    const distance = editDistance(repository, theirs)
    if (distance > 0 && distance <= most && (!best || distance < best.distance)) best = { name, distance }
  }
  if (!best) return {}
  // Typed without a tag, it is offered without one.
  return { nearest: want.tag === null ? familiarName(parseImageRef(best.name)) : canonicalImageRef(best.name) }
}
