import fc from 'fast-check'
import { dockerVerbs } from '@shared/docker/command'
import { shellQuote } from '@shared/docker/shell'

/** A generated docker command line and what it means: the flags and arguments it was made of. */
export interface GeneratedCommand {
  line: string
  verb: string
  flags: Array<{ name: string; value: string | null }>
  args: string[]
}

interface FlagSpec {
  short: string | null
  long: string
  /** Values the real CLI accepts for it (its own checks run before any request); null for a bool. */
  value: fc.Arbitrary<string> | null
}

const name = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/)
const path = fc.stringMatching(/^\/[a-z0-9_]{1,8}(?:\/[a-z0-9_]{1,8}){0,2}$/)
const port = fc.integer({ min: 1, max: 65535 })
/** Words a container's command may hold, flags and shell syntax included: they are its, not docker's. */
const commandWord = fc.oneof(
  fc.stringMatching(/^[a-z0-9_./=:-]{1,10}$/),
  fc.constantFrom('-c', '--rm', '-it', '-p80:80', '--', 'echo hi; id', '$(id)', "it's", '-'),
)

/** The flags of `docker run` the generated commands use, with values the CLI accepts (it checks them itself). */
export const RUN_FLAGS: FlagSpec[] = [
  { short: '-d', long: '--detach', value: null },
  { short: '-i', long: '--interactive', value: null },
  { short: '-t', long: '--tty', value: null },
  { short: '-P', long: '--publish-all', value: null },
  { short: null, long: '--rm', value: null },
  { short: null, long: '--privileged', value: null },
  { short: null, long: '--init', value: null },
  { short: null, long: '--read-only', value: null },
  { short: null, long: '--name', value: name },
  { short: '-e', long: '--env', value: fc.tuple(name, name).map(([k, v]) => `${k.toUpperCase()}=${v}`) },
  { short: '-p', long: '--publish', value: fc.tuple(port, port).map(([h, c]) => `${h}:${c}`) },
  { short: '-v', long: '--volume', value: fc.tuple(path, path).map(([a, b]) => `${a}:${b}`) },
  { short: '-w', long: '--workdir', value: path },
  { short: '-u', long: '--user', value: fc.integer({ min: 0, max: 65000 }).map(String) },
  { short: '-h', long: '--hostname', value: name },
  { short: '-l', long: '--label', value: fc.tuple(name, name).map(([k, v]) => `${k}=${v}`) },
  { short: '-m', long: '--memory', value: fc.integer({ min: 8, max: 512 }).map((m) => `${m}m`) },
  { short: null, long: '--network', value: name },
  { short: null, long: '--restart', value: fc.constantFrom('no', 'always', 'on-failure', 'unless-stopped') },
  { short: null, long: '--entrypoint', value: fc.constantFrom('sh', '/bin/true', '') },
  { short: null, long: '--add-host', value: name.map((h) => `${h}:10.0.0.1`) },
  { short: null, long: '--shm-size', value: fc.integer({ min: 1, max: 512 }).map((m) => `${m}m`) },
  { short: null, long: '--cpuset-cpus', value: fc.constantFrom('0', '0-1', '0,1') },
  { short: null, long: '--stop-signal', value: fc.constantFrom('SIGTERM', 'SIGKILL') },
]

/** Every flag of a verb from the CLI's table, with any value (for the reader alone: the CLI would check values). */
export function tableFlags(verb: string): FlagSpec[] {
  const entry = dockerVerbs().find((v) => v.verb === verb)
  return (entry?.flags ?? []).map(([short, long, type]) => ({
    short,
    long,
    value: type === '' ? null : fc.string({ minLength: 1, maxLength: 12 }),
  }))
}

export const IMAGES = [
  'nginx',
  'nginx:1.25',
  'ubuntu:18.04',
  'library/busybox',
  '127.0.0.1:5000/team/app:v1',
  'a-b_c.d',
]

/** How one flag is spelled: `--name web`, `--name=web`, `-e X=1`, `-p80:80`. */
function spelled(spec: FlagSpec, value: string | null, form: number): { words: string[]; attachable: boolean } {
  if (value === null) return { words: [form % 2 && spec.short ? spec.short : spec.long], attachable: true }
  const q = shellQuote(value)
  if (!spec.short || form % 3 === 0) return { words: [spec.long, q], attachable: false }
  if (form % 3 === 1) return { words: [`${spec.long}=${q}`], attachable: false }
  // `-p80:80`; pflag takes a leading `=` off an attached value, so such a value goes apart.
  if (value !== '' && !value.startsWith('=')) return { words: [`${spec.short}${q}`], attachable: false }
  return { words: [spec.short, q], attachable: false }
}

