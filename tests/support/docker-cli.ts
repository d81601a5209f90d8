import { execFileSync } from 'node:child_process'

/** Runs the real docker CLI against a given engine; the tests' independent view of the truth. */
export function docker(host: string, args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' }).trim()
}

export function serverVersion(host: string): string {
  return docker(host, ['version', '--format', '{{.Server.Version}}'])
}

/** The same, with the CLI's error output kept out of the test log (for clean-ups that may find nothing). */
export function dockerQuiet(host: string, args: string[]): string {
  return execFileSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: host },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim()
}
