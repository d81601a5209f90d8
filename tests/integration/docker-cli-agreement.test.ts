import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dockerCommands, flagValues, type DockerCommand } from '@shared/docker/command'
import { sameImageRef } from '@shared/docker/image-ref'
import { buildBook } from '../../src/main/services/tutorial/build-book'
import { bundledBookFiles } from '../../src/main/services/tutorial/book-files'
import { dockerClisOnPath } from '../support/docker-cli'
import { dockerObjectCommand, dockerRunCommand } from '../support/docker-corpus'
import { RecordingEngine, type RecordedRequest } from '../support/recording-engine'

const clis = dockerClisOnPath()

/** The request each verb's CLI sends first, and where its positional arguments show in it. */
const FIRST_REQUEST: Record<string, RegExp> = {
  run: /^POST \/containers\/create$/,
  create: /^POST \/containers\/create$/,
  rm: /^DELETE \/containers\/[^/]+$/,
  rmi: /^DELETE \/images\/.+$/,
  start: /^POST \/containers\/[^/]+\/start$/,
  stop: /^POST \/containers\/[^/]+\/stop$/,
  restart: /^POST \/containers\/[^/]+\/restart$/,
  kill: /^POST \/containers\/[^/]+\/kill$/,
  pull: /^POST \/images\/create$/,
  push: /^POST \/images\/.+\/push$/,
  tag: /^POST \/images\/.+\/tag$/,
  commit: /^POST \/commit$/,
  exec: /^(?:GET \/containers\/[^/]+\/json|POST \/containers\/[^/]+\/exec)$/,
  logs: /^GET \/containers\/[^/]+\/(?:json|logs)$/,
  inspect: /^GET \/containers\/[^/]+\/json$/,
  history: /^GET \/images\/.+\/history$/,
  ps: /^GET \/containers\/json$/,
  images: /^GET \/images\/json$/,
  search: /^GET \/images\/search$/,
  export: /^GET \/containers\/[^/]+\/export$/,
  save: /^GET \/images\/get$/,
  'volume create': /^POST \/volumes\/create$/,
  'volume inspect': /^GET \/volumes\/[^/]+$/,
  'volume ls': /^GET \/volumes$/,
  'volume rm': /^DELETE \/volumes\/[^/]+$/,
  'network create': /^POST \/networks\/create$/,
  'network ls': /^GET \/networks$/,
  'network rm': /^DELETE \/networks\/[^/]+$/,
  'system df': /^GET \/system\/df$/,
  'container prune': /^POST \/containers\/prune$/,
  'image prune': /^POST \/images\/prune$/,
  'volume prune': /^POST \/volumes\/prune$/,
}

/** Verbs whose CLI sends one request per argument, carrying on past a failure. */
const EACH_ARGUMENT = new Set(['rm', 'rmi', 'start', 'stop', 'restart', 'kill', 'volume rm', 'network rm'])

/** The names a request carries: in its path (`/containers/web/start`, `/images/team/app/tag`), query or body. */
function namesIn(r: RecordedRequest): string[] {
  const parts = r.path.split('/').filter(Boolean).map(decodeURIComponent)
  const names: string[] = []
  const [kind, ...rest] = parts
  if (kind === 'containers' && rest[0] !== 'create' && rest[0] !== 'json' && rest[0] !== 'prune' && rest[0])
    names.push(rest[0])
  if (
    kind === 'images' &&
    rest.length &&
    !['create', 'json', 'get', 'search', 'prune', 'load'].includes(rest[0] ?? '')
  ) {
    const action = rest[rest.length - 1] ?? ''
    names.push((['tag', 'push', 'json', 'history'].includes(action) ? rest.slice(0, -1) : rest).join('/'))
  }
  if ((kind === 'volumes' || kind === 'networks') && rest[0] && rest[0] !== 'create' && rest[0] !== 'prune')
    names.push(rest[0])
  const q = r.query
  for (const [repoKey, extra] of [
    ['fromImage', 'container'],
    ['repo', 'container'],
  ] as const) {
    const repo = q.get(repoKey)
    if (repo) names.push(`${repo}${q.get('tag') ? `:${q.get('tag')}` : ''}`)
    const other = q.get(extra)
    if (other && !names.includes(other)) names.unshift(other)
  }
  for (const n of q.getAll('names')) names.push(n)
  if (q.get('term')) names.push(q.get('term') ?? '')
  const filters = q.get('filters')
  if (kind === 'images' && rest[0] === 'json' && filters)
    names.push(...Object.keys(JSON.parse(filters).reference ?? {}))
  const body = r.body as { Name?: string } | null
  if (body?.Name && (kind === 'volumes' || kind === 'networks')) names.push(body.Name)
  return names
}

