import { createSocket, type Socket } from 'node:dgram'
import { randomInt } from 'node:crypto'

/**
 * A name server that knows no name: every query is answered NXDOMAIN, as a network that blocks a registry (or has
 * none) answers. A private engine resolves through it, so a pull from Docker Hub fails the same way on every machine,
 * with a network or without, and never leaves the machine. It listens on a loopback address of its own
 * (127.x.y.z:53), so that test runs side by side do not meet.
 */
export interface DnsStub {
  address: string
  stop(): Promise<void>
}

/** The answer to one query: its id and question, flagged as a response with "no such name" (RCODE 3). */
function nxdomain(query: Buffer): Buffer | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined
  // The question: labels up to the zero length, then type and class.
  let at = 12
  while (at < query.length && query[at] !== 0) at += (query[at] ?? 0) + 1
  const end = at + 5
  if (end > query.length) return undefined
  const answer = Buffer.alloc(end)
  query.copy(answer, 0, 0, end)
  const rd = (query[2] ?? 0) & 0x01
  answer[2] = 0x80 | rd // QR, the query's RD
  answer[3] = 0x80 | 0x03 // RA, NXDOMAIN
  answer.writeUInt16BE(1, 4)
  answer.writeUInt16BE(0, 6)
  answer.writeUInt16BE(0, 8)
  answer.writeUInt16BE(0, 10)
  return answer
}

export async function startDnsStub(): Promise<DnsStub> {
  for (let attempt = 0; ; attempt++) {
    const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`
    const socket: Socket = createSocket('udp4')
    socket.on('message', (msg, from) => {
      const answer = nxdomain(msg)
      if (answer) socket.send(answer, from.port, from.address)
    })
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject)
        socket.bind(53, address, () => resolve())
      })
      socket.on('error', () => {})
      return { address, stop: () => new Promise((resolve) => socket.close(() => resolve())) }
    } catch (error) {
      socket.close()
      if (attempt >= 5) throw error
    }
  }
}

/**
 * Where the app under test reads the manifests of registries not on this machine (Docker Hub, nvcr.io, quay.io): a
 * closed port here, so that the app is as offline as the tests' engine (their stub answers no name) and what a test
 * sees does not depend on the machine's network.
 */
export const OFFLINE_REGISTRY = 'http://127.0.0.1:9'
