/**
 * Flow-control and batching constants in one place (after VS Code's FlowControlConstants), shared by main (which pauses) and the renderer (which acknowledges):
 * the PTY is paused when the renderer has this many characters it has not yet acknowledged
 * from xterm's write callback, and resumed once it catches up.
 */
export const FlowControl = {
  /** Unacknowledged characters above which the PTY is paused. */
  HighWatermarkChars: 100_000,
  /** Unacknowledged characters below which a paused PTY resumes. */
  LowWatermarkChars: 5_000,
  /** The renderer acknowledges in steps of this many characters. */
  CharCountAckSize: 5_000,
  /** Output is sent at most this often... */
  BatchIntervalMs: 5,
  /** ...or as soon as this many characters are waiting. */
  BatchMaxChars: 64_000,
} as const
