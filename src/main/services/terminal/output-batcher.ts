import { FlowControl } from './flow-control'

/** Coalesces PTY output into few, bounded messages: many tiny IPC messages cost more than the bytes. */
export class OutputBatcher {
  private buffer = ''
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly flushTo: (data: string) => void,
    private readonly intervalMs: number = FlowControl.BatchIntervalMs,
    private readonly maxChars: number = FlowControl.BatchMaxChars,
    /** True when the consumer has (almost) nothing left to do: then waiting only adds an idle gap. */
    private readonly consumerIdle: () => boolean = () => false,
  ) {}

  push(data: string): void {
    if (!data) return
    this.buffer += data
    if (this.buffer.length >= this.maxChars || this.consumerIdle()) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (!this.buffer) return
    const data = this.buffer
    this.buffer = ''
    this.flushTo(data)
  }

  dispose(): void {
    this.flush()
  }
}
