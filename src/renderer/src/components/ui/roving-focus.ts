/**
 * Where the focus goes in a row of tabs or a menu for a key, as the ARIA patterns have it: `next` and `prev` move one
 * along (round the ends), Home and End to the ends. Undefined for any other key.
 */
export function rovingIndex(key: string, at: number, length: number, next: string, prev: string): number | undefined {
  if (key === next) return (at + 1) % length
  if (key === prev) return (at - 1 + length) % length
  if (key === 'Home') return 0
  if (key === 'End') return length - 1
  return undefined
}
