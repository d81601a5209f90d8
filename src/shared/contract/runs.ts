import { z } from 'zod'
import { DockerFailure } from './failure'
import { Effects } from './resources'
import { TerminalId } from './terminal'
import { StepCheck, StepDifference } from './tutorial'

/** One API call the command's docker CLI made through its terminal's engine proxy. */
export const RunExchange = z.object({
  method: z.string(),
  /** The request target as sent, cut at 512 characters. */
  path: z.string(),
  /** The engine's status; 0 while in flight, or when no answer came (the client went away, the engine failed). */
  status: z.number().int(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
})
export type RunExchange = z.infer<typeof RunExchange>

/** An engine event the command's answers claimed. */
export const RunEvent = z.object({
  type: z.string(),
  action: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  time: z.number(),
})
export type RunEvent = z.infer<typeof RunEvent>

/** What a step's run did, checked against what its command is meant to do (not just its exit code). */
export const RunVerdict = z.object({
  /** `verified`: everything it is meant to do happened; `differs`: see `differences`. */
  status: z.enum(['verified', 'differs']),
  /** What was checked beyond the exit code, and held. */
  checked: z.array(StepCheck),
  differences: z.array(StepDifference),
  at: z.number(),
})
export type RunVerdict = z.infer<typeof RunVerdict>

/** The most exchanges and events a run keeps (a build or a compose up may make hundreds; the first ones tell). */
export const RUN_LIMITS = { exchanges: 64, events: 64, commandLine: 4000, outputTail: 4000 } as const

/**
 * One command run in one of the app's terminals, from its start mark to its effects: the one record of it. Made when
 * the shell reports the command's start (typed or sent by a step's Run), completed as its end, its engine changes and
 * (for a step) its verification come in; each change is pushed as `runs.updated`, and the lab log keeps exactly this.
 */
export const CommandRun = z.object({
  runId: z.string(),
  terminalId: TerminalId,
  /** The shell command's id, as the terminal's gutter marks it. */
  commandId: z.string(),
  /** The chapter step it ran for (`terminal.run`'s `stepId`); null for a command typed by hand. */
  stepId: z.string().nullable(),
  /** Its step's chapter, or the chapter open when it was typed; null before any. */
  chapterId: z.string().nullable(),
  commandLine: z.string().max(RUN_LIMITS.commandLine),
  cwd: z.string(),
  /** The shell's own clock at its start and end marks (ms). */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  /** `running`; `ended` (its end mark is in, its effects not yet); `settled` (its effects are known). */
  state: z.enum(['running', 'ended', 'settled']),
  /**
   * True when its terminal talks to the engine without the app's proxy (an ssh:// engine): its effects are then
   * attributed by time alone.
   */
  approximate: z.boolean(),
  /** For a failed command and any step's run: the end of what it printed, as plain text. */
  outputTail: z.string().max(RUN_LIMITS.outputTail).nullable(),
  exchanges: z.array(RunExchange).max(RUN_LIMITS.exchanges),
  events: z.array(RunEvent).max(RUN_LIMITS.events),
  effects: Effects.nullable(),
  /** A step's verification; null for a command typed by hand, and until judged. */
  verdict: RunVerdict.nullable(),
  /** For a failed command: why, read once from its own output and command line (null when its words say nothing known). */
  failure: DockerFailure.nullable(),
})
export type CommandRun = z.infer<typeof CommandRun>

export const runsMethods = {
  /**
   * The runs main holds now (its latest 200, oldest first), the one in progress included: a page that (re)loads
   * during a command gets its run, which the lab log (ended runs only) does not have yet.
   */
  'runs.list': { params: z.object({}).strict(), result: z.array(CommandRun) },
} as const

export const runsEvents = {
  /** A command run was made or changed (ended, its effects in, its step judged). */
  'runs.updated': CommandRun,
} as const
