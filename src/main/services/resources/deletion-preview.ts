import type Docker from 'dockerode'
import type { DeletionItem, DeletionPreview } from '@shared/contract'
import { canonicalImageRef } from '@shared/docker-names'
import {
  dockerCommands,
  flagValues,
  hasFlag,
  parseDockerCommand,
  type DockerCommand,
} from '@shared/tutorial/docker-command'
import { words } from '@shared/tutorial/shell-lex'

type ContainerInfo = Docker.ContainerInfo
type ImageInfo = Docker.ImageInfo

/** The engine as one preview reads it: listed once, then every rule works on the same snapshot. */
interface Snapshot {
  containers: ContainerInfo[]
  images: ImageInfo[]
  volumes: Array<{ Name: string; CreatedAt?: string; Labels?: Record<string, string> | null }>
  networks: Array<{ Id: string; Name: string; Created?: string }>
  buildCache: Array<{ ID: string; InUse: boolean; Size: number; CreatedAt?: string; Description?: string }>
  /** From API 1.42 (Engine 23) `volume prune` takes only anonymous volumes unless `-a`. */
  anonymousVolumePrune: boolean
}

class Unreadable extends Error {}

const nameOf = (c: ContainerInfo): string => (c.Names[0] ?? '').replace(/^\//, '')
const isoMs = (s: string | undefined): number | null => (s && !Number.isNaN(Date.parse(s)) ? Date.parse(s) : null)
const isRunning = (c: ContainerInfo): boolean =>
  c.State === 'running' || c.State === 'paused' || c.State === 'restarting'
/** An anonymous volume: the engine names it with 64 hex digits (and labels it so from Engine 23). */
const anonymous = (v: Snapshot['volumes'][number]): boolean =>
  v.Labels?.['com.docker.volume.anonymous'] !== undefined || /^[0-9a-f]{64}$/.test(v.Name)

function containerItem(c: ContainerInfo): DeletionItem {
  return {
    kind: 'container',
    id: c.Id,
    name: nameOf(c),
    created: c.Created * 1000,
    size: (c as { SizeRw?: number }).SizeRw ?? null,
    effect: 'delete',
  }
}

function imageItem(i: ImageInfo, name: string, effect: DeletionItem['effect'] = 'delete'): DeletionItem {
  return { kind: 'image', id: i.Id, name, created: i.Created * 1000, size: effect === 'delete' ? i.Size : 0, effect }
}

/**
 * What a deleting command would delete if run now, resolved read-only through the engine's API: `docker rm`, `rmi`,
 * `volume rm`, `network rm`, the prunes and `system prune [-a] [--volumes]`, with `$(docker ps -a -q)`-style
 * substitutions of listing commands evaluated through the API, never by a shell. Follows the engine's own rules: `rm`
 * without -f refuses running containers, `rmi` refuses an image a container uses and only untags a name the image
 * has besides others, `system prune -a` also takes the images only the containers it prunes were using.
 */
export class DeletionPreviewer {
  constructor(private readonly connection: { docker: Docker }) {}

  async preview(command: string): Promise<DeletionPreview> {
    const cmds = dockerCommands(command)
    if (cmds.length === 0) return { understood: false, items: [], refused: [] }
    const snap = await this.snapshot()
    const items: DeletionItem[] = []
    const refused: DeletionPreview['refused'] = []
    try {
      for (const cmd of cmds) this.apply(cmd, snap, items, refused)
    } catch (error) {
      if (error instanceof Unreadable) return { understood: false, items: [], refused: [] }
      throw error
    }
    return { understood: true, items, refused }
  }

  private async snapshot(): Promise<Snapshot> {
    const d = this.connection.docker
    const [containers, images, volumes, networks, df, version] = await Promise.all([
      d.listContainers({ all: true, size: true }),
      d.listImages({ all: false }),
      d.listVolumes(),
      d.listNetworks(),
      d.df().catch(() => ({})) as Promise<{ BuildCache?: Snapshot['buildCache'] | null }>,
      d.version(),
    ])
    return {
      containers,
      images,
      volumes: (volumes.Volumes ?? []) as Snapshot['volumes'],
      networks: networks as Snapshot['networks'],
      buildCache: df.BuildCache ?? [],
      anonymousVolumePrune: compareVersions(version.ApiVersion ?? '0', '1.42') >= 0,
    }
  }

  private apply(cmd: DockerCommand, s: Snapshot, items: DeletionItem[], refused: DeletionPreview['refused']): void {
    const add = (item: DeletionItem): void => {
      if (!items.some((x) => x.kind === item.kind && x.id === item.id && x.name === item.name)) items.push(item)
    }
    const going = (kind: DeletionItem['kind']): Set<string> =>
      new Set(items.filter((i) => i.kind === kind && i.effect === 'delete').map((i) => i.id))
    switch (cmd.verb) {
      case 'rm': {
        const force = hasFlag(cmd, '-f', '--force')
        for (const ref of this.args(cmd, s)) {
          const c = findContainer(s, ref)
          if (!c) refused.push({ name: ref, reason: 'missing' })
          else if (isRunning(c) && !force) refused.push({ name: nameOf(c), reason: 'running' })
          else {
            add(containerItem(c))
            // -v: the container's anonymous volumes go with it.
            if (hasFlag(cmd, '-v', '--volumes')) {
              for (const m of c.Mounts ?? []) {
                const v = s.volumes.find((x) => x.Name === m.Name)
                if (m.Type === 'volume' && v && anonymous(v)) add(volumeItem(v))
              }
            }
          }
        }
        return
      }
      case 'rmi': {
        const force = hasFlag(cmd, '-f', '--force')
        for (const ref of this.args(cmd, s)) {
          const byTag = findImageByName(s, ref)
          const image = byTag ?? findImageById(s, ref)
          if (!image) {
            refused.push({ name: ref, reason: 'missing' })
            continue
          }
          const tags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
          const removedContainers = going('container')
          const users = s.containers.filter((c) => c.ImageID === image.Id && !removedContainers.has(c.Id))
          // In the engine's order: a name among others is only untagged; an id with several names is refused
          // before anything else; then an image a container uses.
          if (byTag && tags.length > 1) add(imageItem(image, ref, 'untag'))
          else if (!byTag && tags.length > 1 && !force) refused.push({ name: ref, reason: 'several-names' })
          else if (users.length && !force) refused.push({ name: ref, reason: 'in-use' })
          else add(imageItem(image, tags[0] ?? image.Id.slice(7, 19)))
        }
        return
      }
      case 'volume rm': {
        for (const name of this.args(cmd, s)) {
          const v = s.volumes.find((x) => x.Name === name)
          if (!v) refused.push({ name, reason: 'missing' })
          else if (usedVolume(s, name, going('container'))) refused.push({ name, reason: 'in-use' })
          else add(volumeItem(v))
        }
        return
      }
      case 'network rm': {
        for (const ref of this.args(cmd, s)) {
          const n = s.networks.find((x) => x.Name === ref || x.Id.startsWith(ref))
          if (!n) refused.push({ name: ref, reason: 'missing' })
          else add(networkItem(n))
        }
        return
      }
      case 'container prune':
        for (const c of s.containers.filter((c) => !isRunning(c))) add(containerItem(c))
        return
      case 'image prune':
        for (const i of pruneImages(s, hasFlag(cmd, '-a', '--all'), going('container'))) add(i)
        return
      case 'volume prune':
        for (const v of pruneVolumes(s, hasFlag(cmd, '-a', '--all'), going('container'))) add(v)
        return
      case 'network prune':
        for (const n of pruneNetworks(s, going('container'))) add(n)
        return
      case 'builder prune':
        for (const b of pruneCache(s, hasFlag(cmd, '-a', '--all'))) add(b)
        return
      case 'system prune': {
        for (const c of s.containers.filter((c) => !isRunning(c))) add(containerItem(c))
        const gone = going('container')
        for (const n of pruneNetworks(s, gone)) add(n)
        if (hasFlag(cmd, '--volumes')) for (const v of pruneVolumes(s, false, gone)) add(v)
        for (const i of pruneImages(s, hasFlag(cmd, '-a', '--all'), gone)) add(i)
        for (const b of pruneCache(s, hasFlag(cmd, '-a', '--all'))) add(b)
        return
      }
      default:
        // Not a deleting command (`docker ps`, `docker run`): it deletes nothing.
        return
    }
  }

  /** A command's arguments, each `$(docker …)` replaced by what that listing command would print now. */
  private args(cmd: DockerCommand, s: Snapshot): string[] {
    return cmd.args.flatMap((a) => {
      const inner = /^\$\((.*)\)$/s.exec(a)?.[1] ?? /^`(.*)`$/s.exec(a)?.[1]
      return inner === undefined ? [a] : listing(inner, s)
    })
  }
}

/** What `docker ps -a -q`, `docker images -q redis`, `docker volume ls -q` would print now, from the snapshot. */
function listing(inner: string, s: Snapshot): string[] {
  const cmd = parseDockerCommand(words(inner))
  if (!cmd || !hasFlag(cmd, '-q', '--quiet')) throw new Unreadable()
  const filters = flagValues(cmd, '-f', '--filter')
  const filter = (key: string): string[] =>
    filters.filter((f) => f.startsWith(`${key}=`)).map((f) => f.slice(key.length + 1))
  if (cmd.verb === 'ps') {
    const status = filter('status')
    if (filters.some((f) => !f.startsWith('status='))) throw new Unreadable()
    return s.containers
      .filter((c) => hasFlag(cmd, '-a', '--all') || c.State === 'running')
      .filter((c) => status.length === 0 || status.includes(c.State))
      .map((c) => c.Id.slice(0, 12))
  }
  if (cmd.verb === 'images') {
    if (filters.some((f) => !/^(?:dangling=true|before=.+|since=.+)$/.test(f))) throw new Unreadable()
    const repo = cmd.args[0]
    const at = (key: string): number | undefined => {
      const ref = filter(key)[0]
      if (ref === undefined) return undefined
      const image = findImageByName(s, ref) ?? findImageById(s, ref)
      // An image the filter names that is not there: the CLI fails, the substitution is empty.
      return image?.Created ?? NaN
    }
    const before = at('before')
    const since = at('since')
    return [
      ...new Set(
        s.images
          .filter((i) => !filter('dangling').length || (i.RepoTags ?? []).every((t) => t === '<none>:<none>'))
          .filter((i) => before === undefined || i.Created < before)
          .filter((i) => since === undefined || i.Created > since)
          .filter((i) => {
            if (!repo) return true
            const want = canonicalImageRef(repo)
            const wantRepo = repo.includes(':') ? undefined : want.replace(/:latest$/, '')
            return (i.RepoTags ?? []).some((t) => {
              const tag = canonicalImageRef(t)
              return wantRepo ? tag.slice(0, tag.lastIndexOf(':')) === wantRepo : tag === want
            })
          })
          .map((i) => i.Id.replace(/^sha256:/, '').slice(0, 12)),
      ),
    ]
  }
  if (cmd.verb === 'volume ls') {
    if (filters.some((f) => f !== 'dangling=true')) throw new Unreadable()
    return s.volumes.filter((v) => !filters.length || !usedVolume(s, v.Name, new Set())).map((v) => v.Name)
  }
  throw new Unreadable()
}

function findContainer(s: Snapshot, ref: string): ContainerInfo | undefined {
  return (
    s.containers.find((c) => nameOf(c) === ref || c.Id === ref) ??
    (/^[0-9a-f]+$/.test(ref) ? s.containers.find((c) => c.Id.startsWith(ref)) : undefined)
  )
}

/** The image a name names, as the engine matches names (`nginx`, `docker.io/library/nginx:latest` are one). */
function findImageByName(s: Snapshot, ref: string): ImageInfo | undefined {
  const want = canonicalImageRef(ref)
  return s.images.find((i) => (i.RepoTags ?? []).some((t) => canonicalImageRef(t) === want))
}

function findImageById(s: Snapshot, ref: string): ImageInfo | undefined {
  const hex = ref.replace(/^sha256:/, '')
  return /^[0-9a-f]{4,64}$/.test(hex) ? s.images.find((i) => i.Id.replace(/^sha256:/, '').startsWith(hex)) : undefined
}

function usedVolume(s: Snapshot, name: string, goingContainers: Set<string>): boolean {
  return s.containers.some((c) => !goingContainers.has(c.Id) && (c.Mounts ?? []).some((m) => m.Name === name))
}

function volumeItem(v: Snapshot['volumes'][number]): DeletionItem {
  return { kind: 'volume', id: v.Name, name: v.Name, created: isoMs(v.CreatedAt), size: null, effect: 'delete' }
}

function networkItem(n: Snapshot['networks'][number]): DeletionItem {
  return { kind: 'network', id: n.Id, name: n.Name, created: isoMs(n.Created), size: null, effect: 'delete' }
}

function pruneImages(s: Snapshot, all: boolean, goingContainers: Set<string>): DeletionItem[] {
  const used = new Set(s.containers.filter((c) => !goingContainers.has(c.Id)).map((c) => c.ImageID))
  return s.images
    .filter((i) => !used.has(i.Id))
    .filter((i) => all || (i.RepoTags ?? []).every((t) => t === '<none>:<none>'))
    .map((i) => imageItem(i, (i.RepoTags ?? []).find((t) => t !== '<none>:<none>') ?? i.Id.slice(7, 19)))
}

function pruneVolumes(s: Snapshot, all: boolean, goingContainers: Set<string>): DeletionItem[] {
  return s.volumes
    .filter((v) => !usedVolume(s, v.Name, goingContainers))
    .filter((v) => all || !s.anonymousVolumePrune || anonymous(v))
    .map(volumeItem)
}

function pruneNetworks(s: Snapshot, goingContainers: Set<string>): DeletionItem[] {
  const used = new Set(
    s.containers
      .filter((c) => !goingContainers.has(c.Id))
      .flatMap((c) => Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID)),
  )
  return s.networks.filter((n) => !['bridge', 'host', 'none'].includes(n.Name) && !used.has(n.Id)).map(networkItem)
}

function pruneCache(s: Snapshot, all: boolean): DeletionItem[] {
  return s.buildCache
    .filter((b) => !b.InUse)
    .filter((b) => all || !(b as { Shared?: boolean }).Shared)
    .map((b) => ({
      kind: 'build-cache' as const,
      id: b.ID,
      name: b.Description ?? b.ID.slice(0, 12),
      created: isoMs(b.CreatedAt),
      size: b.Size,
      effect: 'delete' as const,
    }))
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
