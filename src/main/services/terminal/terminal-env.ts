const UTF8 = /utf-?8/i

/**
 * The environment a terminal's shell starts with: the app's own, minus what belongs to the app
 * (Electron's switches), plus a 256-colour TERM, a UTF-8 locale (Chinese output must not turn
 * into '?'), and whatever points the docker CLI at the app's engine.
 */
export function terminalEnv(base: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base)) {
    if (
      v === undefined ||
      k.startsWith('ELECTRON_') ||
      k.startsWith('WHALEBOOK_') ||
      k === 'DOCKER_HOST' ||
      k === 'DOCKER_CONTEXT'
    )
      continue
    env[k] = v
  }
  env.TERM = 'xterm-256color'
  env.COLORTERM = 'truecolor'
  env.TERM_PROGRAM = 'Whalebook'
  if (env.LC_ALL && !UTF8.test(env.LC_ALL)) env.LC_ALL = 'C.UTF-8'
  if (!env.LC_ALL && !(env.LC_CTYPE && UTF8.test(env.LC_CTYPE)) && !(env.LANG && UTF8.test(env.LANG)))
    env.LANG = 'C.UTF-8'
  return { ...env, ...extra }
}
