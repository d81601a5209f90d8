import { ref } from 'vue'

interface Pending {
  message: string
  detail: string
  resolve: (ok: boolean) => void
}

const pending = ref<Pending | undefined>()

/** An in-app confirmation (no blocking native dialog): `await confirm(…)` resolves true or false. */
export function useConfirm() {
  function confirm(message: string, detail = ''): Promise<boolean> {
    pending.value?.resolve(false)
    return new Promise((resolve) => (pending.value = { message, detail, resolve }))
  }
  function answer(ok: boolean): void {
    pending.value?.resolve(ok)
    pending.value = undefined
  }
  return { pending, confirm, answer }
}
