/**
 * Pure decisions for the Electron security baseline, kept out of the Electron glue so they can
 * be tested in Node.
 */

/** Links the app may hand to the OS browser. Everything else (file:, javascript:, custom schemes) is dropped. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== ''
  } catch {
    return false
  }
}

/**
 * Whether an IPC message comes from the app's own page: the built renderer's index.html, or the
 * dev server during `npm run dev`. A navigated, injected or child frame is refused.
 */
export function isTrustedRendererUrl(
  url: string | undefined,
  expected: { file?: string; devServer?: string },
): boolean {
  if (!url) return false
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (expected.devServer) {
    const dev = new URL(expected.devServer)
    if (u.origin === dev.origin) return true
  }
  if (expected.file && u.protocol === 'file:') {
    const want = new URL(expected.file)
    return u.pathname === want.pathname
  }
  return false
}
