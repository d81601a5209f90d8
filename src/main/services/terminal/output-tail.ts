/**
 * The last `maxChars` characters of a stream of output, kept as the pieces that came (the first one cut to fit, a
 * slice that shares the piece's characters rather than copying them) and joined only when read: a flood costs no copy
 * of its output per read. Every character has a stream position, counted from the first ever pushed. A running
 * command's tail (to explain its failure) and a terminal's replay buffer are both one of these.
 */
export class OutputTail {
  private pieces: string[] = []
  private held = 0
  /** Stream position of the first character still held. */
  private first = 0

  constructor(private readonly maxChars: number) {}

  /** Stream position of the first character held. */
  get start(): number {
    return this.first
  }

  /** Stream position after everything pushed so far. */
  get end(): number {
    return this.first + this.held
  }

  /** Characters held now (never more than `maxChars`). */
  get length(): number {
    return this.held
  }

  push(data: string): void {
    if (!data) return
    this.pieces.push(data)
    this.held += data.length
    while (this.held > this.maxChars) {
      const head = this.pieces[0] ?? ''
      const drop = Math.min(head.length, this.held - this.maxChars)
      if (drop === head.length) this.pieces.shift()
      else this.pieces[0] = head.slice(drop)
      this.held -= drop
      this.first += drop
    }
  }

  /** What is held from stream position `from` (the first held by default) up to `to` (the end by default). */
  text(from = this.first, to = this.end): string {
    return this.pieces.join('').slice(from - this.first, to - this.first)
  }

  /** Forgets what is held; positions go on from where the stream is. */
  clear(): void {
    this.first = this.end
    this.pieces = []
    this.held = 0
  }
}