/**
 * `docker run` (or another spelling of it, or of `create`) with some of `flags`, each spelled one of the ways the CLI
 * takes it, bool shorthands sometimes joined (`-itd`), `--` sometimes before the image, and a command whose own
 * flags are its, not docker's.
 */
export function dockerRunCommand(
  flags: FlagSpec[] = RUN_FLAGS,
  spellings = ['run', 'container run'],
): fc.Arbitrary<GeneratedCommand> {
  const flag = fc.integer({ min: 0, max: flags.length - 1 }).chain((k) => {
    const spec = flags[k] as FlagSpec
    return fc.tuple(fc.constant(spec), spec.value ?? fc.constant(null), fc.nat(5))
  })
  return fc
    .record({
      spelling: fc.constantFrom(...spellings),
      flags: fc.array(flag, { maxLength: 6 }),
      join: fc.boolean(),
      dashdash: fc.boolean(),
      image: fc.constantFrom(...IMAGES),
      command: fc.array(commandWord, { maxLength: 4 }),
    })
    .map(({ spelling, flags: chosen, join, dashdash, image, command }) => {
      const words: string[] = []
      let cluster: string | null = null
      for (const [spec, value, form] of chosen) {
        const s = spelled(spec, value, form)
        // Bool shorthands in a row may be written as one word (`-itd`).
        if (join && value === null && spec.short && s.words[0] === spec.short) {
          cluster = cluster === null ? spec.short : `${cluster}${spec.short.slice(1)}`
          continue
        }
        if (cluster !== null) words.push(cluster)
        cluster = null
        words.push(...s.words)
      }
      if (cluster !== null) words.push(cluster)
      const line = [
        'docker',
        spelling,
        ...words,
        ...(dashdash ? ['--'] : []),
        image,
        ...command.map((c) => shellQuote(c)),
      ]
      return {
        line: line.join(' '),
        verb: spelling.replace('container ', ''),
        flags: chosen.map(([spec, value]) => ({ name: spec.long, value })),
        args: [image, ...command],
      }
    })
}

/** Commands on named objects, their names given in any of the ways the CLI reads them. */
export function dockerObjectCommand(): fc.Arbitrary<GeneratedCommand> {
  const names = fc.array(name, { minLength: 1, maxLength: 3 })
  return fc.oneof(
    fc.tuple(fc.constantFrom('rm', 'container rm'), fc.subarray(['-f', '-v']), names).map(([s, f, a]) => ({
      line: `docker ${s} ${[...f, ...a].join(' ')}`,
      verb: 'rm',
      flags: f.map((x) => ({ name: x === '-f' ? '--force' : '--volumes', value: null })),
      args: a,
    })),
    fc.tuple(fc.constantFrom('rmi', 'image rm', 'image remove'), names, fc.boolean()).map(([s, a, force]) => ({
      line: `docker ${s} ${a.join(' ')}${force ? ' --force' : ''}`,
      verb: 'rmi',
      flags: force ? [{ name: '--force', value: null }] : [],
      args: a,
    })),
    fc.tuple(fc.constantFrom('stop', 'container stop'), names, fc.integer({ min: 0, max: 9 })).map(([s, a, t]) => ({
      line: `docker ${s} -t${t} ${a.join(' ')}`,
      verb: 'stop',
      flags: [{ name: '-t', value: String(t) }],
      args: a,
    })),
    fc.tuple(fc.constantFrom('volume rm', 'volume remove'), names).map(([s, a]) => ({
      line: `docker ${s} ${a.join(' ')}`,
      verb: 'volume rm',
      flags: [],
      args: a,
    })),
    fc.tuple(fc.constantFrom('pull', 'image pull'), fc.constantFrom(...IMAGES)).map(([s, image]) => ({
      line: `docker ${s} -q ${image}`,
      verb: 'pull',
      flags: [{ name: '--quiet', value: null }],
      args: [image],
    })),
  )
}
