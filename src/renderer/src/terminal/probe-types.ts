/** What end-to-end tests can read of each xterm (see test-hook.ts). Dependency-free so tests can import it. */
export interface TerminalProbe {
  /** Each row of the active buffer as text, trailing blanks trimmed. */
  lines(terminalId: string): string[]
  /** The cell widths of one buffer row (2 for a wide CJK character, 0 for its trailing half). */
  widths(terminalId: string, row: number): number[]
  gutter(terminalId: string): Array<{ exitCode: string }>
  /** Every command the gutter knows (on screen or not): its buffer line, and its exit code or 'running'. */
  commands(terminalId: string): Array<{ line: number; exitCode: string }>
  /** The grid xterm draws: columns, rows, and the buffer line at the top of the viewport. */
  grid(terminalId: string): { cols: number; rows: number; viewportY: number }
  /** The background colour xterm paints with now (its theme follows the app's). */
  background(terminalId: string): string
  /** Since the terminal opened: how many times xterm drew rows on the screen, and how many rows it drew in all. */
  drawn(terminalId: string): { draws: number; rows: number }
  /** Resolves once xterm has parsed everything written to it so far (benchmarks time the renderer with it). */
  flushed(terminalId: string): Promise<void>
  /** Types as the user would: through xterm's input, so it takes the same path as a keypress. */
  type(terminalId: string, data: string): void
  /** Resolves once xterm has parsed `text` just before the cursor (an echo of what was typed). */
  echoed(terminalId: string, text: string): Promise<void>
}
