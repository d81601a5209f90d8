import type { IDecoration, IMarker, Terminal } from '@xterm/xterm'
import { OSC_633, readForwardedMark } from '@shared/osc633'

export interface GutterCommand {
  commandId: string
  marker: IMarker
  exitCode?: number | null
  decoration?: IDecoration
}

/**
 * The command gutter: main leaves sanitized OSC 633 marks in the output (C;<id> when a command
 * starts, D;<id>;<exit> when it ends); this places a marker at each command's line and, when it
 * finishes, a coloured bar with its exit status. It also lets the user jump between commands.
 */
export class CommandGutter {
  readonly commands: GutterCommand[] = []
  /** Command ids main announced (a `runs.updated` of a running command) whose C mark has not arrived yet. */
  private readonly announced = new Set<string>()

  /** `describe` words a finished command's result for its mark's tooltip, in the UI's language. */
  constructor(
    private readonly term: Terminal,
    private readonly describe: (exitCode: number | null) => string = (code) => `exit ${code ?? '?'}`,
  ) {
    term.parser.registerOscHandler(OSC_633, (data) => this.onMark(data))
    // A full reset (RIS: `reset`, or a screen rebuilt from main's replay) drops the buffer and its decorations: the
    // commands go with them, in order with the output around it. False: xterm's own reset still runs.
    term.parser.registerEscHandler({ final: 'c' }, () => {
      this.commands.length = 0
      return false
    })
  }

  /**
   * Main announces each command before its mark reaches the output. A mark for any other id is not ours (main strips
   * every OSC 633 from program output; this is the second lock), and draws nothing.
   */
  announce(commandId: string): void {
    this.announced.add(commandId)
    // Bounded: ids whose mark never came (a reload in between) are forgotten oldest first.
    if (this.announced.size > 256) this.announced.delete(this.announced.values().next().value ?? '')
  }

  private onMark(data: string): boolean {
    const mark = readForwardedMark(data)
    if (mark?.type === 'C' && this.announced.delete(mark.commandId)) {
      const marker = this.term.registerMarker(0)
      if (marker) this.commands.push({ commandId: mark.commandId, marker })
    } else if (mark?.type === 'D') {
      const cmd = this.commands.find((c) => c.commandId === mark.commandId)
      if (cmd) this.finish(cmd, mark.exitCode)
    }
    // Swallowed: the marks are ours, never meant to be printed.
    return true
  }

  private finish(cmd: GutterCommand, exitCode: number | null): void {
    cmd.exitCode = exitCode
    const ok = exitCode === 0
    const decoration = this.term.registerDecoration({
      marker: cmd.marker,
      x: 0,
      width: 1,
      layer: 'top',
      overviewRulerOptions: { color: ok ? '#3fb950' : '#f85149', position: 'left' },
    })
    decoration?.onRender((el) => {
      el.classList.add('wb-gutter-mark', ok ? 'ok' : 'failed')
      el.title = this.describe(exitCode)
      el.dataset.exitCode = String(exitCode ?? '')
    })
    if (decoration) cmd.decoration = decoration
  }

  /** Scrolls to the previous (-1) or next (+1) command from the top of the viewport. */
  jump(direction: -1 | 1): void {
    const top = this.term.buffer.active.viewportY
    const lines = this.commands.map((c) => c.marker.line).filter((l) => l >= 0)
    const target = direction < 0 ? lines.filter((l) => l < top).pop() : lines.find((l) => l > top)
    if (target !== undefined) this.term.scrollToLine(target)
  }
}
