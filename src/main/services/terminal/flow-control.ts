import { FlowControl } from '@shared/flow-control'

export { FlowControl }

/**
 * Counts the characters each attached client has not yet acknowledged and says when to pause or resume the
 * producer. Every client counts on its own: one client's acknowledgement never releases output another has not
 * consumed, and the PTY runs only while every attached client is under the watermark. Attaching (again) starts a
 * client at what it is handed then (its replay), as VS Code does on reconnect: a reloaded page never inherits what its
 * predecessor left unread, and the replay it acknowledges as it parses it is counted as sent.
 */
export class FlowController {
  private readonly clients = new Map<string, number>()
  private paused = false
  /** Highest unacknowledged count seen: tests and benchmarks hold it to the watermark. */
  maxUnacked = 0
  pauses = 0

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  /** `backlog`: characters handed to the client with its attachment (its replay), which it will acknowledge too. */
  attach(clientId: string, backlog = 0): void {
    this.clients.set(clientId, backlog)
    this.settle()
    this.check()
  }

  detach(clientId: string): void {
    if (this.clients.delete(clientId)) this.settle()
  }

  get attachedClients(): string[] {
    return [...this.clients.keys()]
  }

  sent(chars: number): void {
    for (const [id, n] of this.clients) this.clients.set(id, n + chars)
    this.check()
  }

  private check(): void {
    const worst = this.unacknowledged
    if (worst > this.maxUnacked) this.maxUnacked = worst
    if (!this.paused && worst > FlowControl.HighWatermarkChars) {
      this.paused = true
      this.pauses++
      this.pause()
    }
  }

  /** A client that never attached (or was detached) counts for nothing: its acknowledgements are ignored. */
  acknowledged(clientId: string, chars: number): void {
    const n = this.clients.get(clientId)
    if (n === undefined) return
    this.clients.set(clientId, Math.max(0, n - chars))
    this.settle()
  }

  private settle(): void {
    if (this.paused && this.unacknowledged < FlowControl.LowWatermarkChars) {
      this.paused = false
      this.resume()
    }
  }

  get isPaused(): boolean {
    return this.paused
  }

  /**
   * Every client owes less than one acknowledgement step (the page acknowledges in steps, so what it owes below one is
   * never acknowledged until more comes, parsed or not): output is then sent at once, not after a batch window, so that
   * a keystroke's echo is not held back by the output before it.
   */
  get caughtUp(): boolean {
    return this.unacknowledged < FlowControl.CharCountAckSize
  }

  /** The slowest attached client's backlog; 0 with no client attached. */
  get unacknowledged(): number {
    let worst = 0
    for (const n of this.clients.values()) if (n > worst) worst = n
    return worst
  }
}
