import { onBeforeUnmount, ref } from 'vue'

/** 'dark' or 'light', following the OS and updating live when it changes. */
export function useColorScheme() {
  const query = window.matchMedia('(prefers-color-scheme: dark)')
  const scheme = ref<'dark' | 'light'>(query.matches ? 'dark' : 'light')
  const onChange = (e: MediaQueryListEvent): void => {
    scheme.value = e.matches ? 'dark' : 'light'
  }
  query.addEventListener('change', onChange)
  onBeforeUnmount(() => query.removeEventListener('change', onChange))
  return scheme
}
