import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { UpdateStatus } from '@shared/contract'
import { ApiError } from '@shared/errors'
import { call, on } from '../api/client'

/** Where updating the app stands (main owns it: the check, the download, the install); kept current by events. */
export const useUpdatesStore = defineStore('updates', () => {
  const status = ref<UpdateStatus | undefined>()
  /** Why the last "restart to update" did not happen (a command is running), for the notice to say. */
  const refusal = ref<'busy' | 'failed' | undefined>()

  on('app.updateChanged', (s) => {
    status.value = s
  })

  async function load(): Promise<void> {
    status.value = await call('app.updateStatus')
  }

  async function check(): Promise<void> {
    status.value = await call('app.checkForUpdates')
  }

  async function setCheckAtStart(enabled: boolean): Promise<void> {
    status.value = await call('app.setCheckAtStart', { enabled })
  }

  async function restart(): Promise<void> {
    refusal.value = undefined
    try {
      await call('app.installUpdate')
    } catch (error) {
      refusal.value = error instanceof ApiError && error.code === 'TERMINAL_BUSY' ? 'busy' : 'failed'
    }
  }

  return { status, refusal, load, check, setCheckAtStart, restart }
})
