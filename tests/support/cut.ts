/** `whole` cut at the given points (each taken modulo its length + 1), as a stream's reads may cut it. */
export function cutAt<T extends string | Buffer>(whole: T, points: number[]): T[] {
  const part = (from: number, to?: number): T =>
    (typeof whole === 'string' ? whole.slice(from, to) : whole.subarray(from, to)) as T
  const at = [...new Set(points.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b)
  const out: T[] = []
  let last = 0
  for (const p of at) {
    out.push(part(last, p))
    last = p
  }
  out.push(part(last))
  return out
}
