import { z } from 'zod'
import { Ok } from './common'
import { Effects } from './resources'
import { StepCheck, StepDifference } from './tutorial'

const ChapterId = z.string().regex(/^[0-9a-z.]{1,16}$/)

/** One command run in the app's terminals, as the lab log keeps it. */
export const LabEntry = z.object({
  /** The command's id (unique per run). */
  id: z.string(),
  /** The chapter it belongs to: its step's chapter, or the chapter open when it was typed; null before any. */
  chapterId: z.string().nullable(),
  stepId: z.string().nullable(),
  /** The step run's id (`step:<stepId>:<nonce>`), or null for a command typed by hand. */
  runId: z.string().nullable(),
  command: z.string(),
  startedAt: z.number(),
  finishedAt: z.number(),
  exitCode: z.number().int().nullable(),
  /** A step's verification; null for a command typed by hand (nothing to compare it with). */
  verdict: z.enum(['verified', 'differs']).nullable(),
  checked: z.array(StepCheck),
  differences: z.array(StepDifference),
  /** What it changed in the engine; null until known (or for a command that ran outside any engine). */
  effects: Effects.nullable(),
})
export type LabEntry = z.infer<typeof LabEntry>

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
  /** The lab log, oldest first: one chapter's, or all of it. */
  'lab.log': {
    params: z.object({ chapterId: ChapterId.optional() }).strict(),
    result: z.array(LabEntry),
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
  /** An entry was added or completed (its effects or verification came in). */
  'lab.entry': LabEntry,
  /** The log was cleared (for one chapter, or all). */
  'lab.cleared': z.object({ chapterId: z.string().nullable() }),
} as const
