import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { LabEntry, type Effects, type FinishedCommandRecord, type StepVerdict } from '@shared/contract'
import { parseStepRunId } from '@shared/tutorial/run-id'
import { writeFileAtomic } from '../../util/atomic-file'

const Saved = z.object({ version: z.literal(1), entries: z.array(LabEntry) })

export interface LabLogDeps {
  file: string
  /** The chapter open now: a command typed by hand belongs to it. */
  currentChapter: () => string | null
  emit: (entry: LabEntry) => void
  /** The log was cleared: for one chapter, or (null) all of it. */
  cleared: (chapterId: string | null) => void
  write?: (file: string, data: string) => void
}

/** The most entries kept; the oldest go first. A class's worth of homework, and a bounded file. */
export const LAB_LOG_LIMIT = 2000

/**
 * Every command run in the app's terminals, per chapter: when, what, how it ended, its verification and its effects.
 * Kept in one JSON file under the app's data folder (written atomically), so it survives restarts until cleared.
 * Entries are completed as the news comes in: the command's end, then its effects, then (for a step) its verdict.
 */
export class LabLog {
  private entries: LabEntry[]

  constructor(private readonly deps: LabLogDeps) {
    this.entries = this.load()
  }

  private load(): LabEntry[] {
    try {
      if (!existsSync(this.deps.file)) return []
      return Saved.parse(JSON.parse(readFileSync(this.deps.file, 'utf8'))).entries
    } catch {
      // An unreadable log must not keep the app from opening; it starts afresh (the old file is overwritten later).
      return []
    }
  }

  private saveTimer: NodeJS.Timeout | undefined

  /**
   * A command brings up to three changes in a second (its end, its effects, its verdict): they are written once,
   * together, a moment later, not each time (the file holds up to 2,000 entries).
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
      ;(this.deps.write ?? writeFileAtomic)(this.deps.file, JSON.stringify({ version: 1, entries: this.entries }))
    } catch {
      // A full disk loses the newest entry's persistence, not the app: it stays in memory and on screen.
    }
  }

  list(chapterId?: string): LabEntry[] {
    return chapterId ? this.entries.filter((e) => e.chapterId === chapterId) : [...this.entries]
  }

  clear(chapterId?: string): void {
    this.entries = chapterId ? this.entries.filter((e) => e.chapterId !== chapterId) : []
    this.flush()
    this.deps.cleared(chapterId ?? null)
  }

  onCommandFinished(record: FinishedCommandRecord): void {
    const step = parseStepRunId(record.runId)
    const entry: LabEntry = {
      id: record.commandId,
      chapterId: step?.chapterId ?? this.deps.currentChapter(),
      stepId: step?.stepId ?? null,
      runId: record.runId ?? null,
      command: record.commandLine.slice(0, 4000),
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      exitCode: record.exitCode,
      verdict: null,
      checked: [],
      differences: [],
      effects: null,
    }
    this.entries.push(entry)
    if (this.entries.length > LAB_LOG_LIMIT) this.entries.splice(0, this.entries.length - LAB_LOG_LIMIT)
    this.changed(entry)
  }

  onEffects(fx: Effects): void {
    if (fx.source !== 'command' || !fx.commandId) return
    this.update(fx.commandId, undefined, { effects: fx })
  }

  onVerdict(v: StepVerdict): void {
    this.update(undefined, v.runId, { verdict: v.status, checked: v.checked, differences: v.differences })
  }

  /**
   * A command's effects and verdict always come after its end (the effects tracker closes a command's record only
   * once it has ended): one with no entry belongs to a command the log never had, and is dropped.
   */
  private update(commandId: string | undefined, runId: string | undefined, patch: Partial<LabEntry>): void {
    const entry = this.entries.find((e) => (commandId ? e.id === commandId : e.runId === runId))
    if (!entry) return
    Object.assign(entry, patch)
    this.changed(entry)
  }

  private changed(entry: LabEntry): void {
    this.scheduleSave()
    this.deps.emit(entry)
  }
}
