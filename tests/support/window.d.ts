import type { WhalebookApi } from '../../src/shared/transport'

declare global {
  interface Window {
    api?: WhalebookApi
    __whalebook?: WhalebookApi
  }
}
