import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/**
 * A TCP forwarder on 127.0.0.1 in front of another loopback server (a registry), passing its answers back slowly
 * (`bytesPerTick` every 20 ms): a pull through it takes long enough to be cancelled midway, and the forwarder sees
 * whether the engine still downloads.
 */
export interface SlowForwarder {
  host: string
  /** Bytes passed from the server to its clients so far. */
  readonly sent: number
  /** Client connections open now. */
  readonly open: number
  close(): Promise<void>
}

export async function startSlowForwarder(
  target: { host: string; port: number },
  bytesPerTick: number,
): Promise<SlowForwarder> {
  let sent = 0
  const clients = new Set<Socket>()
  const server = createServer((client) => {
    clients.add(client)
    const upstream = connect(target.port, target.host)
    const queue: Buffer[] = []
    let ended = false
    const tick = setInterval(() => {
      let budget = bytesPerTick
      while (budget > 0 && queue.length) {
        const head = queue[0] as Buffer
        const part = head.subarray(0, budget)
        if (part.length === head.length) queue.shift()
        else queue[0] = head.subarray(part.length)
        budget -= part.length
        sent += part.length
        client.write(part)
      }
      if (queue.length > 0) return
      // The server's answer is all passed on: its end too; else read on, only as fast as it is passed on.
      if (ended) client.end()
      else upstream.resume()
    }, 20)
    upstream.on('data', (chunk: Buffer) => {
      queue.push(chunk)
      upstream.pause()
    })
    upstream.on('end', () => (ended = true))
    client.on('data', (chunk: Buffer) => upstream.write(chunk))
    client.on('end', () => upstream.end())
    const end = (): void => {
      clearInterval(tick)
      clients.delete(client)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end)
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    host: `127.0.0.1:${port}`,
    get sent() {
      return sent
    },
    get open() {
      return clients.size
    },
    close: async () => {
      for (const c of clients) c.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}
