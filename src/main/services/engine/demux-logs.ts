/** Docker's multiplexed log stream (an 8-byte header per frame) to text; a TTY container's logs are raw. */
export function demuxLogs(buf: Buffer): string {
  let out = ''
  let i = 0
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0) {
    const size = buf.readUInt32BE(i + 4)
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8')
    i += 8 + size
  }
  return i === 0 ? buf.toString('utf8') : out
}
