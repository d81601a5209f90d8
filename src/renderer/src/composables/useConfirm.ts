import { ref } from 'vue'

interface Pending {
  message: string
  detail: string
  /** The confirming button's words ("Reset chapter"); "Run anyway" when not given. */
  okLabel: string | undefined
  resolve: (ok: boolean) => void
}

const pending = ref<Pending | undefined>()

/** An in-app confirmation (no blocking native dialog): `await confirm(…)` resolves true or false. */
export function useConfirm() {
  function confirm(message: string, detail = '', okLabel?: string): Promise<boolean> {
    pending.value?.resolve(false)
    return new Promise((resolve) => (pending.value = { message, detail, okLabel, resolve }))
  }
  function answer(ok: boolean): void {
    pending.value?.resolve(ok)
    pending.value = undefined
  }
  return { pending, confirm, answer }
}
