import WebSocket from 'ws'
import { events, isMethodName, methods } from '@shared/contract'
import { ERROR_CODES, type Envelope } from '@shared/errors'
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX, type WsServerFrame } from '@shared/transport'
import { decodeBinaryEvent } from '@shared/ws-binary-event'

export interface ConnectOptions {
  /** Offered as the token subprotocol, as the app's page does. */
  token?: string
  /** Subprotocols to offer instead of the app's pair. */
  protocols?: string[]
  headers?: Record<string, string>
}

/** Checks a reply against the contract: a known method's result against its schema, an error against the codes. */
function checkEnvelope(method: unknown, envelope: Envelope<unknown>): Envelope<unknown> {
  if ('error' in envelope) {
    if (!(ERROR_CODES as readonly string[]).includes(envelope.error.code)) {
      throw new Error(`reply has an error code outside the contract: ${envelope.error.code}`)
    }
  } else if (isMethodName(method)) {
    methods[method].result.parse(envelope.result)
  }
  return envelope
}

/**
 * A raw client of the serve bridge, to send exactly the frames a hostile or buggy page could. Every reply and event
 * it receives is checked against the contract's schemas: the bridge must never send what the contract does not say.
 */
export class RawBridgeClient {
  private nextId = 1
  private readonly pending = new Map<number | null, Array<(e: Envelope<unknown>) => void>>()
  readonly events: Array<{ event: string; payload: unknown }> = []
  closed: { code: number; reason: string } | undefined
  private anyWaiter: ((e: Envelope<unknown>) => void) | undefined

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        // Only an event may come as bytes, and only in the one binary form the contract names.
        const decoded = decodeBinaryEvent(new Uint8Array(data))
        if (!decoded) throw new Error('a binary frame that is no event')
        const schema = (events as Record<string, { parse(v: unknown): unknown }>)[decoded.event]
        if (!schema) throw new Error(`event outside the contract: ${decoded.event}`)
        schema.parse(decoded.payload)
        this.events.push(decoded)
        return
      }
      const frame = JSON.parse(String(data)) as WsServerFrame
      if (frame.id === undefined) {
        const schema = (events as Record<string, { parse(v: unknown): unknown }>)[frame.event]
        if (!schema) throw new Error(`event outside the contract: ${frame.event}`)
        schema.parse(frame.payload)
        this.events.push({ event: frame.event, payload: frame.payload })
        return
      }
      const any = this.anyWaiter
      if (any) {
        this.anyWaiter = undefined
        return any(checkEnvelope(undefined, frame.envelope))
      }
      const waiters = this.pending.get(frame.id)
      waiters?.shift()?.(frame.envelope)
    })
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }))
  }

  /** A terminal's output so far, as text (every terminal's when none is named). */
  output(terminalId?: string): string {
    const decoder = new TextDecoder()
    return this.events
      .filter((e) => e.event === 'terminal.data')
      .map((e) => e.payload as { terminalId: string; data: string | Uint8Array })
      .filter((p) => terminalId === undefined || p.terminalId === terminalId)
      .map((p) => (typeof p.data === 'string' ? p.data : decoder.decode(p.data, { stream: true })))
      .join('')
  }

  static connect(url: string, options: ConnectOptions = {}): Promise<RawBridgeClient> {
    const protocols =
      options.protocols ??
      (options.token !== undefined ? [WS_PROTOCOL, `${WS_TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, { headers: options.headers ?? {} })
      socket.once('open', () => resolve(new RawBridgeClient(socket)))
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      socket.once('error', reject)
    })
  }

  private wait(id: number | null, method: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve) => {
      const list = this.pending.get(id) ?? []
      list.push((e) => resolve(checkEnvelope(method, e)))
      this.pending.set(id, list)
    })
  }

  call(method: unknown, params: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++
    const reply = this.wait(id, method)
    this.socket.send(JSON.stringify({ id, method, params }))
    return reply
  }

  sendRaw(data: string): Promise<Envelope<unknown>> {
    const reply = this.wait(null, undefined)
    this.socket.send(data)
    return reply
  }

  /** Sends anything (text or binary) and resolves with the next reply, whatever its id. One at a time. */
  sendRawAny(data: string | Buffer): Promise<Envelope<unknown>> {
    const reply = new Promise<Envelope<unknown>>((resolve) => (this.anyWaiter = resolve))
    this.socket.send(data)
    return reply
  }

  close(): void {
    this.socket.close()
  }
}
