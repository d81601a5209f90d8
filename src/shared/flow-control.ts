/**
 * Flow-control and batching constants in one place (after VS Code's FlowControlConstants), shared by main (which pauses) and the renderer (which acknowledges):
 * the PTY is paused when the renderer has this many characters it has not yet acknowledged
 * from xterm's write callback, and resumed once it catches up.
 */
export const FlowControl = {
  /**
   * Unacknowledged characters above which the PTY is paused. Eight times VS Code's 100 000: what is in flight must
   * cover the round trip (an acknowledgement step, the resume, the PTY's reads, a full batch, a message) at xterm's
   * parsing speed, or xterm waits once per pause, and xterm parses 400 000 characters in about 5 ms. Measured end to
   * end into xterm, as a share of its own ceiling, five runs each side by side (2 cores, load 3): 400 000 / 200 000 →
   * median 0.84, 800 000 / 600 000 → 0.98, 800 000 / 700 000 → 0.99, 1 200 000 / 1 000 000 → 0.99. At most 865 536
   * characters (under 2 MB) wait per terminal.
   */
  HighWatermarkChars: 800_000,
  /**
   * Unacknowledged characters below which a paused PTY resumes: close under the high watermark, so that what xterm
   * still holds when output resumes (at least this, less one acknowledgement step) outlasts the trip back to it.
   */
  LowWatermarkChars: 600_000,
  /**
   * The renderer acknowledges in steps of this many characters. Each acknowledgement is a message to main and, over the
   * WebSocket bridge, an answer back: in steps of 5 000 the page sent one per output message, and handling them cost
   * the page's one thread more than a tenth of its time under a flood; in steps of 65 536, 1 600 per 100 MiB still
   * cost it about a tenth of a second (the page's flood 25.7 against 27.8 MiB/s, mean of 12 runs each, interleaved). At
   * most the low watermark (a test holds it), so that what xterm has parsed and not yet acknowledged can never keep a
   * paused PTY paused: after a pause, at most two steps bring it under the low watermark.
   */
  CharCountAckSize: 262_144,
  /** Output is sent at most this often... */
  BatchIntervalMs: 5,
  /**
   * ...or as soon as this many characters are waiting. One PTY read (libuv reads at most 64 KiB) fits whole: a flood
   * is passed on read by read, never cut and joined again (which copied every byte once more in main).
   */
  BatchMaxChars: 65_536,
  /** A hidden tab's output is handed to xterm this many characters per animation frame, the rest of it left to others. */
  HiddenSliceChars: 32_000,
  /**
   * Characters of each terminal's recent output main keeps for a page that reattaches (a reload, a reconnect): a few
   * thousand lines of scrollback. Below the high watermark, so a page that attaches is never paused by its replay
   * alone; it counts as unacknowledged until the page has parsed it.
   */
  ReplayMaxChars: 256_000,
} as const
