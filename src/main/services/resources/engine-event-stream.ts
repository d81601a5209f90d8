import type Docker from 'dockerode'
import { JsonLines } from '@shared/docker/json-lines'
import type { EngineEvent } from '../engine/engine-event'

export interface EventStreamOptions {
  onEvent: (e: EngineEvent) => void
  /** Called on every (re)connect: the consumer must resync, since events may have been missed. */
  onConnected: () => void
  onDisconnected: (error: unknown) => void
  minBackoffMs?: number
  maxBackoffMs?: number
  /** How long the engine may take to answer the subscription itself. */
  connectTimeoutMs?: number
}

/**
 * One subscription to the engine's /events, kept alive: on loss it reconnects with exponential
 * backoff, and every reconnect is reported so that the whole state is listed again.
 */
export class EngineEventStream {
  private stream: NodeJS.ReadableStream | undefined
  private timer: NodeJS.Timeout | undefined
  private backoff: number
  private stopped = true
  private connected = false
  /**
   * Which life of the stream (one per start) a connect belongs to: a connect still waiting on the engine when the
   * stream was stopped and started again (another engine chosen) must neither keep what it opens nor retry.
   */
  private life = 0

  constructor(
    private readonly docker: () => Docker,
    private readonly options: EventStreamOptions,
  ) {
    this.backoff = options.minBackoffMs ?? 250
  }

  get isConnected(): boolean {
    return this.connected
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.backoff = this.options.minBackoffMs ?? 250
    this.life++
    void this.connect(this.life)
  }

  /** Closes the subscription on purpose: nothing is reported as lost, and nothing retries. */
  stop(): void {
    this.stopped = true
    this.connected = false
    clearTimeout(this.timer)
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined
    s?.destroy?.()
    this.stream = undefined
  }

  private current(life: number): boolean {
    return !this.stopped && life === this.life
  }

  private async connect(life: number): Promise<void> {
    if (!this.current(life)) return
    try {
      // A daemon that is still starting can accept the connection and not answer: give up and retry, or a
      // reconnect could hang for ever. Once the stream is open, silence is normal (no events) and not timed.
      const pending = this.docker().getEvents({}) as Promise<NodeJS.ReadableStream>
      let timer: NodeJS.Timeout | undefined
      const stream = await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            void pending.then(
              (late) => (late as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(),
              () => {},
            )
            reject(new Error('the engine did not answer the events request'))
          }, this.options.connectTimeoutMs ?? 5000)
        }),
      ]).finally(() => clearTimeout(timer))
      if (!this.current(life)) {
        ;(stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.()
        return
      }
      this.stream = stream
      this.connected = true
      this.backoff = this.options.minBackoffMs ?? 250
      const lines = new JsonLines<EngineEvent>(this.options.onEvent)
      stream.on('data', (chunk: Buffer) => lines.push(chunk))
      const lost = (error: unknown): void => {
        if (this.stream !== stream) return
        this.stream = undefined
        this.lose(error)
      }
      stream.on('end', () => lost(new Error('event stream ended')))
      stream.on('close', () => lost(new Error('event stream closed')))
      stream.on('error', lost)
      this.options.onConnected()
    } catch (error) {
      if (this.current(life)) this.lose(error)
    }
  }

  private lose(error: unknown): void {
    const was = this.connected
    this.connected = false
    if (was) this.options.onDisconnected(error)
    if (this.stopped) return
    const life = this.life
    this.timer = setTimeout(() => void this.connect(life), this.backoff)
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5000)
  }
}
