import type Docker from 'dockerode'
import type { DeletionItem, DeletionPreview } from '@shared/contract'
import {
  flagValues,
  hasFlag,
  readCommandLine,
  readDockerCommand,
  type DockerCommand,
  type ReadCommand,
} from '@shared/docker/command'
import { canonicalImageRef } from '@shared/docker/image-ref'
import { commandList, type Word } from '@shared/docker/shell'

type ContainerInfo = Docker.ContainerInfo
type ImageInfo = Docker.ImageInfo

/** The engine as one preview reads it: listed once, then every rule works on the same snapshot. */
interface Snapshot {
  containers: ContainerInfo[]
  images: ImageInfo[]
  /** Intermediate images too: a parent of another image cannot be deleted, not even with -f. */
  allImages: ImageInfo[]
  volumes: Array<{ Name: string; CreatedAt?: string; Labels?: Record<string, string> | null }>
  networks: Array<{ Id: string; Name: string; Created?: string }>
  buildCache: Array<{ ID: string; InUse: boolean; Size: number; CreatedAt?: string; Description?: string }>
  /** From API 1.42 (Engine 23) `volume prune` takes only anonymous volumes unless `-a`. */
  anonymousVolumePrune: boolean
}

/** Verbs that only read: they delete nothing and change nothing a later command would delete. */
const READ_ONLY = new Set([
  'ps',
  'images',
  'inspect',
  'container inspect',
  'image inspect',
  'logs',
  'history',
  'version',
  'info',
  'port',
  'top',
  'diff',
  'stats',
  'search',
  'system df',
  'volume ls',
  'volume inspect',
  'network ls',
  'network inspect',
])
/** Verbs that change whether a container runs, which `rm` without -f and the prunes look at. */
const RUN_STATE: Record<string, ContainerInfo['State']> = {
  stop: 'exited',
  kill: 'exited',
  start: 'running',
  restart: 'running',
  pause: 'paused',
  unpause: 'running',
}

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
 * What a deleting command line would delete if run now, resolved read-only through the engine's API: `docker rm`,
 * `rmi`, `volume rm`, `network rm`, the prunes and `system prune [-a] [--volumes]`, each command of a chain in order
 * (a `stop` before an `rm` counts). A `$(…)` or `` `…` `` listing (`docker ps -q -f status=exited`, `docker images -q
 * redis`, `docker volume ls -q`) is asked of the engine's list API with the same filters, never run by a shell and
 * never re-implemented. Follows the engine's own rules: `rm` without -f refuses running containers, `rmi` refuses an
 * image a container uses and only untags a name the image has besides others, `system prune -a` also takes the images
 * only the containers it prunes were using. Whatever it cannot evaluate (another program, a command that creates
 * things, a `$VARIABLE`, a subshell, a redirection into a file) it names in `unread`, and the preview is then not
 * fully understood: it lists what it could read, never less than that part deletes.
 */
export class DeletionPreviewer {
  constructor(private readonly connection: { docker: Docker }) {}

  async preview(command: string): Promise<DeletionPreview> {
    const line = readCommandLine(command)
    if (line.complex) return { understood: false, items: [], refused: [], unread: [command.trim()] }
    const unread: string[] = []
    const plan: DockerCommand[] = []
    for (const c of line.commands) {
      unread.push(...fileRedirects(c))
      const d = c.docker
      if (!d) unread.push(c.text)
      // A command the CLI refuses (a typo in a flag) runs nothing.
      else if (d.problems.length || READ_ONLY.has(d.verb)) continue
      else if (DELETING.has(d.verb) || d.verb in RUN_STATE) plan.push(d)
      // `docker run`, `create`, `build`, `pull`…: what they make, a later prune would take too.
      else unread.push(c.text)
    }
    const snap = await this.snapshot()
    const items: DeletionItem[] = []
    const refused: DeletionPreview['refused'] = []
    for (const cmd of plan) {
      const args = await this.args(cmd, unread)
      this.apply(cmd, args, snap, items, refused)
    }
    return { understood: unread.length === 0, items, refused, unread }
  }

