import type { EventMessage } from './transport'

/**
 * The serve bridge's one kind of binary frame: an event whose payload's `data` is bytes (a terminal's output, UTF-8).
 * Sent in a text frame, that output would be escaped into JSON by the backend, turned from UTF-8 into a string by the
 * browser, parsed out of the JSON by the page and decoded once more by xterm; sent as bytes, it is copied once and xterm
 * reads it as the program wrote it. A frame is: the head's length in bytes (4 bytes, big-endian), the head (UTF-8 JSON
 * `{"event": …, "payload": …}`, the payload without `data`), then `data`.
 */
const HEAD_LENGTH_BYTES = 4
/** A head is a few dozen bytes (an id, two numbers); anything far longer is not one of ours. */
const HEAD_MAX_BYTES = 4096

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeBinaryEvent(event: string, payload: Record<string, unknown> & { data: Uint8Array }): Uint8Array {
  const { data, ...rest } = payload
  const head = encoder.encode(JSON.stringify({ event, payload: rest }))
  const frame = new Uint8Array(HEAD_LENGTH_BYTES + head.length + data.length)
  new DataView(frame.buffer).setUint32(0, head.length)
  frame.set(head, HEAD_LENGTH_BYTES)
  frame.set(data, HEAD_LENGTH_BYTES + head.length)
  return frame
}

/**
 * The event in a binary frame, its `data` a view of the frame's bytes (not a copy); undefined for a frame that is not
 * one: too short, a head that is not JSON of an event with an object payload, or a payload that names `data` itself.
 */
export function decodeBinaryEvent(frame: Uint8Array): EventMessage | undefined {
  if (frame.length < HEAD_LENGTH_BYTES) return undefined
  const headLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0)
  const dataStart = HEAD_LENGTH_BYTES + headLength
  if (headLength > HEAD_MAX_BYTES || dataStart > frame.length) return undefined
  let head: unknown
  try {
    head = JSON.parse(decoder.decode(frame.subarray(HEAD_LENGTH_BYTES, dataStart)))
  } catch {
    return undefined
  }
  if (typeof head !== 'object' || head === null) return undefined
  const { event, payload } = head as { event?: unknown; payload?: unknown }
  if (typeof event !== 'string' || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return undefined
  }
  if (Object.hasOwn(payload, 'data')) return undefined
  return { event, payload: { ...payload, data: frame.subarray(dataStart) } }
}
