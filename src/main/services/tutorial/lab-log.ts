import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { CommandRun, Effects, StepCheck, StepDifference } from '@shared/contract'
import { writeFileAtomic } from '../../util/atomic-file'

const Saved = z.object({ version: z.literal(2), runs: z.array(CommandRun) })

/** The first version's entries, read once and kept as run records. */
const SavedV1 = z.object({
  version: z.literal(1),
  entries: z.array(
    z.object({
      id: z.string(),
      chapterId: z.string().nullable(),
      stepId: z.string().nullable(),
      runId: z.string().nullable(),
      command: z.string(),
      startedAt: z.number(),
      finishedAt: z.number(),
      exitCode: z.number().int().nullable(),
      verdict: z.enum(['verified', 'differs']).nullable(),
      checked: z.array(StepCheck),
      differences: z.array(StepDifference),
      effects: Effects.nullable(),
    }),
  ),
})

function fromV1(e: z.infer<typeof SavedV1>['entries'][number]): CommandRun {
  return {
    runId: e.runId ?? e.id,
    terminalId: e.effects?.terminalId ?? 't0',
    commandId: e.id,
    stepId: e.stepId,
    chapterId: e.chapterId,
    commandLine: e.command,
    cwd: '',
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
    exitCode: e.exitCode,
    state: 'settled',
    approximate: e.effects?.approximate ?? false,
    outputTail: null,
    exchanges: [],
    events: [],
    effects: e.effects,
    verdict: e.verdict ? { status: e.verdict, checked: e.checked, differences: e.differences, at: e.finishedAt } : null,
    failure: null,
  }
}

export interface LabLogDeps {
  file: string
  /** The log was cleared: for one chapter, or (null) all of it. */
  cleared: (chapterId: string | null) => void
  write?: (file: string, data: string) => void
}

/** The most runs kept; the oldest go first. A class's worth of homework, and a bounded file. */
export const LAB_LOG_LIMIT = 2000

/**
 * Every command run in the app's terminals, per chapter: exactly the run records (`CommandRun`) once their command has
 * ended, kept current as their effects and verification come in. One JSON file under the app's data folder, written
 * atomically, so it survives restarts until cleared.
 */
export class LabLog {
  private runs: CommandRun[]

  constructor(private readonly deps: LabLogDeps) {
    this.runs = this.load()
  }

  private load(): CommandRun[] {
    try {
      if (!existsSync(this.deps.file)) return []
      const saved: unknown = JSON.parse(readFileSync(this.deps.file, 'utf8'))
      const v1 = SavedV1.safeParse(saved)
      if (v1.success) return v1.data.entries.map(fromV1)
      return Saved.parse(saved).runs
    } catch {
      // An unreadable log must not keep the app from opening; it starts afresh (the old file is overwritten later).
      return []
    }
  }

  private saveTimer: NodeJS.Timeout | undefined

  /**
   * A run changes up to four times in a second (its end, its effects, its verdict, a pull problem): the file is
   * written once, a moment later, not each time (it holds up to 2,000 runs).
   */
  private scheduleSave(): void {
    this.saveTimer ??= setTimeout(() => this.flush(), 300)
    this.saveTimer.unref?.()
  }

  /** Writes now what is pending (at shutdown, and when the learner clears the log). */
  flush(): void {
    clearTimeout(this.saveTimer)
    this.saveTimer = undefined
    this.save()
  }

  private save(): void {
    try {
      ;(this.deps.write ?? writeFileAtomic)(this.deps.file, JSON.stringify({ version: 2, runs: this.runs }))
    } catch {
      // A full disk loses the newest run's persistence, not the app: it stays in memory and on screen.
    }
  }

  list(chapterId?: string): CommandRun[] {
    return chapterId ? this.runs.filter((r) => r.chapterId === chapterId) : [...this.runs]
  }

  clear(chapterId?: string): void {
    this.runs = chapterId ? this.runs.filter((r) => r.chapterId !== chapterId) : []
    this.flush()
    this.deps.cleared(chapterId ?? null)
  }

  /** A run changed: kept once its command has ended, replaced by each later state of it. */
  onRun(run: CommandRun): void {
    if (run.state === 'running') return
    const at = this.runs.findIndex((r) => r.commandId === run.commandId)
    if (at >= 0) this.runs[at] = run
    else {
      this.runs.push(run)
      if (this.runs.length > LAB_LOG_LIMIT) this.runs.splice(0, this.runs.length - LAB_LOG_LIMIT)
    }
    this.scheduleSave()
  }
}
