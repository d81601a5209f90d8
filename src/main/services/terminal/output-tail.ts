/**
 * The last characters of a command's output, to explain its failure once it ends. It keeps the pieces as they came
 * (at most one more than the window needs) and joins them only when asked: a command printing a flood costs no copy
 * of its output per read, and holds no more than one read beyond the window.
 */
export class OutputTail {
  private pieces: string[] = []
  private length = 0

  constructor(private readonly maxChars: number) {}

  push(data: string): void {
    if (!data) return
    this.pieces.push(data)
    this.length += data.length
    while (this.pieces.length > 1 && this.length - (this.pieces[0]?.length ?? 0) >= this.maxChars) {
      this.length -= this.pieces.shift()?.length ?? 0
    }
  }

  text(): string {
    return this.pieces.join('').slice(-this.maxChars)
  }

  clear(): void {
    this.pieces = []
    this.length = 0
  }
}
