import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { events } from '@shared/contract'
import { decodeBinaryEvent, encodeBinaryEvent } from '@shared/ws-binary-event'

const utf8 = new TextEncoder()

/** A frame laid out by hand: the head's length, the head, the data. */
function frame(head: string, data: Uint8Array = new Uint8Array(), headLength?: number): Uint8Array {
  const h = utf8.encode(head)
  const out = new Uint8Array(4 + h.length + data.length)
  new DataView(out.buffer).setUint32(0, headLength ?? h.length)
  out.set(h, 4)
  out.set(data, 4 + h.length)
  return out
}

describe('the serve bridge’s binary event frame', () => {
  it('carries an event’s payload and its bytes, which come back as a view of the frame', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat(), fc.nat(), (text, offset, chars) => {
        const data = utf8.encode(text)
        const sent = encodeBinaryEvent('terminal.data', { terminalId: 't-1', offset, chars, data })
        const got = decodeBinaryEvent(sent)
        expect(got?.event).toBe('terminal.data')
        expect(got?.payload).toEqual({ terminalId: 't-1', offset, chars, data })
        expect((got?.payload as { data: Uint8Array }).data.buffer).toBe(sent.buffer)
        // What comes back is what the contract says the event is.
        events['terminal.data'].parse(got?.payload)
      }),
    )
  })

  it('reads a frame at any offset in its buffer (a view into a larger one)', () => {
    const sent = encodeBinaryEvent('terminal.data', { terminalId: 't', offset: 0, chars: 2, data: utf8.encode('ok') })
    const big = new Uint8Array(sent.length + 7)
    big.set(sent, 3)
    const got = decodeBinaryEvent(big.subarray(3, 3 + sent.length))
    expect(new TextDecoder().decode((got?.payload as { data: Uint8Array }).data)).toBe('ok')
  })

  it('answers undefined for anything that is not such a frame, and never throws', () => {
    const bad = [
      new Uint8Array(),
      new Uint8Array([0, 0, 1]),
      frame('{"event":"x","payload":{}}', new Uint8Array(), 1_000_000),
      frame('{"event":"x","payload":{}}', new Uint8Array(), 5000),
      frame('not json'),
      frame('[1,2]'),
      frame('null'),
      frame('{"event":1,"payload":{}}'),
      frame('{"event":"x","payload":[]}'),
      frame('{"event":"x","payload":"s"}'),
      frame('{"event":"x"}'),
      frame('{"event":"x","payload":{"data":"forged"}}'),
      frame('{"event":"x","payload":{}}'.padEnd(5000, ' ')),
      Uint8Array.from([0, 0, 0, 2, 0xc3, 0x28]),
    ]
    for (const f of bad) expect(decodeBinaryEvent(f)).toBeUndefined()
    // The witness: the same layout, well formed, is read.
    expect(decodeBinaryEvent(frame('{"event":"x","payload":{}}', utf8.encode('y')))?.event).toBe('x')
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => void decodeBinaryEvent(junk)))
  })
})
