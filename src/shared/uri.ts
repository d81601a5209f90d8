/** A percent-encoded part as text, or as written when its escapes are broken (`%E0%A4%A`): never throws. */
export function decodeComponentSafely(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
