#!/usr/bin/env node
/**
 * Writes src/shared/docker/cli-table.json: every docker CLI command with its spellings and every flag with its value
 * type, read from the CLI's own `--help` (and, for the flags the CLI hides from its help, from how it parses them).
 * Run with the docker binaries to read, e.g. `node scripts/docker-cli-table.mjs /usr/bin/docker /usr/local/bin/docker`
 * (Debian's docker.io and a newer CLI): the table is their union, so the reader knows every flag either has.
 * `--out FILE` writes elsewhere: tests/unit/docker-cli-table.test.ts reads the installed CLI so and compares.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import * as prettier from 'prettier'

/** Flags the CLI parses but leaves out of its help (pflag's MarkHidden): each is checked against the binary. */
const HIDDEN_CANDIDATES = {
  run: ['--net', '--net-alias', '--dns-opt'],
  create: ['--net', '--net-alias', '--dns-opt'],
}

const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/whalebook.sock', DOCKER_CLI_HINTS: 'false' }

function help(bin, path) {
  const r = spawnSync(bin, [...path, '--help'], { env, encoding: 'utf8' })
  return `${r.stdout}${r.stderr}`
}

/** `Options:` / `Global Options:` sections: `  -a, --attach list   Attach…` → ['-a', '--attach', 'list']. */
function parseOptions(text, heading = /^(?:Global )?Options:$/) {
  const out = []
  let inside = false
  for (const line of text.split('\n')) {
    if (heading.test(line.trim())) {
      inside = true
      continue
    }
    if (inside && /^\S/.test(line)) inside = false
    if (!inside) continue
    const m = /^\s{2,}(?:(-[A-Za-z0-9]), )?(--[A-Za-z0-9][\w-]*)(?: ([\w-]+))?(?:\s{2,}|$)/.exec(line)
    if (m) out.push([m[1] ?? null, m[2], m[3] ?? ''])
  }
  return out
}

/** The commands a help page lists (`  run   Create and run…`), plugins (`buildx*`) left out. */
function parseCommands(text) {
  const out = []
  let inside = false
  for (const line of text.split('\n')) {
    if (/^(?:Common |Management |Swarm )?Commands:$/.test(line.trim())) {
      inside = true
      continue
    }
    if (inside && line.trim() === '') inside = false
    const m = inside ? /^\s{2}([a-z][a-z0-9-]*)\s{2,}/.exec(line) : null
    if (m) out.push(m[1])
  }
  return out
}

/** `Aliases:` as a list of full spellings: `docker image rm, docker rmi` (newer CLIs) or `rm, rmi, remove` (20.10). */
function parseAliases(text, path) {
  const m = /\nAliases:\n\s+(.+)\n/.exec(text)
  if (!m) return []
  return m[1].split(',').map((a) => {
    const words = a.trim().split(/\s+/)
    if (words[0] === 'docker') return words.slice(1).join(' ')
    return [...path.slice(0, -1), words[0]].join(' ')
  })
}

/** Whether `docker <path> <flag>` is a flag there, and whether it takes a value: `--help` after it shows help only for a bool. */
function probeFlag(bin, path, flag) {
  const r = spawnSync(bin, [...path, flag, '--help'], { env, encoding: 'utf8' })
  if (/unknown (?:shorthand )?flag/.test(`${r.stdout}${r.stderr}`)) return undefined
  return r.status === 0 ? '' : 'value'
}

function readBinary(bin) {
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const root = help(bin, [])
  const commands = new Map()
  const visit = (path) => {
    const text = help(bin, path)
    const subcommands = parseCommands(text)
    if (subcommands.length && /Usage:\s+docker [\w ]+(?: \[OPTIONS\])? COMMAND\s*$/m.test(text)) {
      for (const sub of subcommands) visit([...path, sub])
      return
    }
    const usage = /Usage:\s+(docker .+)/.exec(text)?.[1]?.trim() ?? ''
    const flags = parseOptions(text, /^Options:$/)
    for (const flag of HIDDEN_CANDIDATES[path.join(' ')] ?? []) {
      if (flags.some((f) => f[1] === flag)) continue
      const type = probeFlag(bin, path, flag)
      if (type !== undefined) flags.push([null, flag, type])
    }
    commands.set(path.join(' '), { usage, aliases: parseAliases(text, path), flags })
  }
  for (const c of parseCommands(root)) visit([c])
  return { version, global: parseOptions(root), commands }
}

function mergeFlags(into, flags, where) {
  for (const [short, long, type] of flags) {
    const had = into.find((f) => f[1] === long)
    if (!had) into.push([short, long, type])
    else if ((had[2] === '') !== (type === ''))
      throw new Error(`${where} ${long}: a bool in one CLI, valued in another`)
    else if (!had[0] && short) had[0] = short
  }
  into.sort((a, b) => a[1].localeCompare(b[1]))
}

const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const outFile = outAt === -1 ? undefined : args.splice(outAt, 2)[1]
const bins = args.length ? args : ['docker']
const read = bins.map(readBinary)
const table = { generatedFrom: read.map((r) => r.version), global: [], commands: {} }
// Spellings of one command (a path and its aliases, in any CLI) are one group; its verb is the one-word spelling
// where the CLI has one (`image ls`, `image list`, `images` → `images`), else the command's path.
const group = new Map()
const find = (s) => {
  while (group.get(s) !== s) s = group.get(s)
  return s
}
for (const r of read) {
  for (const [path, c] of r.commands) {
    for (const s of [path, ...c.aliases]) if (!group.has(s)) group.set(s, s)
    for (const s of c.aliases) group.set(find(s), find(path))
  }
}
const paths = new Set(read.flatMap((r) => [...r.commands.keys()]))
const canonical = new Map()
for (const s of group.keys()) {
  const members = [...group.keys()].filter((m) => find(m) === find(s))
  canonical.set(
    s,
    members.find((m) => !m.includes(' ') && paths.has(m)) ?? members.filter((m) => paths.has(m)).sort()[0],
  )
}
for (const r of read) {
  mergeFlags(table.global, r.global, 'docker')
  for (const [path, c] of r.commands) {
    const verb = canonical.get(path)
    const entry = (table.commands[verb] ??= { spellings: [], usage: c.usage, interspersed: true, flags: [] })
    for (const s of [path, ...c.aliases]) if (!entry.spellings.includes(s)) entry.spellings.push(s)
    entry.spellings.sort()
    // `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`: flags end at the first argument, the rest is the command's own.
    if (/\[?ARG\.\.\.\]?/.test(c.usage)) entry.interspersed = false
    mergeFlags(entry.flags, c.flags, verb)
  }
}
table.commands = Object.fromEntries(Object.entries(table.commands).sort(([a], [b]) => a.localeCompare(b)))
const out = outFile ?? fileURLToPath(new URL('../src/shared/docker/cli-table.json', import.meta.url))
const style = await prettier.resolveConfig(out)
writeFileSync(out, await prettier.format(JSON.stringify(table), { ...style, parser: 'json' }))
console.log(`${out}: ${Object.keys(table.commands).length} commands from ${table.generatedFrom.join(' + ')}`)
