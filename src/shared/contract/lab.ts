import { z } from 'zod'
import { Ok } from './common'
import { CommandRun } from './runs'

const ChapterId = z.string().regex(/^[0-9a-z.]{1,16}$/)

/** What a deleting step would delete if run now, resolved read-only through the engine's API. */
export const DeletionItem = z.object({
  kind: z.enum(['container', 'image', 'volume', 'network', 'build-cache']),
  id: z.string(),
  name: z.string(),
  /** When it was created (ms), where the engine says. */
  created: z.number().nullable(),
  /** Bytes it frees, where the engine says (an image's own size, a container's writable layer). */
  size: z.number().nullable(),
  /** `untag`: only this name goes, the image stays under its other names. */
  effect: z.enum(['delete', 'untag']),
})
export type DeletionItem = z.infer<typeof DeletionItem>

export const DeletionPreview = z.object({
  /**
   * True when every part of the command was read and evaluated; false when some part could not be (see `unread`):
   * `items` and `refused` are then what the parts it could read would do.
   */
  understood: z.boolean(),
  items: z.array(DeletionItem),
  /**
   * What it names that would not go, and why: `running` (rm without -f), `in-use` (a container uses it),
   * `several-names` (an image id with several names: rmi refuses it without -f), `has-children` (an image other
   * images are built on: rmi refuses it even with -f), `missing`.
   */
  refused: z.array(
    z.object({
      name: z.string(),
      reason: z.enum(['running', 'in-use', 'several-names', 'has-children', 'missing']),
    }),
  ),
  /**
   * The parts of the command it could not evaluate, as written: another program (`rm -rf ~/lab`), a docker command
   * that creates what a later one would delete, a `$VARIABLE` or a substitution that is not a docker listing, a
   * redirection into a file, a subshell. Empty when `understood`.
   */
  unread: z.array(z.string()),
})
export type DeletionPreview = z.infer<typeof DeletionPreview>

export const labMethods = {
  /** The lab log, oldest first: one chapter's, or all of it; each entry is a finished command's run record. */
  'lab.log': {
    params: z.object({ chapterId: ChapterId.optional() }).strict(),
    result: z.array(CommandRun),
  },
  /** Clears one chapter's log, or all of it. */
  'lab.clear': { params: z.object({ chapterId: ChapterId.optional() }).strict(), result: Ok },
  /** What this command would delete if run now (`docker rm $(docker ps -a -q)`, `docker system prune -a`…). */
  'lab.deletionPreview': {
    params: z.object({ command: z.string().min(1).max(4000) }).strict(),
    result: DeletionPreview,
  },
} as const

export const labEvents = {
  /** The log was cleared (for one chapter, or all). */
  'lab.cleared': z.object({ chapterId: z.string().nullable() }),
} as const
