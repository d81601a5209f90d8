import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseApiPath } from '@shared/docker/api-path'
import { shellQuote } from '@shared/docker/shell'

/** One request the docker CLI sent, as the engine would have read it. */
export interface RecordedRequest {
  method: string
  /** Without the API version: `/containers/create`. */
  path: string
  query: URLSearchParams
  body: unknown
}

/**
 * A stand-in engine on a unix socket that answers `/_ping` and records every other request, answering each with an
 * error: the docker CLI pointed at it (DOCKER_HOST) shows what it parsed from a command line by what it asks for.
 */
export class RecordingEngine {
  readonly requests: RecordedRequest[] = []
  private readonly dir = mkdtempSync(join(tmpdir(), 'wb-rec-'))
  readonly socket = join(this.dir, 'docker.sock')
  private server: Server | undefined

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => {
        if (body.length < 1_000_000) body += d.toString('utf8')
      })
      req.on('end', () => {
        const target = parseApiPath(req.url ?? '/')
        if (target.path === '/_ping') {
          res.writeHead(200, { 'Api-Version': '1.41', 'Content-Type': 'text/plain' })
          res.end('OK')
          return
        }
        let parsed: unknown = null
        try {
          parsed = body ? JSON.parse(body) : null
        } catch {
          parsed = body
        }
        this.requests.push({ method: req.method ?? 'GET', path: target.path, query: target.query, body: parsed })
        res.writeHead(500, { 'Content-Type': 'application/json' })
        res.end('{"message":"recorded by the test engine"}')
      })
    })
    await new Promise<void>((resolve) => server.listen(this.socket, resolve))
    this.server = server
  }

  /** Runs a command line with `docker` pointed here, in a pseudo-terminal (so `-it` is not refused), and returns what it sent. */
  async run(line: string, docker = 'docker'): Promise<{ requests: RecordedRequest[]; output: string }> {
    this.requests.length = 0
    // `nvidia-docker` is a wrapper that hands its arguments to docker: the CLI reads them the same.
    const script = line.replace(/(^|\s)(?:nvidia-)?docker(?=\s)/, `$1${docker}`)
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', `bash --norc --noprofile -c ${shellQuote(script)}`, '/dev/null'], {
        env: {
          PATH: process.env.PATH,
          HOME: this.dir,
          DOCKER_HOST: `unix://${this.socket}`,
          DOCKER_CLI_HINTS: 'false',
        },
        cwd: this.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (out += d.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.on('close', () => {
        clearTimeout(timer)
        resolve(out)
      })
    })
    return { requests: [...this.requests], output }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    rmSync(this.dir, { recursive: true, force: true })
  }
}
