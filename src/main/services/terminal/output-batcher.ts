import { FlowControl } from './flow-control'

export interface BatcherOptions {
  intervalMs?: number
  maxChars?: number
  /** True when the consumer has (almost) nothing left to do: then waiting only adds an idle gap. */
  consumerIdle?: () => boolean
  /** True while the consumer is over its watermark: output waits here, bounded, until it catches up. */
  held?: () => boolean
}

/**
 * Coalesces PTY output into few, bounded messages: many tiny IPC messages cost more than the bytes. No message
 * exceeds `maxChars`, and nothing is sent while the consumer is held back.
 *
 * Under a flood every byte passes here, so nothing is copied that need not be: pieces wait in a list (not one string
 * grown by `+=`, which the engine flattens, copying everything waiting, each time a message is cut from it), a piece
 * that fits is sent as the very string that came in, and only a piece longer than a message is cut.
 */
export class OutputBatcher {
  private pieces: string[] = []
  private waiting = 0
  private timer: NodeJS.Timeout | undefined
  private readonly intervalMs: number
  private readonly maxChars: number

  constructor(
    private readonly flushTo: (data: string) => void,
    private readonly options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? FlowControl.BatchIntervalMs
    this.maxChars = options.maxChars ?? FlowControl.BatchMaxChars
  }

  /** Characters waiting to be sent. */
  get pending(): number {
    return this.waiting
  }

  push(data: string): void {
    if (!data) return
    this.pieces.push(data)
    this.waiting += data.length
    if (this.options.consumerIdle?.()) return this.flush()
    if (this.waiting >= this.maxChars) this.sendFull()
    if (this.waiting > 0) this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }

  /**
   * Sends the messages that are full and leaves the rest to wait for more output (or the timer). A flood comes in
   * reads of a few KiB that seldom add up to a message exactly: sending the remainder too made every other message a
   * single read, and each message costs the renderer more than its bytes.
   */
  private sendFull(): void {
    let sent = false
    while (this.waiting >= this.maxChars && !this.options.held?.()) {
      this.flushTo(this.take(this.maxChars))
      sent = true
    }
    if (!sent) return
    // The remainder waits at most one interval from now.
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Sends what is waiting, in messages of at most maxChars, stopping as soon as the consumer is held. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.waiting > 0 && !this.options.held?.()) this.flushTo(this.take(this.maxChars))
  }

  /** Sends everything, held or not (the shell exited or was killed). */
  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.waiting > 0) this.flushTo(this.take(this.maxChars))
  }

  /** The next message: whole pieces while they fit, the first of them cut if it alone is too long. */
  private take(max: number): string {
    const first = this.pieces[0] ?? ''
    if (first.length >= max) {
      const message = first.length === max ? first : first.slice(0, max)
      if (first.length === max) this.pieces.shift()
      else this.pieces[0] = first.slice(max)
      this.waiting -= max
      return message
    }
    let message = ''
    let n = 0
    while (n < this.pieces.length && message.length + (this.pieces[n]?.length ?? 0) <= max) message += this.pieces[n++]
    this.pieces.splice(0, n)
    this.waiting -= message.length
    return message
  }
}
