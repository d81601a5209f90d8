/**
 * Flow-control and batching constants in one place (after VS Code's FlowControlConstants):
 * the PTY is paused when the renderer has this many characters it has not yet acknowledged
 * from xterm's write callback, and resumed once it catches up.
 */
export const enum FlowControl {
  /** Unacknowledged characters above which the PTY is paused. */
  HighWatermarkChars = 100_000,
  /** Unacknowledged characters below which a paused PTY resumes. */
  LowWatermarkChars = 5_000,
  /** The renderer acknowledges in steps of this many characters. */
  CharCountAckSize = 5_000,
  /** Output is sent at most this often... */
  BatchIntervalMs = 5,
  /** ...or as soon as this many characters are waiting. */
  BatchMaxChars = 200_000,
}

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
