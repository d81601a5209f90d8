import { defineStore } from 'pinia'
import { computed, ref, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { EngineStatus } from '@shared/contract'
import { call, on } from '../api/client'

/** The engine's status for the status bar: fetched once, then kept current by pushed events. */
export const useEngineStore = defineStore('engine', () => {
  const status = ref<EngineStatus | undefined>()
  const busy = ref(false)
  /** An engine answers: what acts on it (a pull, a build, an import) can run. */
  const connected = computed(() => status.value?.state === 'connected')
  const problem = computed(() => (status.value?.state === 'unavailable' ? status.value.problem : undefined))
  /** DOCKER_HOST names a socket that is not there: the status bar and the welcome page both say so, with its value. */
  const dockerHostMissing = computed(
    () =>
      status.value?.state === 'unavailable' &&
      status.value.endpoint.source === 'DOCKER_HOST' &&
      status.value.socketMissing,
  )

  /**
   * That missing socket is the account to give, with its fix: starting the usual engine changes nothing then. Main
   * decides, in the failure it recorded (withDockerHostMissing); with Docker not installed at all, the install comes
   * first and it does not.
   */
  const dockerHostAccount = computed(
    () => status.value?.state === 'unavailable' && status.value.failure.values.dockerHost !== undefined,
  )

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

  return { status, busy, connected, problem, dockerHostMissing, dockerHostAccount, load, refresh, use }
})

/**
 * Why what acts on the engine (a pull, an import, a build, a prune) is off: the words for its tooltip while no engine
 * answers, undefined once one does. Bind `:disabled="!!needsEngine" :title="needsEngine"`.
 */
export function useNeedsEngine(): ComputedRef<string | undefined> {
  const engine = useEngineStore()
  const { t } = useI18n()
  return computed(() => (engine.connected ? undefined : t('status.needsEngine')))
}
