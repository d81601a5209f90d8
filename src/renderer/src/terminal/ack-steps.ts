import { FlowControl } from '@shared/flow-control'

/**
 * Counts what xterm has parsed and acknowledges it to main in steps of `step` characters: one message per step, not
 * one per write. What is left below a step waits for the next output; the step is at most main's low watermark, so
 * that remainder can never keep a paused PTY paused.
 */
export class AckSteps {
  private pending = 0

  constructor(
    private readonly send: (chars: number) => void,
    private readonly step: number = FlowControl.CharCountAckSize,
  ) {}

  parsed(chars: number): void {
    this.pending += chars
    if (this.pending >= this.step) this.flush()
  }

  /**
   * Acknowledges what is pending now, step or not: a replay, which main counted in full when it handed it over and
   * may be all the output there is for a while.
   */
  flush(): void {
    const n = this.pending
    this.pending = 0
    if (n > 0) this.send(n)
  }

  /** Main starts counting this page afresh (it attached again): nothing from before is owed. */
  reset(): void {
    this.pending = 0
  }
}
