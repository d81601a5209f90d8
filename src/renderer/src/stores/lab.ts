import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LabEntry } from '@shared/contract'
import { call, on } from '../api/client'

/** The lab log as main keeps it (every command run in the app, per chapter), and each step's latest verification. */
export const useLabStore = defineStore('lab', () => {
  const entries = ref<LabEntry[]>([])

  on('lab.entry', (entry) => {
    const i = entries.value.findIndex((e) => e.id === entry.id)
    if (i === -1) entries.value = [...entries.value, entry]
    else entries.value[i] = entry
  })
  on('lab.cleared', ({ chapterId }) => {
    entries.value = chapterId ? entries.value.filter((e) => e.chapterId !== chapterId) : []
  })

  async function load(): Promise<void> {
    entries.value = await call('lab.log', {})
  }

  async function clear(chapterId?: string): Promise<void> {
    await call('lab.clear', chapterId ? { chapterId } : {})
  }

  /** A step's latest run as the log has it (its verification once judged), surviving reloads and restarts. */
  function lastRunOf(stepId: string): LabEntry | undefined {
    for (let i = entries.value.length - 1; i >= 0; i--) {
      const e = entries.value[i]
      if (e?.stepId === stepId) return e
    }
    return undefined
  }

  function ofChapter(chapterId: string): LabEntry[] {
    return entries.value.filter((e) => e.chapterId === chapterId)
  }

  return { entries, load, clear, lastRunOf, ofChapter }
})
