import { FlowControl } from '@shared/flow-control'

/** The part of xterm the pacer needs (`@xterm/xterm` and `@xterm/headless` both have it). */
export interface Writable {
  write(data: string, callback?: () => void): void
}

/**
 * Feeds a terminal's output to xterm: straight through while its tab is shown, in slices with a yield between them
 * while it is hidden. xterm parses in 12 ms bursts; a hidden tab flooding at full speed would fill the renderer's
 * main thread with them, and the keypress echoes of the tab the user is typing in would queue behind (bench:terminal
 * measured it). Each slice is acknowledged when parsed, so a hidden flood is slowed by flow control, not buffered
 * here without bound; showing the tab hands everything queued to xterm at once, in order.
 */
export class WritePacer {
  private queue: string[] = []
  private background = false
  private sliceInFlight = false
  private disposed = false

  constructor(
    private readonly term: Writable,
    private readonly parsed: (chars: number) => void,
    private readonly sliceChars: number = FlowControl.HiddenSliceChars,
    private readonly yieldToOthers: (next: () => void) => void = (next) => setTimeout(next, 0),
  ) {}

  write(data: string): void {
    if (this.disposed || !data) return
    // In front, nothing is ever queued (showing the tab drained it), so output goes straight through, in order.
    if (!this.background) return this.writeNow(data)
    this.queue.push(data)
    this.pump()
  }

  setBackground(background: boolean): void {
    this.background = background
    if (!background) this.drainAll()
  }

  /** Characters received but not yet handed to xterm. */
  get queued(): number {
    return this.queue.reduce((n, d) => n + d.length, 0)
  }

  /** Drops what is queued and not yet handed to xterm (the screen is about to be rebuilt from a replay). */
  discard(): void {
    this.queue = []
  }

  dispose(): void {
    this.disposed = true
    this.queue = []
  }

  private writeNow(data: string): void {
    this.term.write(data, () => this.parsed(data.length))
  }

  private drainAll(): void {
    const pending = this.queue
    this.queue = []
    for (const data of pending) this.writeNow(data)
  }

  private pump(): void {
    if (this.sliceInFlight || !this.background || this.disposed) return
    const slice = this.takeSlice()
    if (!slice) return
    this.sliceInFlight = true
    this.term.write(slice, () => {
      this.parsed(slice.length)
      this.yieldToOthers(() => {
        this.sliceInFlight = false
        this.pump()
      })
    })
  }

  private takeSlice(): string {
    let slice = ''
    while (this.queue.length && slice.length < this.sliceChars) {
      const head = this.queue[0] ?? ''
      const room = this.sliceChars - slice.length
      if (head.length <= room) {
        slice += head
        this.queue.shift()
      } else {
        // A cut between the halves of a surrogate pair is fine: xterm's decoder carries the first half over.
        slice += head.slice(0, room)
        this.queue[0] = head.slice(room)
      }
    }
    return slice
  }
}
