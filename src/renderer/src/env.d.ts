/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

/** True only in the end-to-end build (`npm run build:e2e`): test probes are compiled in. */
declare const __WHALEBOOK_TEST_HOOKS__: boolean
