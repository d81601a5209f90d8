/** nvidia-smi's "no value" spellings across formats and driver versions. */
const EMPTY = new Set([
  '',
  'n/a',
  '[n/a]',
  'none',
  '[not supported]',
  'not supported',
  'unknown error',
  '[unknown error]',
])

export function isEmpty(value: string | undefined | null): boolean {
  return value === undefined || value === null || EMPTY.has(value.trim().toLowerCase()) || /deprecated/i.test(value)
}

/** "40960 MiB" → 40960, "0 %" → 0, "67.03 W" → 67.03, "N/A" → null. */
export function numberOf(value: string | undefined | null): number | null {
  if (isEmpty(value)) return null
  const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(value ?? '')
  return m ? Number(m[1]) : null
}

export function textOf(value: string | undefined | null): string | null {
  return isEmpty(value) ? null : (value ?? '').trim()
}
