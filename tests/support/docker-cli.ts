import { execFileSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { delimiter, join } from 'node:path'

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

/** Every docker CLI on PATH, each once: Debian's docker.io, and a newer one where the machine has it too. */
export function dockerClisOnPath(): string[] {
  return [
    ...new Set(
      (process.env.PATH ?? '')
        .split(delimiter)
        .map((dir) => join(dir, 'docker'))
        .filter((p) => existsSync(p))
        .map((p) => realpathSync(p)),
    ),
  ]
}
