/**
 * The one reader of the engine's JSON-lines streams (`/events`, pull, build, load and push progress): values split at
 * newlines, anywhere across chunks. A line that is not JSON is skipped, never fatal; a line longer than the bound is
 * dropped, so a hostile stream cannot grow memory.
 */
export class JsonLines<T = unknown> {
  private buffer = ''
  /** Streaming: a character split across two chunks is decoded whole. */
  private readonly decoder = new TextDecoder()

  constructor(
    private readonly onValue: (value: T) => void,
    private readonly maxLineChars = 1024 * 1024,
  ) {}

  push(chunk: Uint8Array | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    let nl = this.buffer.indexOf('\n')
    while (nl !== -1) {
      const line = this.buffer.slice(0, nl).trim()
      this.buffer = this.buffer.slice(nl + 1)
      if (line) {
        let value: T
        try {
          value = JSON.parse(line) as T
        } catch {
          // A malformed line: skip it, keep the stream.
          nl = this.buffer.indexOf('\n')
          continue
        }
        this.onValue(value)
      }
      nl = this.buffer.indexOf('\n')
    }
    if (this.buffer.length > this.maxLineChars) this.buffer = ''
  }

  /** The stream ended: its last line, if it had no newline. */
  end(): void {
    if (this.buffer.trim()) this.push('\n')
    this.buffer = ''
  }
}

/** Every value of a whole JSON-lines text. */
export function parseJsonLines<T = unknown>(text: string): T[] {
  const out: T[] = []
  const reader = new JsonLines<T>((v) => out.push(v), Infinity)
  reader.push(text)
  reader.end()
  return out
}

/** One message of a progress stream, as the engine writes them. */
export interface StreamMessage {
  status?: string
  id?: string
  progressDetail?: { current?: number; total?: number }
  stream?: string
  error?: string
  errorDetail?: { message?: string }
  aux?: { ID?: string }
}

/** The image a load stream's message names: `Loaded image: nginx:latest`, `Loaded image ID: sha256:…`. */
export function loadedImage(message: StreamMessage): string | undefined {
  return /Loaded image(?: ID)?: (\S+)/.exec(message.stream ?? '')?.[1]
}

/** The engine's error in a stream's message, when it reports one. */
export function streamError(message: StreamMessage): string | undefined {
  return message.errorDetail?.message ?? message.error
}
