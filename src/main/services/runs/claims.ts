import { parseApiPath } from '@shared/docker/api-path'
import { canonicalImageRef, imageKey } from '@shared/docker/image-ref'
import { loadedImage, streamError, type StreamMessage } from '@shared/docker/json-lines'
import { eventTimeMs, type EngineEvent } from '../engine/engine-event'
import type { ProxiedExchange } from '../engine-proxy/docker-proxy'

export type ClaimKind = 'container' | 'image' | 'volume' | 'network'

/**
 * One engine object an answer named, as the key by which the engine's events are matched to the command (or app
 * action) that caused them.
 */
export interface Claim {
  kind: ClaimKind
  /** An id (12 hex digits or more, matched as a prefix, as the CLI does), or a name or image reference (exactly). */
  ref: string
  /**
   * Named by the answer that made it (a create's id, a pull's or tag's name, a build's, commit's or load's image): only
   * such a claim owns an event that brings something new into the engine (a create, a pull, a tag, a load).
   */
  made: boolean
  /** Events matched only in this span (around the call that named it); unbounded for what a create's answer named. */
  within?: { from: number; to: number }
}

/** An event the engine is sure to report after a successful answer: a run's effects are complete once it is in. */
export interface Expectation {
  kind: ClaimKind
  ref: string
  /** One of these actions. */
  actions: string[]
  /** Not before this time (the call's start). */
  after: number
}

/** A name is matched to events from a little before its call began to a little after its answer. */
const NAME_SLACK = { before: 250, after: 1000 }

const HEX_ID = /^(?:sha256:)?[0-9a-f]{12,64}$/

/** What an app action names before it acts (`claim('image', 'nginx')`): its own request, so it owns what it makes. */
export function claim(kind: ClaimKind, ref: string): Claim {
  return { kind, ref: kind === 'image' ? imageKey(ref) : ref, made: true }
}

/** Actions that bring an object into the engine: only a claim its making answer named may own them. */
function isCreation(e: EngineEvent): boolean {
  if (e.Type === 'image') return /^(?:pull|tag|load|import)$/.test(e.Action)
  return e.Action === 'create'
}

function matchesRef(kind: ClaimKind, ref: string, e: EngineEvent): boolean {
  const id = e.Actor.ID
  const name = e.Actor.Attributes?.name
  if (HEX_ID.test(ref)) {
    const want = ref.replace(/^sha256:/, '')
    return id.replace(/^sha256:/, '').startsWith(want)
  }
  if (kind === 'image') {
    const key = canonicalImageRef(ref)
    return canonicalImageRef(id) === key || (!!name && canonicalImageRef(name) === key)
  }
  // A volume's id is its name.
  return kind === 'volume' ? id === ref : name === ref
}

/** Whether this claim owns this event. */
export function claimOwns(c: Claim, e: EngineEvent): boolean {
  if (c.kind !== e.Type) return false
  if (isCreation(e) && !c.made) return false
  if (c.within) {
    const t = eventTimeMs(e)
    if (t < c.within.from || t > c.within.to) return false
  }
  return matchesRef(c.kind, c.ref, e)
}

/** Whether an engine event is about something these claims name. */
export function isClaimed(e: EngineEvent, claims: Iterable<Claim>): boolean {
  for (const c of claims) if (claimOwns(c, e)) return true
  return false
}

/** Whether an event is one this expectation waits for. */
export function fulfils(e: EngineEvent, x: Expectation): boolean {
  return (
    x.kind === e.Type &&
    x.actions.includes(e.Action) &&
    eventTimeMs(e) >= x.after - NAME_SLACK.before &&
    matchesRef(x.kind, x.ref, e)
  )
}

type Json = Record<string, unknown>

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** `repo` and `tag` query parameters as one reference (commit, tag, pull name the image that way). */
function queryRef(q: URLSearchParams, repoKey: string): string | undefined {
  const repo = q.get(repoKey)
  if (!repo) return undefined
  const tag = q.get('tag')
  return canonicalImageRef(tag ? `${repo}:${tag}` : repo)
}

/** A stream's lines of the kind that carry a failure (`{"error": …}`): a pull or build that failed midway, status 200. */
function streamFailed(x: ProxiedExchange): boolean {
  return (x.lines ?? []).some(
    (l) => typeof l === 'object' && l !== null && streamError(l as StreamMessage) !== undefined,
  )
}

