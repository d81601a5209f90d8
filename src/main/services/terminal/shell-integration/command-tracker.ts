import type { Mark } from './marks'

export interface TrackedCommand {
  commandId: string
  commandLine: string
  cwd: string
  startedAt: number
}

export interface FinishedCommand extends TrackedCommand {
  exitCode: number | null
  finishedAt: number
}

export type TrackerEvent = { kind: 'started'; command: TrackedCommand } | { kind: 'finished'; command: FinishedCommand }

/**
 * A line that is no command of the learner's: empty (or blank), or the shell integration's own functions (`__wb_…`),
 * which a shell may report when it runs its prompt hook with no command before it.
 */
export function isNoCommand(commandLine: string): boolean {
  return /^\s*(?:__wb_\w*\s*)?$/.test(commandLine)
}

/**
 * Turns the stream of marks into command lifecycles: what ran, where, when, and how it ended. A start with no command
 * (see isNoCommand) makes no record, and its end is ignored.
 */
export class CommandTracker {
  private commandLine: string | undefined
  private current: TrackedCommand | undefined
  private seen = false
  cwd: string

  constructor(
    initialCwd: string,
    private readonly newId: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.cwd = initialCwd
  }

  /** True once the shell has sent any valid mark: its integration is live. */
  get active(): boolean {
    return this.seen
  }

  get running(): TrackedCommand | undefined {
    return this.current
  }

  /** The shell's `$EPOCHREALTIME` (seconds, microseconds) in ms, when it sent one that makes sense. */
  private shellTime(arg: string | undefined): number | undefined {
    const t = Number(arg)
    if (!arg || !Number.isFinite(t) || t <= 0) return undefined
    const ms = Math.round(t * 1000)
    // A wildly different clock (another host over ssh, a broken value) is worse than our own.
    return Math.abs(ms - this.now()) < 60_000 ? ms : undefined
  }

  onMark(mark: Mark): TrackerEvent | undefined {
    this.seen = true
    switch (mark.type) {
      case 'E':
        this.commandLine = mark.args[0] ?? ''
        return undefined
      case 'P': {
        const cwd = mark.args.find((a) => a.startsWith('Cwd='))
        if (cwd) this.cwd = cwd.slice(4)
        return undefined
      }
      case 'C': {
        const commandLine = this.commandLine ?? ''
        this.commandLine = undefined
        if (isNoCommand(commandLine)) return undefined
        // The shell's own clock: under a flood main reads the mark late, and engine events must fall in the window.
        this.current = {
          commandId: this.newId(),
          commandLine,
          cwd: this.cwd,
          startedAt: this.shellTime(mark.args[0]) ?? this.now(),
        }
        return { kind: 'started', command: this.current }
      }
      case 'D': {
        const command = this.current
        this.current = undefined
        if (!command) return undefined
        const code = Number.parseInt(mark.args[0] ?? '', 10)
        const finishedAt = Math.max(command.startedAt, this.shellTime(mark.args[1]) ?? this.now())
        return { kind: 'finished', command: { ...command, exitCode: Number.isNaN(code) ? null : code, finishedAt } }
      }
      default:
        return undefined
    }
  }
}
