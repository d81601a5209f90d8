import type { WhalebookApi } from '../shared/transport'

declare global {
  interface Window {
    /** Present under Electron (the preload); absent in a browser, where the WebSocket bridge stands in. */
    api?: WhalebookApi
  }
}
