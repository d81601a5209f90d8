import type { EngineStatus } from '@shared/contract'
import { sameStatus, type EngineService } from './engine-service'

/**
 * Pings the engine on an interval and reports only transitions (up, down, another problem),
 * so a stopped daemon shows in the status bar within one interval without flooding events.
 */
export class EngineLiveness {
  private timer: NodeJS.Timeout | undefined
  private last: EngineStatus | undefined
  private inFlight: Promise<EngineStatus> | undefined

  constructor(
    private readonly engine: EngineService,
    private readonly onChange: (status: EngineStatus) => void,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    if (this.timer) return
    void this.tick()
    this.timer = setInterval(() => void this.tick(), this.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** Probe now (a user's "retry", a switch of engine); reports a change like a timer tick would. */
  async tick(): Promise<EngineStatus> {
    // A probe already under way may be of the engine before a switch: wait for it, then probe afresh.
    while (this.inFlight) await this.inFlight.catch(() => undefined)
    this.inFlight = this.engine.probe()
    try {
      const status = await this.inFlight
      if (!sameStatus(this.last, status)) this.onChange(status)
      this.last = status
      return status
    } finally {
      this.inFlight = undefined
    }
  }
}
