import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MirrorPlan, MirrorProbe, RegistryConfig } from '@shared/contract'
import { errorMessage } from '@shared/errors'
import { call } from '../api/client'

/** The engine's registries and mirrors. */
export const useRegistryStore = defineStore('registry', () => {
  const config = ref<RegistryConfig>()
  const configError = ref<string>()

  async function loadConfig(): Promise<void> {
    try {
      configError.value = undefined
      config.value = await call('registry.config')
    } catch (e) {
      config.value = undefined
      configError.value = errorMessage(e)
    }
  }

  const testMirror = (url: string): Promise<MirrorProbe> => call('registry.testMirror', { url })
  const plan = (url: string): Promise<MirrorPlan> => call('registry.mirrorPlan', { url })
  const mirrorHas = (url: string, image: string): Promise<{ present: boolean; status: number | null }> =>
    call('registry.mirrorHas', { url, image })

  return { config, configError, loadConfig, testMirror, plan, mirrorHas }
})
