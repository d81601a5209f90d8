import type { Terminal } from '@xterm/xterm'

/** The one internal of xterm's this reads: its core service's event for data that is the user's. */
interface WithCoreService {
  _core?: { coreService?: { onUserInput?: (listener: () => void) => { dispose(): void } } }
}

export interface UserInput {
  /** Whether the data xterm is sending now is the user's; asked once per `onData`, from its listener. */
  take(): boolean
  dispose(): void
}

/**
 * Tells the user's input apart from xterm's own answers. xterm sends both through `onData`: what the user types,
 * pastes, composes or clicks (a mouse report in the SGR, UTF-8 or URXVT encodings), and its parser's answers to
 * queries in the output (a cursor position, its device attributes). Only xterm knows which is which, and says so only
 * through an internal event fired just before `onData`, in the same call. Without it (a later xterm that moved it),
 * nothing counts as the user's and a replay drops keys typed while it is parsed; the end-to-end suite checks this.
 */
export function watchUserInput(term: Terminal): UserInput {
  let pending = false
  const sub = (term as unknown as WithCoreService)._core?.coreService?.onUserInput?.(() => (pending = true))
  return {
    take: () => {
      const was = pending
      pending = false
      return was
    },
    dispose: () => sub?.dispose(),
  }
}
