import { z } from 'zod'
import { ImageRef, NoParams } from './common'

/** Where this engine's registry settings live, so the UI can say where (and whether) they can be edited. */
export const RegistrySettings = z.object({
  kind: z.enum(['daemon-json', 'desktop-settings', 'podman-registries-conf']),
  /** The file, when there is one for the learner to edit (daemon.json, registries.conf). */
  path: z.string().nullable(),
  /**
   * The engine's own host when it is another machine (a `tcp://` or `ssh://` engine): the file is there, not on this
   * machine. Null for a local engine.
   */
  host: z.string().nullable(),
})

export const RegistryConfig = z.object({
  /** `/info` RegistryConfig.Mirrors: where the engine pulls Docker Hub images from first. */
  mirrors: z.array(z.string()),
  /** Registries the engine talks to over plain HTTP or without verifying certificates. */
  insecureRegistries: z.array(z.string()),
  engineKind: z.enum(['docker', 'rootless', 'desktop', 'podman']),
  settings: RegistrySettings,
})
export type RegistryConfig = z.infer<typeof RegistryConfig>

/** A mirror address: http(s) only, as `registry-mirrors` takes it. */
export const MirrorUrl = z
  .string()
  .max(512)
  .refine((s) => {
    try {
      const u = new URL(s)
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password
    } catch {
      return false
    }
  }, 'not an http(s) mirror address')

export const MirrorProbe = z.object({
  url: z.string(),
  /** The mirror answered /v2/ at all (any HTTP status). */
  reachable: z.boolean(),
  /** It answered as a registry does: 200, or 401 with a Docker-Distribution-Api-Version header. */
  isRegistry: z.boolean(),
  status: z.number().int().nullable(),
  ms: z.number(),
  /** What went wrong, or what it answered, in the words of the network or the server. */
  message: z.string(),
})
export type MirrorProbe = z.infer<typeof MirrorProbe>

export const ImageSize = z.object({
  bytes: z.number().int().nonnegative().nullable(),
  /** The mirror or registry whose manifest said it. */
  from: z.string().nullable(),
})
export type ImageSize = z.infer<typeof ImageSize>

export const MirrorPlan = z.object({
  /** The settings file; null where the engine's settings are not a file to edit (Docker Desktop). */
  path: z.string().nullable(),
  engineKind: RegistryConfig.shape.engineKind,
  alreadyConfigured: z.boolean(),
  /** The file as it is now (null when it does not exist yet). */
  before: z.string().nullable(),
  /** The merged file: the learner's other settings kept. Null when it cannot be merged. */
  after: z.string().nullable(),
  /** A unified diff from before to after. */
  diff: z.string(),
  /** Why the file cannot be merged: it is not valid JSON (it is never overwritten then), or not readable. */
  problem: z.enum(['invalid-json', 'unreadable', 'not-an-object']).nullable(),
  problemDetail: z.string().nullable(),
  /** The shell commands that apply it (backup, write, restart), run by the learner in the terminal; never by the app. */
  commands: z.string().nullable(),
  /**
   * For a remote engine, the machine where the change must be made (the engine's own host): then `before` is unknown
   * (null), `after` is what its daemon.json must hold, and there are no commands for this machine.
   */
  remoteHost: z.string().nullable(),
})
export type MirrorPlan = z.infer<typeof MirrorPlan>

export const registryMethods = {
  /** The engine's mirrors and insecure registries and where its settings live; ENGINE_UNAVAILABLE when it is down. */
  'registry.config': { params: NoParams, result: RegistryConfig },
  /** GET <url>/v2/ with a 5 s timeout: is it there, is it a registry, how long it took. */
  'registry.testMirror': { params: z.object({ url: MirrorUrl }).strict(), result: MirrorProbe },
  /** What adding this mirror to the engine's settings would change, and the commands that do it. */
  'registry.mirrorPlan': { params: z.object({ url: MirrorUrl }).strict(), result: MirrorPlan },
  /** Whether the mirror now holds this image's manifest (after a pull went through it). */
  /**
   * About how much pulling an image downloads (compressed layers, this machine's platform), from its manifest at the
   * first mirror or registry that answers; null bytes offline. What a chapter's image list shows for an image it does
   * not know the size of.
   */
  'registry.imageSize': { params: z.object({ image: ImageRef }).strict(), result: ImageSize },
  'registry.mirrorHas': {
    params: z.object({ url: MirrorUrl, image: ImageRef }).strict(),
    result: z.object({ present: z.boolean(), status: z.number().int().nullable() }),
  },
} as const
