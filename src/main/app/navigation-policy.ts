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
 * Whether a URL is the app's own page: the built renderer's index.html on its custom scheme, or the dev server during
 * `npm run dev`. IPC is answered, and the window may navigate, only there: a navigated, injected or child frame, any
 * other file of the scheme, file:// and every other origin are refused.
 */
export function isTrustedRendererUrl(url: string | undefined, expected: { app?: string; devServer?: string }): boolean {
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
  if (expected.app) {
    // A custom scheme's origin is opaque to Node's URL ('null'), so its parts are compared one by one.
    const want = new URL(expected.app)
    return (
      u.protocol === want.protocol &&
      u.host === want.host &&
      u.username === '' &&
      u.password === '' &&
      u.pathname === want.pathname
    )
  }
  return false
}
