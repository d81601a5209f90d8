/**
 * `npm run serve`: the whole backend without Electron, for a headless machine reached over an
 * SSH tunnel (`ssh -L 8890:127.0.0.1:8890 gpu-box`) and for end-to-end tests in Chromium.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBackend } from './backend'
import { parseServeArgs } from './serve-args'
import { startServeBridge } from './transports/ws-bridge'
import { errorMessage } from '@shared/errors'

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url))
  const { version } = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }
  const args = parseServeArgs(process.argv.slice(2), process.env)
  const backend = createBackend({ version })
  backend.start()
  const bridge = await startServeBridge({
    backend,
    staticDir: join(here, '../renderer'),
    host: args.host,
    port: args.port,
  })
  // The one line tools (and tests) look for, like Jupyter's.
  console.log(`Whalebook is serving at ${bridge.url}`)
  console.log('Only this URL, with its token, opens the app. Press Ctrl+C to stop.')

  const stop = (): void => {
    void Promise.all([bridge.close(), backend.dispose()]).finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`whalebook serve: ${errorMessage(error)}`)
  process.exit(1)
})