/** What one answer tells: the objects it named, and the events the engine is now sure to report about them. */
export interface AnswerReading {
  claims: Claim[]
  expects: Expectation[]
  /**
   * Images the answer named by name whose engine event will name them by id only (a load's): the tracker asks the
   * engine for each one's id, claims it, and expects its `load` event.
   */
  resolve?: { ref: string; actions: string[]; within: { from: number; to: number } }[]
}

/**
 * What an API call made or touched, read from the engine's answer, never from the request alone: a refused call (an
 * error status), one that was not answered, or a stream that reported a failure claims nothing. Names come only from
 * a successful answer and hold only around it; ids (a create's answer) hold for the whole command.
 */
export function readAnswer(x: ProxiedExchange): AnswerReading {
  const none: AnswerReading = { claims: [], expects: [] }
  const resolve: NonNullable<AnswerReading['resolve']> = []
  // 304 (already started, already stopped) changed nothing; 101 (attach) made nothing.
  if (x.status < 200 || x.status >= 300 || x.aborted || streamFailed(x)) return none
  const { parts: segments, query: q } = parseApiPath(x.path)
  const json = (typeof x.json === 'object' && x.json !== null ? x.json : {}) as Json
  const span = { from: x.startedAt - NAME_SLACK.before, to: x.finishedAt + NAME_SLACK.after }
  const claims: Claim[] = []
  const expects: Expectation[] = []
  const name = (kind: ClaimKind, ref: string, made: boolean, actions?: string[]): void => {
    if (!ref) return
    const key = kind === 'image' ? imageKey(ref) : ref
    claims.push({ kind, ref: key, made, within: span })
    if (actions) expects.push({ kind, ref: key, actions, after: x.startedAt })
  }
  const id = (kind: ClaimKind, ref: unknown, actions?: string[]): void => {
    if (typeof ref !== 'string' || !ref) return
    claims.push({ kind, ref, made: true })
    if (actions) expects.push({ kind, ref, actions, after: x.startedAt })
  }
  const [kind, ref, action] = segments
  const post = x.method === 'POST'
  const del = x.method === 'DELETE'
  if (kind === 'containers' && ref) {
    if (post && ref === 'create' && segments.length === 2) id('container', json.Id, ['create'])
    else if (post && ref === 'prune')
      for (const c of strings(json.ContainersDeleted)) name('container', c, false, ['destroy'])
    else if (del && segments.length === 2) name('container', ref, false, ['destroy'])
    else if (post && action === 'wait') {
      // Not a claim (waiting causes nothing), but the container has stopped: its die (or removal) is on its way.
      const removed = q.get('condition') === 'removed'
      expects.push({ kind: 'container', ref, actions: removed ? ['destroy'] : ['die'], after: x.startedAt })
    } else if (post && action && CONTAINER_ACTIONS[action]) name('container', ref, false, CONTAINER_ACTIONS[action])
  } else if (kind === 'commit' && post) {
    id('image', json.Id)
    name('container', q.get('container') ?? '', false, ['commit'])
    name('image', queryRef(q, 'repo') ?? '', true, ['tag'])
  } else if (kind === 'build' && post) {
    for (const t of q.getAll('t')) name('image', canonicalImageRef(t), true, ['tag'])
    for (const line of x.lines ?? []) {
      const l = line as { aux?: { ID?: unknown }; stream?: unknown }
      id('image', l.aux?.ID)
      // The classic builder runs each step in a container of its own and names it in the stream.
      const step = /Running in ([0-9a-f]{12,64})/.exec(typeof l.stream === 'string' ? l.stream : '')
      if (step?.[1]) claims.push({ kind: 'container', ref: step[1], made: true })
    }
  } else if (kind === 'images' && ref) {
    readImageAnswer(x, segments, q, json, name, id)
    if (x.method === 'POST' && ref === 'load')
      for (const c of claims) if (!HEX_ID.test(c.ref)) resolve.push({ ref: c.ref, actions: ['load'], within: span })
  } else if (kind === 'volumes' && ref) {
    if (post && ref === 'create') {
      // The engine reports a volume's create even when the volume was already there.
      if (typeof json.Name === 'string') name('volume', json.Name, true, ['create'])
    } else if (post && ref === 'prune')
      for (const v of strings(json.VolumesDeleted)) name('volume', v, false, ['destroy'])
    else if (del && segments.length === 2) name('volume', ref, false, ['destroy'])
  } else if (kind === 'networks' && ref) {
    if (post && ref === 'create') id('network', json.Id, ['create'])
    else if (post && ref === 'prune')
      for (const n of strings(json.NetworksDeleted)) name('network', n, false, ['destroy'])
    else if (del && segments.length === 2) name('network', ref, false, ['destroy'])
    else if (post && (action === 'connect' || action === 'disconnect')) name('network', ref, false)
  }
  return resolve.length ? { claims, expects, resolve } : { claims, expects }
}

