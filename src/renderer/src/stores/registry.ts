import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MirrorPlan, MirrorProbe, PullProblem, RegistryConfig } from '@shared/contract'
import { call, on } from '../api/client'

/** The engine's registries and mirrors, and why the pulls in terminals failed (by runId, else commandId). */
export const useRegistryStore = defineStore('registry', () => {
  const config = ref<RegistryConfig>()
  const configError = ref<string>()
  const failures = ref<Record<string, PullProblem>>({})

  on('registry.pullFailed', (e) => {
    failures.value = { ...failures.value, [e.runId ?? e.commandId]: e.problem }
  })

  async function loadConfig(): Promise<void> {
    try {
      configError.value = undefined
      config.value = await call('registry.config')
    } catch (e) {
      config.value = undefined
      configError.value = e instanceof Error ? e.message : String(e)
    }
  }

  const testMirror = (url: string): Promise<MirrorProbe> => call('registry.testMirror', { url })
  const plan = (url: string): Promise<MirrorPlan> => call('registry.mirrorPlan', { url })
  const mirrorHas = (url: string, image: string): Promise<{ present: boolean; status: number | null }> =>
    call('registry.mirrorHas', { url, image })

  return { config, configError, failures, loadConfig, testMirror, plan, mirrorHas }
})
