import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EngineStatus } from '@shared/contract'
import { call, on } from '../api/client'

/** The engine's status for the status bar: fetched once, then kept current by pushed events. */
export const useEngineStore = defineStore('engine', () => {
  const status = ref<EngineStatus | undefined>()
  const busy = ref(false)

  on('engine.statusChanged', (s) => {
    status.value = s
  })

  async function load(): Promise<void> {
    status.value = await call('engine.status')
  }

  async function refresh(): Promise<void> {
    busy.value = true
    try {
      status.value = await call('engine.refresh')
    } finally {
      busy.value = false
    }
  }

  async function use(url: string): Promise<void> {
    busy.value = true
    try {
      status.value = await call('engine.use', { url })
    } finally {
      busy.value = false
    }
  }

  return { status, busy, load, refresh, use }
})
