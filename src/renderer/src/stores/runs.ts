import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CommandRun } from '@shared/contract'
import { call, on } from '../api/client'

/**
 * Every command run as main keeps it (`CommandRun`), by run: the lab log's on load, then each as `runs.updated` pushes
 * it, from its start to its effects and verdict. A step shows its latest run; the lab log and History read the same.
 */
export const useRunsStore = defineStore('runs', () => {
  const byId = ref<Record<string, CommandRun>>({})

  /** Oldest first. */
  const all = computed(() => Object.values(byId.value).sort((a, b) => a.startedAt - b.startedAt))
  /** Each step's latest run. */
  const latestByStep = computed(() => {
    const out: Record<string, CommandRun> = {}
    for (const run of all.value) if (run.stepId) out[run.stepId] = run
    return out
  })
  /** The lab log: runs whose command has ended. */
  const logged = computed(() => all.value.filter((r) => r.state !== 'running'))

  on('runs.updated', (run) => {
    byId.value = { ...byId.value, [run.runId]: run }
  })
  on('lab.cleared', ({ chapterId }) => {
    byId.value = Object.fromEntries(
      Object.entries(byId.value).filter(([, r]) => chapterId !== null && r.chapterId !== chapterId),
    )
  })

  /**
   * What main knows, on (re)load: the lab log (every ended run, across restarts), then the runs main holds now, the
   * one still running included, each in its latest state.
   */
  async function load(): Promise<void> {
    const [saved, current] = await Promise.all([call('lab.log', {}), call('runs.list', {})])
    // Runs pushed while these were on their way are newer than either copy of them.
    byId.value = {
      ...Object.fromEntries([...saved, ...current].map((r) => [r.runId, r])),
      ...byId.value,
    }
  }

  async function clear(chapterId?: string): Promise<void> {
    await call('lab.clear', chapterId ? { chapterId } : {})
  }

  /** A step's latest run; none from before `since` (its chapter was reset then). */
  function lastOfStep(stepId: string, since = 0): CommandRun | undefined {
    const run = latestByStep.value[stepId]
    return run && run.startedAt >= since ? run : undefined
  }

  function ofChapter(chapterId: string): CommandRun[] {
    return logged.value.filter((r) => r.chapterId === chapterId)
  }

  function byRunId(runId: string): CommandRun | undefined {
    return byId.value[runId]
  }

  return { all, logged, load, clear, lastOfStep, ofChapter, byRunId }
})
