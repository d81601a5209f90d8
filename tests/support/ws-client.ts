import WebSocket from 'ws'
import type { Envelope } from '@shared/errors'
import type { WsServerFrame } from '@shared/transport'

/** A raw client of the serve bridge, to send exactly the frames a hostile or buggy page could. */
export class RawBridgeClient {
  private nextId = 1
  private readonly pending = new Map<number | null, Array<(e: Envelope<unknown>) => void>>()
  readonly events: Array<{ event: string; payload: unknown }> = []

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as WsServerFrame
      if (frame.id === undefined) {
        this.events.push({ event: frame.event, payload: frame.payload })
        return
      }
      const waiters = this.pending.get(frame.id)
      waiters?.shift()?.(frame.envelope)
    })
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<RawBridgeClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers })
      socket.once('open', () => resolve(new RawBridgeClient(socket)))
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      socket.once('error', reject)
    })
  }

  private wait(id: number | null): Promise<Envelope<unknown>> {
    return new Promise((resolve) => {
      const list = this.pending.get(id) ?? []
      list.push(resolve)
      this.pending.set(id, list)
    })
  }

  call(method: unknown, params: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++
    const reply = this.wait(id)
    this.socket.send(JSON.stringify({ id, method, params }))
    return reply
  }

  sendRaw(data: string): Promise<Envelope<unknown>> {
    const reply = this.wait(null)
    this.socket.send(data)
    return reply
  }

  close(): void {
    this.socket.close()
  }
}