  private async snapshot(): Promise<Snapshot> {
    const d = this.connection.docker
    const [containers, images, allImages, volumes, networks, df, version] = await Promise.all([
      d.listContainers({ all: true, size: true }),
      d.listImages({ all: false }),
      d.listImages({ all: true }),
      d.listVolumes(),
      d.listNetworks(),
      d.df().catch(() => ({})) as Promise<{ BuildCache?: Snapshot['buildCache'] | null }>,
      d.version(),
    ])
    return {
      containers,
      images,
      allImages,
      volumes: (volumes.Volumes ?? []) as Snapshot['volumes'],
      networks: networks as Snapshot['networks'],
      buildCache: df.BuildCache ?? [],
      anonymousVolumePrune: compareVersions(version.ApiVersion ?? '0', '1.42') >= 0,
    }
  }

  private apply(
    cmd: DockerCommand,
    args: string[],
    s: Snapshot,
    items: DeletionItem[],
    refused: DeletionPreview['refused'],
  ): void {
    const add = (item: DeletionItem): void => {
      if (!items.some((x) => x.kind === item.kind && x.id === item.id && x.name === item.name)) items.push(item)
    }
    const refuse = (name: string, reason: DeletionPreview['refused'][number]['reason']): void => {
      if (!refused.some((r) => r.name === name && r.reason === reason)) refused.push({ name, reason })
    }
    const going = (kind: DeletionItem['kind']): Set<string> =>
      new Set(items.filter((i) => i.kind === kind && i.effect === 'delete').map((i) => i.id))
    const state = RUN_STATE[cmd.verb]
    if (state) {
      // The next commands see the containers as this one leaves them.
      for (const ref of args) {
        const c = findContainer(s, ref)
        if (c) c.State = state
      }
      return
    }
    switch (cmd.verb) {
      case 'rm': {
        const force = hasFlag(cmd, '-f', '--force')
        for (const ref of args) {
          const c = findContainer(s, ref)
          if (!c || going('container').has(c.Id)) refuse(ref, 'missing')
          else if (isRunning(c) && !force) refuse(nameOf(c), 'running')
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
        for (const ref of args) {
          const byTag = findImageByName(s, ref)
          const image = byTag ?? findImageById(s, ref)
          if (!image || going('image').has(image.Id)) {
            refuse(ref, 'missing')
            continue
          }
          const tags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>')
          const removedContainers = going('container')
          const users = s.containers.filter((c) => c.ImageID === image.Id && !removedContainers.has(c.Id))
          const children = s.allImages.some((i) => i.ParentId === image.Id && !going('image').has(i.Id))
          const untag = (): void => {
            add(imageItem(image, ref, 'untag'))
            image.RepoTags = tags.filter((t) => canonicalImageRef(t) !== canonicalImageRef(ref))
          }
          // In the engine's order: a name among others is only untagged; an id with several names is refused
          // without -f; a running container or a child image holds the image even with -f, a stopped container
          // only without; the last name of an image with children goes, the image stays.
          if (byTag && tags.length > 1) untag()
          else if (!byTag && tags.length > 1 && !force) refuse(ref, 'several-names')
          else if (users.some(isRunning) || (users.length && !force)) refuse(ref, 'in-use')
          else if (children && byTag) untag()
          else if (children) refuse(ref, 'has-children')
          else add(imageItem(image, tags[0] ?? image.Id.slice(7, 19)))
        }
        return
      }
      case 'volume rm': {
        for (const name of args) {
          const v = s.volumes.find((x) => x.Name === name)
          if (!v) refuse(name, 'missing')
          else if (usedVolume(s, name, going('container'))) refuse(name, 'in-use')
          else add(volumeItem(v))
        }
        return
      }
      case 'network rm': {
        for (const ref of args) {
          const n = s.networks.find((x) => x.Name === ref || x.Id.startsWith(ref))
          if (!n) refuse(ref, 'missing')
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
    }
  }

  /**
   * A command's arguments as the shell would hand them over: each `$(docker …)` or `` `docker …` `` replaced by what
   * that listing prints now (asked of the engine); any other expansion cannot be known, and is named in `unread`.
   */
  private async args(cmd: DockerCommand, unread: string[]): Promise<string[]> {
    const out: string[] = []
    for (const w of cmd.argWords) {
      if (!w.expands) out.push(w.value)
      else {
        const listed = await this.listing(w)
        if (listed) out.push(...listed)
        else unread.push(w.raw)
      }
    }
    return out
  }

  /** What a word that is one listing substitution prints now (unquoted: one name a word), or undefined. */
  private async listing(word: Word): Promise<string[] | undefined> {
    const [sub] = word.substitutions
    // Only a word that is one unquoted substitution splits into one name a word, as the listing prints them.
    const whole = sub && word.substitutions.length === 1 && !word.quoted && /^(?:\$\(.*\)|`.*`)$/s.test(word.raw)
    if (!whole) return undefined
    const inner = commandList(sub.inner)
    const only = inner.commands[0]
    if (inner.complex || inner.commands.length !== 1 || !only || only.redirects.length) return undefined
    const cmd = readDockerCommand(only.words)
    if (!cmd || cmd.problems.length || cmd.argWords.some((w) => w.expands)) return undefined
    const print = printed(cmd)
    if (!print) return undefined
    const filters: Record<string, string[]> = {}
    for (const f of flagValues(cmd, '--filter')) {
      const eq = f.indexOf('=')
      const key = eq === -1 ? f : f.slice(0, eq)
      ;(filters[key] ??= []).push(eq === -1 ? '' : f.slice(eq + 1))
    }
    const d = this.connection.docker
    try {
      if (cmd.verb === 'ps') {
        const last = Number(flagValues(cmd, '--last').at(-1) ?? (hasFlag(cmd, '--latest') ? 1 : -1))
        const list = await d.listContainers({
          all: hasFlag(cmd, '--all'),
          filters,
          ...(last > 0 ? { limit: last } : {}),
        })
        return list.map((c) => (print === 'names' ? nameOf(c) : c.Id.slice(0, 12)))
      }
      if (cmd.verb === 'images') {
        if (cmd.args[0]) (filters.reference ??= []).push(cmd.args[0])
        const list = await d.listImages({ all: hasFlag(cmd, '--all'), filters })
        return [...new Set(list.map((i) => i.Id.replace(/^sha256:/, '').slice(0, 12)))]
      }
      if (cmd.verb === 'volume ls') {
        const list = await d.listVolumes({ filters })
        return (list.Volumes ?? []).map((v) => v.Name)
      }
      if (cmd.verb === 'network ls') {
        const list = (await d.listNetworks({ filters })) as Array<{ Id: string; Name: string }>
        return list.map((n) => (print === 'names' ? n.Name : n.Id.slice(0, 12)))
      }
    } catch {
      // The engine refused the listing (a filter naming an image that is not there): the CLI prints nothing.
      return []
    }
    return undefined
  }
}

/** What a listing prints when it prints one name a line: `-q` (ids), or `--format` of just the id or the name. */
function printed(cmd: DockerCommand): 'ids' | 'names' | undefined {
  if (!['ps', 'images', 'volume ls', 'network ls'].includes(cmd.verb)) return undefined
  const format = flagValues(cmd, '--format').at(-1)
  if (format === undefined) return hasFlag(cmd, '--quiet') ? (cmd.verb === 'volume ls' ? 'names' : 'ids') : undefined
  if (/^\{\{\s*\.I[Dd]\s*\}\}$/.test(format)) return 'ids'
  if (/^\{\{\s*\.Names?\s*\}\}$/.test(format) && cmd.verb !== 'images') return 'names'
  return undefined
}

/** Redirections into a file (`> out.txt`): they change a file the preview knows nothing about. */
function fileRedirects(c: ReadCommand): string[] {
  return c.shell.redirects
    .filter((r) => /^(?:\d*>>?|&>>?|>\|)$/.test(r.op) && r.target && r.target.value !== '/dev/null')
    .map((r) => `${r.op}${r.target?.raw ?? ''}`)
}

const DELETING = new Set([
  'rm',
  'rmi',
  'volume rm',
  'network rm',
  'container prune',
  'image prune',
  'volume prune',
  'network prune',
  'builder prune',
  'system prune',
])

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
