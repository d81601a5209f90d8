import { computed, onBeforeUnmount, ref, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { uiLang } from '../i18n'
import { createFormat, type Format } from '../i18n/format'

/** The formatter for the UI's language: recomputed on a language switch, so everything it words follows. */
export function useFormat(): ComputedRef<Format> {
  const { t } = useI18n()
  return computed(() => createFormat(uiLang.value, t))
}

const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

/**
 * The clock ages are shown against, ticking each second while anything shows one: "Up 2 seconds" goes on to
 * "Up 3 seconds" by itself, as `docker ps` would say it now, never frozen at the moment the list came.
 */
export function useNow(): Ref<number> {
  if (users++ === 0) {
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), 1000)
  }
  onBeforeUnmount(() => {
    if (--users === 0) clearInterval(timer)
  })
  return now
}
