import { z } from 'zod'
import { ImageRef, NoParams, ObjectName, Ok } from './common'
import { DockerFailure } from './failure'
import { TerminalInfo } from './terminal'

export const PortBinding = z.object({
  privatePort: z.number().int(),
  publicPort: z.number().int().nullable(),
  ip: z.string().nullable(),
  type: z.string(),
})

export const ContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  /** The id of the image it was made from (an image in use by a container is never removed by Reset). */
  imageId: z.string(),
  state: z.string(),
  /** The engine's own sentence ("Up 2 seconds (healthy)"), true only at the moment it was listed. */
  status: z.string(),
  /** When it last started and ended (ms), as the engine keeps them; null for never. The UI ages them on its clock. */
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** Its last exit code (meaningful once it has ended). */
  exitCode: z.number().int().nullable(),
  ports: z.array(PortBinding),
  mounts: z.array(
    z.object({ type: z.string(), name: z.string().nullable(), source: z.string(), destination: z.string() }),
  ),
  created: z.number(),
})
export type ContainerSummary = z.infer<typeof ContainerSummary>

export const ImageSummary = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  size: z.number(),
  created: z.number(),
})
export type ImageSummary = z.infer<typeof ImageSummary>

export const VolumeSummary = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  /** Names of the containers that mount it. */
  usedBy: z.array(z.string()),
})
export type VolumeSummary = z.infer<typeof VolumeSummary>

export const NetworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
})
export type NetworkSummary = z.infer<typeof NetworkSummary>

export const ResourceKind = z.enum(['containers', 'images', 'volumes', 'networks'])
export type ResourceKind = z.infer<typeof ResourceKind>

export const Resources = z.object({
  containers: z.array(ContainerSummary),
  images: z.array(ImageSummary),
  volumes: z.array(VolumeSummary),
  networks: z.array(NetworkSummary),
  syncedAt: z.number(),
})
export type Resources = z.infer<typeof Resources>

export const ResourcesChanged = z.object({
  /** Only the lists an event touched are present. */
  containers: z.array(ContainerSummary).optional(),
  images: z.array(ImageSummary).optional(),
  volumes: z.array(VolumeSummary).optional(),
  networks: z.array(NetworkSummary).optional(),
  /**
   * The containers events named, instead of the whole list: those new or changed, whole (a new one goes first, as
   * the engine lists the newest first), and the ids of those gone; every other container is as it was.
   */
  containerChanges: z.object({ upserted: z.array(ContainerSummary), removed: z.array(z.string()) }).optional(),
  /** True after a (re)connect: the lists are the whole truth, nothing stale may stay. */
  full: z.boolean(),
  syncedAt: z.number(),
})
export type ResourcesChanged = z.infer<typeof ResourcesChanged>

const Named = z.object({ id: z.string(), name: z.string() })
export const EffectImage = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().nullable(),
  layers: z.number().nullable(),
  /** This name already named this very image before (a pull that was up to date, a tag it had): nothing new. */
  existedBefore: z.boolean(),
})
export type EffectImage = z.infer<typeof EffectImage>

/** What the app itself did, from one of its own buttons: "Images panel: pull nginx", "Reset chapter 2.7". */
export const AppAction = z.object({
  kind: z.enum([
    'pull',
    'build',
    'load',
    'container.start',
    'container.stop',
    'container.restart',
    'container.pause',
    'container.unpause',
    'container.remove',
    'image.remove',
    'volume.remove',
    'network.remove',
    'prune.containers',
    'prune.images',
    'prune.volumes',
    'prune.networks',
    'gpu.test',
    'chapter.reset',
  ]),
  /** What it acted on: an image reference, a container's name or id, a chapter id; empty for a prune. */
  target: z.string(),
})
export type AppAction = z.infer<typeof AppAction>

export const Effects = z.object({
  /**
   * `command`: a terminal command's; `app`: one of the app's own actions (`action` names it); `outside`: a change
   * made elsewhere (a terminal outside the app, another tool).
   */
  source: z.enum(['command', 'app', 'outside']),
  action: AppAction.nullable(),
  /**
   * True when the command's terminal talks to its engine directly (an ssh:// engine, a Windows named pipe): its
   * effects are then attributed by time alone, and another client's change made meanwhile may be counted in.
   */
  approximate: z.boolean(),
  terminalId: z.string().nullable(),
  commandId: z.string().nullable(),
  commandLine: z.string().nullable(),
  runId: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  startedAt: z.number(),
  finishedAt: z.number(),
  containers: z.object({
    created: z.array(Named),
    started: z.array(Named),
    stopped: z.array(Named),
    removed: z.array(Named),
  }),
  images: z.object({
    pulled: z.array(EffectImage),
    built: z.array(EffectImage),
    tagged: z.array(EffectImage),
    committed: z.array(EffectImage),
    /** Made from an archive: `docker import` (a file system) or `docker load` (saved images), one entry per name. */
    imported: z.array(EffectImage),
    removed: z.array(EffectImage),
  }),
  volumes: z.object({ created: z.array(Named), removed: z.array(Named) }),
  networks: z.object({ created: z.array(Named), removed: z.array(Named) }),
  ports: z.array(
    z.object({ container: z.string(), privatePort: z.number().int(), publicPort: z.number().int(), type: z.string() }),
  ),
})
export type Effects = z.infer<typeof Effects>

export const ContainerStats = z.object({
  id: z.string(),
  cpuPercent: z.number(),
  memoryUsage: z.number(),
  memoryLimit: z.number(),
  memoryPercent: z.number(),
  netRx: z.number(),
  netTx: z.number(),
  blockRead: z.number(),
  blockWrite: z.number(),
  pids: z.number(),
})
export type ContainerStats = z.infer<typeof ContainerStats>

