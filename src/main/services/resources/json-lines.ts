/**
 * Incremental parser for the engine's /events stream: JSON objects separated by newlines, split
 * anywhere across chunks. A line that is not JSON is skipped, never fatal.
 */
export class JsonLines<T> {
  private buffer = ''

  constructor(private readonly onValue: (value: T) => void) {}

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    let nl = this.buffer.indexOf('\n')
    while (nl !== -1) {
      const line = this.buffer.slice(0, nl).trim()
      this.buffer = this.buffer.slice(nl + 1)
      if (line) {
        try {
          this.onValue(JSON.parse(line) as T)
        } catch {
          // A malformed line: skip it, keep the stream.
        }
      }
      nl = this.buffer.indexOf('\n')
    }
  }
}
