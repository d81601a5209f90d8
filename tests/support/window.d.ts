import type { WhalebookApi } from '../../src/shared/transport'
import type { TerminalProbe } from '../../src/renderer/src/terminal/probe-types'

declare global {
  interface Window {
    api?: WhalebookApi
    __whalebook?: WhalebookApi
    __whalebookTerminals?: TerminalProbe
    __whalebookOnReplay?: (terminalId: string) => void
  }
}