/** A container's actions by name or id, and the event each is sure to bring. */
const CONTAINER_ACTIONS: Record<string, string[]> = {
  start: ['start'],
  stop: ['stop', 'die'],
  restart: ['restart'],
  kill: ['kill'],
  pause: ['pause'],
  unpause: ['unpause'],
  rename: ['rename'],
  update: ['update'],
}

function readImageAnswer(
  x: ProxiedExchange,
  segments: string[],
  q: URLSearchParams,
  json: Json,
  name: (kind: ClaimKind, ref: string, made: boolean, actions?: string[]) => void,
  id: (kind: ClaimKind, ref: unknown, actions?: string[]) => void,
): void {
  const [, ref] = segments
  const last = segments[segments.length - 1]
  if (x.method === 'POST' && ref === 'create' && segments.length === 2) {
    // A pull names the image it asked for (`fromImage`, `tag`); an import (`fromSrc`) reports the new image's id.
    const from = queryRef(q, 'fromImage')
    if (from) name('image', from, true, ['pull'])
    const imported = queryRef(q, 'repo')
    if (q.get('fromSrc') && imported) name('image', imported, true)
    for (const line of x.lines ?? []) {
      const status = (line as { status?: unknown }).status
      if (q.get('fromSrc') && typeof status === 'string' && HEX_ID.test(status)) id('image', status, ['import'])
    }
  } else if (x.method === 'POST' && ref === 'load') {
    // Loaded images are named in the stream ("Loaded image: x", "Loaded image ID: sha256:…"); the load event names
    // only the id, so a name's event is expected once its id is known.
    for (const line of x.lines ?? []) {
      const image = typeof line === 'object' && line !== null ? loadedImage(line as StreamMessage) : undefined
      if (image && HEX_ID.test(image)) id('image', image, ['load'])
      else if (image) name('image', image, true)
    }
  } else if (x.method === 'POST' && ref === 'prune') {
    for (const d of Array.isArray(json.ImagesDeleted) ? (json.ImagesDeleted as Json[]) : []) {
      if (typeof d.Deleted === 'string') name('image', d.Deleted, false, ['delete'])
      if (typeof d.Untagged === 'string') name('image', d.Untagged, false, ['untag'])
    }
  } else if (x.method === 'POST' && last === 'tag' && segments.length > 2) {
    name('image', segments.slice(1, -1).join('/'), false)
    name('image', queryRef(q, 'repo') ?? '', true, ['tag'])
  } else if (x.method === 'DELETE' && segments.length >= 2) {
    // DELETE /images/{name}: the name may itself hold slashes; the answer lists what was untagged and deleted.
    name('image', segments.slice(1).join('/'), false)
    for (const d of Array.isArray(x.json) ? (x.json as Json[]) : []) {
      if (typeof d.Untagged === 'string') name('image', d.Untagged, false, ['untag'])
      if (typeof d.Deleted === 'string') name('image', d.Deleted, false, ['delete'])
    }
  }
}

/**
 * Whether a call still waiting for its answer might yet claim this event: an event is declared another client's only
 * when no such call could. Reads (GET, HEAD) and calls that change nothing (wait, attach, exec) never claim.
 */
export function mightClaim(x: Pick<ProxiedExchange, 'method' | 'path' | 'startedAt'>, e: EngineEvent): boolean {
  if (x.method === 'GET' || x.method === 'HEAD' || eventTimeMs(e) < x.startedAt - NAME_SLACK.before) return false
  const [kind, ref, action] = parseApiPath(x.path).parts
  switch (e.Type) {
    case 'container':
      if (kind === 'build' || kind === 'commit') return true
      if (kind !== 'containers' || !ref) return false
      if (ref === 'create' || ref === 'prune') return true
      if (action && !CONTAINER_ACTIONS[action]) return false
      return e.Actor.Attributes?.name === ref || (HEX_ID.test(ref) && e.Actor.ID.startsWith(ref))
    case 'image':
      return kind === 'images' || kind === 'build' || kind === 'commit'
    case 'volume':
      return kind === 'volumes' || (kind === 'containers' && ref === 'create')
    case 'network':
      return kind === 'networks'
    default:
      return false
  }
}
