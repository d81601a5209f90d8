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
 * Coalesces PTY output into few, bounded messages: many tiny IPC messages cost more than the
 * bytes. No message exceeds `maxChars`, and nothing is sent while the consumer is held back.
 */
export class OutputBatcher {
  private buffer = ''
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

  push(data: string): void {
    if (!data) return
    this.buffer += data
    if (this.buffer.length >= this.maxChars || this.options.consumerIdle?.()) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }

  /** Sends what is waiting, in messages of at most maxChars, stopping as soon as the consumer is held. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.buffer && !this.options.held?.()) {
      const data = this.buffer.slice(0, this.maxChars)
      this.buffer = this.buffer.slice(data.length)
      this.flushTo(data)
    }
  }

  /** Sends everything, held or not (the shell exited or was killed). */
  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.buffer) this.flushTo(this.buffer)
    this.buffer = ''
  }
}
