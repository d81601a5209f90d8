export interface ServeArgs {
  host: string
  port: number
}

/** `--port N` / `--host H` (also `--port=N`), falling back to WHALEBOOK_PORT / WHALEBOOK_HOST. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeArgs {
  const args = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    const m = /^--(port|host)(?:=(.*))?$/.exec(a)
    if (!m) throw new Error(`Unknown argument: ${a} (usage: serve [--host 127.0.0.1] [--port 8890])`)
    const value = m[2] ?? argv[++i]
    if (value === undefined) throw new Error(`--${m[1]} needs a value`)
    args.set(m[1] ?? '', value)
  }
  const portText = args.get('port') ?? env.WHALEBOOK_PORT ?? '8890'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${portText}`)
  return { host: args.get('host') ?? env.WHALEBOOK_HOST ?? '127.0.0.1', port }
}