export const DiskUsage = z.object({
  rows: z.array(
    z.object({
      type: z.enum(['Images', 'Containers', 'Local Volumes', 'Build Cache']),
      total: z.number().int(),
      active: z.number().int(),
      size: z.number(),
      reclaimable: z.number(),
    }),
  ),
})
export type DiskUsage = z.infer<typeof DiskUsage>

export const ImageLayer = z.object({
  id: z.string(),
  createdBy: z.string(),
  size: z.number(),
  created: z.number(),
  tags: z.array(z.string()),
})

export const OperationProgress = z.object({
  opId: z.string(),
  kind: z.enum(['pull', 'build', 'load', 'save']),
  /** The image pulled, or the tag built. */
  target: z.string(),
  /** Bytes for a pull, steps for a build; total 0 while unknown. */
  current: z.number(),
  total: z.number(),
  /** The engine's last few messages. */
  lines: z.array(z.string()),
  done: z.boolean(),
  error: z.string().nullable(),
  /** For a failed pull (or a build whose base image could not be pulled): why, and so what to do. */
  failure: DockerFailure.nullable(),
})
export type OperationProgress = z.infer<typeof OperationProgress>

export const resourceMethods = {
  /** Starts a pull; its progress comes as `resources.progress` events. */
  'resources.pull': { params: z.object({ image: ImageRef }).strict(), result: z.object({ opId: z.string() }) },
  /** Builds the Dockerfile in a chapter's lab folder with this tag; progress as `resources.progress`. */
  'resources.build': {
    params: z.object({ chapterId: z.string().regex(/^[0-9a-z.]{1,16}$/), tag: ImageRef }).strict(),
    result: z.object({ opId: z.string() }),
  },
  'resources.list': { params: NoParams, result: Resources },
  'resources.diskUsage': { params: NoParams, result: DiskUsage },
  'resources.imageHistory': { params: z.object({ id: ImageRef }).strict(), result: z.array(ImageLayer) },
  /** Ids and names by the engine's grammar for their kind: an image by reference or id, the others by name or id. */
  'resources.inspect': {
    params: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('image'), id: ImageRef }).strict(),
      z.object({ kind: z.enum(['container', 'volume', 'network']), id: ObjectName }).strict(),
    ]),
    result: z.unknown(),
  },
  'resources.containerAction': {
    params: z
      .object({ id: ObjectName, action: z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'remove']) })
      .strict(),
    result: Ok,
  },
  'resources.remove': {
    params: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('image'), id: ImageRef, force: z.boolean().optional() }).strict(),
      z.object({ kind: z.enum(['volume', 'network']), id: ObjectName, force: z.boolean().optional() }).strict(),
    ]),
    result: Ok,
  },
  /** What a prune would remove, without removing it. */
  'resources.prunePreview': {
    params: z.object({ kind: z.enum(['containers', 'images', 'volumes', 'networks']) }).strict(),
    result: z.array(z.object({ id: z.string(), name: z.string() })),
  },
  'resources.prune': {
    params: z.object({ kind: z.enum(['containers', 'images', 'volumes', 'networks']) }).strict(),
    result: z.object({ removed: z.array(z.string()), spaceReclaimed: z.number() }),
  },
  'resources.logs': {
    params: z.object({ id: ObjectName, tail: z.number().int().min(1).max(10_000).optional() }).strict(),
    result: z.object({ text: z.string() }),
  },
  'resources.stats': {
    params: z.object({ ids: z.array(ObjectName).max(100) }).strict(),
    result: z.array(ContainerStats),
  },
  /** A new terminal tab running a shell inside the container (`docker exec -it <id> sh`). */
  'resources.execShell': {
    params: z
      .object({ id: ObjectName, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) })
      .strict(),
    result: TerminalInfo,
  },
  'resources.effectsHistory': { params: NoParams, result: z.array(Effects) },
  /**
   * `docker load` of a .tar or .tar.gz the page sends in pieces: begin with its name and size, send base64 chunks of
   * at most 512 KiB in order (each answered once the engine has taken it), then end; progress as `resources.progress`.
   */
  'resources.importBegin': {
    params: z
      .object({
        name: z.string().min(1).max(256),
        size: z
          .number()
          .int()
          .min(1)
          .max(64 * 1024 ** 3),
      })
      .strict(),
    result: z.object({ importId: z.string(), opId: z.string() }),
  },
  'resources.importChunk': {
    params: z.object({ importId: z.string().uuid(), data: z.string().max(720_000) }).strict(),
    result: z.object({ received: z.number() }),
  },
  'resources.importEnd': {
    params: z.object({ importId: z.string().uuid() }).strict(),
    result: z.object({ loaded: z.array(z.string()) }),
  },
  'resources.importAbort': { params: z.object({ importId: z.string().uuid() }).strict(), result: Ok },
  /** `docker save` of these images into one .tar.gz, read back in base64 chunks until `done`. */
  'resources.exportBegin': {
    params: z.object({ images: z.array(ImageRef).min(1).max(100) }).strict(),
    result: z.object({ exportId: z.string(), opId: z.string() }),
  },
  'resources.exportChunk': {
    params: z.object({ exportId: z.string().uuid() }).strict(),
    result: z.object({ data: z.string(), done: z.boolean() }),
  },
} as const

export const resourceEvents = {
  'resources.changed': ResourcesChanged,
  'resources.effects': Effects,
  'resources.progress': OperationProgress,
} as const
