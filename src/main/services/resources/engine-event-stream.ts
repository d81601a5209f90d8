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
    void this.connect()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined
    s?.destroy?.()
    this.stream = undefined
  }

  private async connect(): Promise<void> {
    if (this.stopped) return
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
      if (this.stopped) {
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
      this.lose(error)
    }
  }

  private lose(error: unknown): void {
    const was = this.connected
    this.connected = false
    if (was) this.options.onDisconnected(error)
    if (this.stopped) return
    this.timer = setTimeout(() => void this.connect(), this.backoff)
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5000)
  }
}
