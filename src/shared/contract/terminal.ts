import { z } from 'zod'
import { NoParams, Ok } from './common'

/** A chapter step's id: `<chapterId>/<n>`, the same in both editions. */
export const StepId = z.string().regex(/^(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-z]{1,16})\/\d{1,4}$/)

export const TerminalId = z.string().min(1).max(64)
/** Bounded so a bad resize (0, negative, NaN, 1e9) is a BAD_REQUEST, never a PTY error. */
const Cols = z.number().int().min(2).max(1000)
const Rows = z.number().int().min(1).max(500)

export const TerminalInfo = z.object({
  terminalId: TerminalId,
  shell: z.string(),
  pid: z.number().int(),
  cwd: z.string(),
  /** Which integration script the shell was started with. */
  integration: z.enum(['bash', 'zsh', 'none']),
  /** True once the shell has sent a valid mark: command events will flow. */
  integrationActive: z.boolean(),
  state: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
  /** A command is running (between its C and D marks). */
  busy: z.boolean(),
  cols: z.number().int(),
  rows: z.number().int(),
  /** The engine its docker CLI talks to (DOCKER_HOST or context it started with). */
  engine: z.string(),
})
export type TerminalInfo = z.infer<typeof TerminalInfo>

/** A position in a terminal's output stream: every character it has sent, counted from 0 (kept across a restart). */
const StreamPosition = z.number().int().min(0)
/** Any character past U+00FF: text that has one is not bytes. */
const NOT_A_BYTE = /[\u0100-\uffff]/
/** Whether each character of `text` is one byte (U+0000 to U+00FF): what `terminal.write` may send as `binary`. */
export const isBytes = (text: string): boolean => !NOT_A_BYTE.test(text)

/**
 * The output a page that (re)attaches has not seen, from main's bounded replay buffer: `data` runs from stream position
 * `start` to `end`. `start` is the `since` asked for when the buffer still held it (append `data`), else where the
 * buffer begins (clear the screen, then write `data`). The gutter's command marks travel in `data`; `commandIds` are the
 * commands whose start mark is in it, which main announces here as the runs it pushes do.
 */
export const TerminalReplay = z.object({
  start: StreamPosition,
  end: StreamPosition,
  data: z.string(),
  commandIds: z.array(z.string()),
})
export type TerminalReplay = z.infer<typeof TerminalReplay>

export const TerminalAttachment = z.object({ info: TerminalInfo, replay: TerminalReplay })
export type TerminalAttachment = z.infer<typeof TerminalAttachment>

export const terminalMethods = {
  'terminal.create': {
    params: z
      .object({
        cols: Cols,
        rows: Rows,
        /** An absolute directory; the home folder when omitted. */
        cwd: z.string().min(1).max(4096).optional(),
        /** A shell to use instead of $SHELL. */
        shell: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    result: TerminalInfo,
  },
  'terminal.list': { params: NoParams, result: z.array(TerminalInfo) },
  /**
   * Keystrokes, as text (written as UTF-8). `binary`: each character of `data` is one byte, written as it is: a mouse
   * report in the X10 encoding, whose coordinates past column 95 are bytes no UTF-8 text can carry.
   */
  'terminal.write': {
    params: z
      .object({ terminalId: TerminalId, data: z.string().max(256 * 1024), binary: z.boolean().optional() })
      .strict()
      .refine((p) => !p.binary || isBytes(p.data), {
        message: 'binary data holds bytes only (characters U+0000 to U+00FF)',
        path: ['data'],
      }),
    result: Ok,
  },
  'terminal.resize': { params: z.object({ terminalId: TerminalId, cols: Cols, rows: Rows }).strict(), result: Ok },
  /**
   * The calling client shows this terminal and gets back what it has not seen of its output (the replay; all the buffer
   * holds without `since`). Its `terminal.ack`s count from now on, starting from the replay's length, which it
   * acknowledges as it parses it like any output (call it again after a reload or reconnect). Output is paused while
   * any attached client is over the watermark.
   */
  'terminal.attach': {
    params: z.object({ terminalId: TerminalId, since: StreamPosition.optional() }).strict(),
    result: TerminalAttachment,
  },
  'terminal.ack': {
    params: z.object({ terminalId: TerminalId, chars: z.number().int().min(0).max(100_000_000) }).strict(),
    result: Ok,
  },
  'terminal.kill': { params: z.object({ terminalId: TerminalId }).strict(), result: Ok },
  /** Starts a fresh shell under the same id, e.g. after `exit`. */
  'terminal.restart': {
    params: z.object({ terminalId: TerminalId, cwd: z.string().min(1).max(4096).optional() }).strict(),
    result: TerminalInfo,
  },
  /**
   * Sends a command as if pasted and Enter pressed. TERMINAL_BUSY while another command runs, unless `force` (then it
   * goes to the running program's input, as typing would, and is no run of its own). When the shell starts it, its
   * `CommandRun` (pushed as `runs.updated`) carries this `runId` (one of main's when not given) and `stepId`.
   */
  'terminal.run': {
    params: z
      .object({
        terminalId: TerminalId,
        command: z
          .string()
          .min(1)
          .max(64 * 1024),
        force: z.boolean().optional(),
        runId: z.string().min(1).max(128).optional(),
        /** The chapter step this command runs for. */
        stepId: StepId.optional(),
      })
      .strict(),
    result: z.object({ runId: z.string() }),
  },
} as const

export const terminalEvents = {
  /**
   * A piece of output. `offset`: the stream position of its first character, to join the replay without a gap or a
   * repeat; `chars`: its length in characters (UTF-16 code units), what the stream positions and `terminal.ack` count.
   * `data`: the text, or its UTF-8 bytes; the serve bridge carries it as bytes (see ws-binary-event.ts).
   */
  'terminal.data': z.object({
    terminalId: TerminalId,
    data: z.union([z.string(), z.instanceof(Uint8Array)]),
    offset: StreamPosition,
    chars: StreamPosition,
  }),
  'terminal.updated': TerminalInfo,
} as const
