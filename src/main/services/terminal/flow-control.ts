import { FlowControl } from '@shared/flow-control'

export { FlowControl }

/** Counts characters in flight and says when to pause or resume the producer. */
export class FlowController {
  private unacked = 0
  private paused = false
  /** Highest unacknowledged count seen: tests and benchmarks hold it to the watermark. */
  maxUnacked = 0
  pauses = 0

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  sent(chars: number): void {
    this.unacked += chars
    if (this.unacked > this.maxUnacked) this.maxUnacked = this.unacked
    if (!this.paused && this.unacked > FlowControl.HighWatermarkChars) {
      this.paused = true
      this.pauses++
      this.pause()
    }
  }

  acknowledged(chars: number): void {
    this.unacked = Math.max(0, this.unacked - chars)
    if (this.paused && this.unacked < FlowControl.LowWatermarkChars) {
      this.paused = false
      this.resume()
    }
  }

  get isPaused(): boolean {
    return this.paused
  }

  get unacknowledged(): number {
    return this.unacked
  }
}
