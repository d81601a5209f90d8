import { computed, onBeforeUnmount, ref } from 'vue'
import { useSettingsStore } from '../stores/settings'

/** 'dark' or 'light': the learner's choice, or the OS's (updating live when it changes). */
export function useColorScheme() {
  const settings = useSettingsStore()
  const query = window.matchMedia('(prefers-color-scheme: dark)')
  const os = ref<'dark' | 'light'>(query.matches ? 'dark' : 'light')
  const onChange = (e: MediaQueryListEvent): void => {
    os.value = e.matches ? 'dark' : 'light'
  }
  query.addEventListener('change', onChange)
  onBeforeUnmount(() => query.removeEventListener('change', onChange))
  return computed(() => (settings.theme === 'system' ? os.value : settings.theme))
}
