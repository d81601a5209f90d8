import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { GpuReport, GpuTestResult } from '@shared/contract'
import { errorMessage } from '@shared/errors'
import { call } from '../api/client'

/** The GPU report, refreshed only while the GPU panel is on screen (nvidia-smi is not free). */
export const useGpuStore = defineStore('gpu', () => {
  const report = ref<GpuReport | undefined>()
  const loading = ref(false)
  const error = ref<string | undefined>()
  const test = ref<GpuTestResult | undefined>()
  const testing = ref(false)
  let timer: ReturnType<typeof setInterval> | undefined

  async function refresh(force = false): Promise<void> {
    loading.value = true
    try {
      report.value = await call(force ? 'gpu.refresh' : 'gpu.report')
      error.value = undefined
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  function watchLive(intervalMs = 5000): () => void {
    void refresh()
    clearInterval(timer)
    timer = setInterval(() => void refresh(true), intervalMs)
    return () => clearInterval(timer)
  }

  async function runTest(image: string): Promise<void> {
    testing.value = true
    test.value = undefined
    try {
      test.value = await call('gpu.testContainer', { image })
    } catch (e) {
      const output = errorMessage(e)
      // The classifier (and the CLI's flag table it reads) is fetched only when a test has failed to explain.
      const { dockerFailure } = await import('@shared/docker/failure')
      test.value = { ok: false, image, exitCode: null, output, failure: dockerFailure('other', output) }
    } finally {
      testing.value = false
    }
  }

  return { report, loading, error, test, testing, refresh, watchLive, runTest }
})