/** Same object name, image references compared as the engine compares them. */
const sameName = (a: string, b: string): boolean => a === b || sameImageRef(a, b)

/** Checks the reader's reading of one command against what the CLI sent; false when the CLI sent nothing to compare. */
function agrees(cmd: DockerCommand, all: RecordedRequest[], line: string): boolean {
  // What the CLI asks for its own sake first (20.10's `pull` reads /info for the default registry).
  const sent = all.filter((r) => !(r.method === 'GET' && (r.path === '/info' || r.path === '/version')))
  const first = sent[0]
  const shape = FIRST_REQUEST[cmd.verb]
  if (!first || !shape) return false
  expect(`${first.method} ${first.path}`, `${line}: the CLI's first request`).toMatch(shape)
  if (cmd.verb === 'run' || cmd.verb === 'create') {
    const body = first.body as { Image?: string; Cmd?: string[] | null }
    expect(sameImageRef(body.Image ?? '', cmd.args[0] ?? ''), `${line}: image ${body.Image}`).toBe(true)
    expect(body.Cmd ?? [], `${line}: the container's command`).toEqual(cmd.args.slice(1))
    expect(first.query.get('name') ?? null, `${line}: --name`).toBe(flagValues(cmd, '--name').at(-1) ?? null)
    return true
  }
  const sentNames = sent.flatMap(namesIn)
  if (EACH_ARGUMENT.has(cmd.verb)) {
    expect(sentNames.length, `${line}: ${sentNames.join(' ')}`).toBe(cmd.args.length)
    for (const a of cmd.args)
      expect(
        sentNames.some((n) => sameName(n, a)),
        `${line}: ${a} in ${sentNames}`,
      ).toBe(true)
  } else {
    // The CLI stops at the first refused request: what it asked for is the first arguments, in order.
    sentNames.forEach((n, k) => expect(sameName(n, cmd.args[k] ?? ''), `${line}: ${n} is argument ${k}`).toBe(true))
  }
  return true
}

describe.skipIf(clis.length === 0)('the command reader against the real docker CLI', () => {
  const engine = new RecordingEngine()
  beforeAll(() => engine.start())
  afterAll(() => engine.stop())

  /** Every docker command of the book whose arguments are written out (no substitution, variable or template). */
  const bookCommands = (() => {
    const book = buildBook(bundledBookFiles())
    const out = new Map<string, DockerCommand>()
    for (const chapter of [...book.chapters['zh-CN'], ...book.chapters.en]) {
      for (const step of chapter.blocks.flatMap((b) => b.steps)) {
        if (step.syntax || step.placeholders.length || step.where === 'container') continue
        const command = step.lint.find((l) => l.fixed)?.fixed ?? step.command
        const cmds = dockerCommands(command)
        // One line per command, in order, so that its requests are its own.
        if (cmds.length !== 1) continue
        const cmd = cmds[0] as DockerCommand
        if (cmd.argWords.some((w) => w.expands)) continue
        out.set(command, cmd)
      }
    }
    return out
  })()

  for (const cli of clis) {
    it(`${cli}: the book's commands`, async () => {
      let compared = 0
      for (const [line, cmd] of bookCommands) {
        const { requests } = await engine.run(line, cli)
        if (agrees(cmd, requests, line)) compared++
      }
      expect(compared).toBeGreaterThan(35)
    }, 240_000)

    it(`${cli}: generated docker run and create lines, flags spelled every way`, async () => {
      let compared = 0
      const samples = fc.sample(fc.oneof(dockerRunCommand(), dockerObjectCommand()), { numRuns: 120, seed: 22 })
      for (const g of samples) {
        const [cmd] = dockerCommands(g.line)
        const { requests, output } = await engine.run(g.line, cli)
        if (agrees(cmd as DockerCommand, requests, g.line)) compared++
        else expect(output, g.line).toMatch(/conflicting options|invalid/i)
      }
      expect(compared).toBeGreaterThan(100)
    }, 240_000)
  }
})
