import { connect } from 'node:net'

/**
 * Sends bytes to a loopback port exactly as given (no client library normalising them) and returns the first line of
 * the answer ('' when the server only closed the connection).
 */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let settled = false
    const done = (): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(text.split('\r\n')[0] ?? '')
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('data', (d) => {
      text += d.toString('latin1')
      if (text.includes('\r\n')) done()
    })
    socket.on('error', done)
    socket.on('close', done)
    // An incomplete request waits for more bytes; if none comes, half-close so the server sees the end of it. Not at
    // once: a server may close a half-closed connection before it answers a complete request.
    let halfClose: NodeJS.Timeout | undefined
    socket.write(bytes, () => (halfClose = setTimeout(() => socket.end(), 250)))
    socket.on('close', () => clearTimeout(halfClose))
  })
}

/**
 * Sends bytes to a unix socket (an engine proxy's) exactly as given and resolves with all that came back, once the
 * other side closes or `ms` pass. `halfClose`: end the writing side a moment after the bytes are out (a request that
 * is incomplete then ends).
 */
export function rawUnixExchange(
  path: string,
  bytes: string | Buffer,
  ms = 3000,
  options: { halfClose?: boolean } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(path)
    let text = ''
    const timer = setTimeout(() => socket.destroy(), ms)
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(text)
    })
    socket.write(bytes, () => {
      if (options.halfClose) setTimeout(() => socket.end(), 100)
    })
  })
}
