import { DOCKER_RUN_FLAGS } from './docker-run'
import { words } from './shell-lex'

/**
 * The docker commands of a command line, read well enough to know what each is meant to do: `docker run --name web -d
 * -p 80:80 nginx && docker ps` is a `run` and a `ps`. Management-command spellings are folded into the classic ones
 * (`docker container rm` is `rm`, `docker image ls` is `images`). Not a shell: no expansion; a `$(…)` stays one word.
 */
export interface DockerCommand {
  /** `run`, `build`, `rm`, `rmi`, `images`, `ps`, `volume create`, `container prune`, `system prune`… */
  verb: string
  /** Flags as given (`-p` may repeat): long and short spellings of one flag are kept under the name used. */
  flags: Array<{ name: string; value: string | null }>
  /** What follows the flags: the image and its command for `run`, the names for `rm`. */
  args: string[]
}

const SEPARATORS = new Set(['&&', '||', ';', '|', '&'])

/** The simple commands of a line, as word lists, split at unquoted `&&`, `||`, `;`, `|` (written apart). */
export function simpleCommands(line: string): string[][] {
  const out: string[][] = [[]]
  for (const w of words(line)) {
    if (SEPARATORS.has(w)) out.push([])
    else if (w.endsWith(';') && !w.startsWith('$(')) {
      out[out.length - 1]?.push(w.slice(0, -1))
      out.push([])
    } else out[out.length - 1]?.push(w)
  }
  return out.filter((c) => c.length > 0)
}

/** Flags that take a value, per verb (run's come from the book's own table). */
const VALUED: Record<string, Set<string>> = {
  run: new Set(DOCKER_RUN_FLAGS.filter((f) => f.value).flatMap((f) => f.names)),
  create: new Set(DOCKER_RUN_FLAGS.filter((f) => f.value).flatMap((f) => f.names)),
  build: new Set(['-t', '--tag', '-f', '--file', '--build-arg', '--target', '--network', '--platform', '--label']),
  commit: new Set(['-m', '--message', '-a', '--author', '-c', '--change']),
  ps: new Set(['-f', '--filter', '--format', '-n', '--last']),
  images: new Set(['-f', '--filter', '--format']),
  'volume ls': new Set(['-f', '--filter', '--format']),
  'volume create': new Set(['-d', '--driver', '--name', '-o', '--opt', '--label']),
  'network create': new Set(['-d', '--driver', '--subnet', '--gateway', '--label', '-o', '--opt']),
  'container prune': new Set(['--filter']),
  'image prune': new Set(['--filter']),
  'volume prune': new Set(['--filter']),
  'network prune': new Set(['--filter']),
  'system prune': new Set(['--filter']),
  logs: new Set(['--tail', '-n', '--since', '--until']),
  stop: new Set(['-t', '--time']),
  restart: new Set(['-t', '--time']),
  exec: new Set(['-e', '--env', '-u', '--user', '-w', '--workdir']),
  tag: new Set([]),
}

const ALIASES: Record<string, string> = {
  'container run': 'run',
  'container create': 'create',
  'container rm': 'rm',
  'container ls': 'ps',
  'container list': 'ps',
  'container ps': 'ps',
  'container start': 'start',
  'container stop': 'stop',
  'container restart': 'restart',
  'container commit': 'commit',
  'container exec': 'exec',
  'container logs': 'logs',
  'container inspect': 'inspect',
  'image build': 'build',
  'image rm': 'rmi',
  'image remove': 'rmi',
  'image ls': 'images',
  'image list': 'images',
  'image pull': 'pull',
  'image tag': 'tag',
  'image history': 'history',
  'image inspect': 'inspect',
  'builder prune': 'builder prune',
}

/** Verbs spelled in two words (`volume create`); the first word alone is not a command. */
const GROUPS = new Set(['container', 'image', 'volume', 'network', 'system', 'builder'])

/** Reads one simple command as a docker command, or undefined when it is not one (`ls`, `cd`, `sudo apt-get`). */
export function parseDockerCommand(command: readonly string[]): DockerCommand | undefined {
  let i = 0
  while (i < command.length && (command[i] === 'sudo' || /^[A-Z_][A-Z0-9_]*=/.test(command[i] ?? ''))) i++
  if (!/^(?:docker|nvidia-docker)$/.test(command[i] ?? '')) return undefined
  i++
  // Global options before the verb (`docker -H tcp://… ps`): skip them and their values.
  while ((command[i] ?? '').startsWith('-'))
    i += /^(?:-H|--host|--context|-c|--config|-l|--log-level)$/.test(command[i] ?? '') ? 2 : 1
  let verb = command[i] ?? ''
  i++
  if (GROUPS.has(verb) && command[i]) {
    verb = `${verb} ${command[i]}`
    i++
  }
  verb = ALIASES[verb] ?? verb
  if (!verb) return undefined
  const valued = VALUED[verb] ?? new Set<string>()
  const flags: DockerCommand['flags'] = []
  const args: string[] = []
  for (; i < command.length; i++) {
    const w = command[i] ?? ''
    // For run and exec, the first word that is not a flag is the image or container: the rest is its command.
    if (args.length > 0 && (verb === 'run' || verb === 'create' || verb === 'exec')) {
      args.push(w)
      continue
    }
    if (w === '--') {
      args.push(...command.slice(i + 1))
      break
    }
    if (w.startsWith('--') && w.includes('=')) {
      const at = w.indexOf('=')
      flags.push({ name: w.slice(0, at), value: w.slice(at + 1) })
    } else if (w.startsWith('-') && w.length > 1) {
      if (valued.has(w)) {
        flags.push({ name: w, value: command[i + 1] ?? '' })
        i++
      } else if (!w.startsWith('--') && w.length > 2) {
        // Clustered short flags: `-aq`, `-it`, or `-p80:80` (a valued flag with its value attached).
        const first = `-${w[1]}`
        if (valued.has(first)) flags.push({ name: first, value: w.slice(2) })
        else for (const c of w.slice(1)) flags.push({ name: `-${c}`, value: null })
      } else flags.push({ name: w, value: null })
    } else args.push(w)
  }
  return { verb, flags, args }
}

/** Whether a flag was given, by any of its spellings. */
export function hasFlag(cmd: DockerCommand, ...names: string[]): boolean {
  return cmd.flags.some((f) => names.includes(f.name))
}

/** Every value a flag was given, by any of its spellings. */
export function flagValues(cmd: DockerCommand, ...names: string[]): string[] {
  return cmd.flags.filter((f) => names.includes(f.name) && f.value !== null).map((f) => f.value ?? '')
}

/** The docker commands of a command line (other commands left out). */
export function dockerCommands(line: string): DockerCommand[] {
  return simpleCommands(line)
    .map(parseDockerCommand)
    .filter((c): c is DockerCommand => c !== undefined)
}
