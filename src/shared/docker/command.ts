import table from './cli-table.json'
import { editDistance } from '../edit-distance'
import { commandList, type SimpleCommand, type Word } from './shell'

/**
 * The one reader of docker command lines. It reads a docker command as the CLI's flag parser (cobra and pflag) does:
 * global flags before the command, management-command spellings folded into one verb (`docker container rm`, `docker
 * rm`), each flag with its value as the CLI's own table says (`cli-table.json`, generated from `docker … --help`):
 * `--name web`, `--name=web`, `-itd`, `-p80:80`, `-dp 80:80`, `--`, and, for `run`, `create` and `exec`, flags only
 * before the image or container (the rest is the container's command). It never expands anything: a `$(…)` or a
 * `$VAR` stays a word as written, and the caller decides what it can know about it.
 */

/** A flag as given. */
export interface DockerFlag {
  /** Its long name as the CLI's help gives it (`--detach` for `-d`); an unknown flag as typed. */
  name: string
  short: string | null
  /** As typed (`-d` out of `-itd`, `--name=web`). */
  typed: string
  value: string | null
}

export interface DockerCommand {
  /** `docker` or `nvidia-docker` (the latter's `run` adds the nvidia runtime). */
  program: string
  /** One verb per command: `run`, `rm`, `rmi`, `images`, `ps`, `volume create`, `container prune`, `system prune`… */
  verb: string
  /** As typed: `container rm`, `image ls`. */
  spelling: string
  /** Where the spelling ends in the line it was read from (flags given there go right after it). */
  verbEnd: number
  /** Whether the CLI has this command (a plugin such as `compose` or a typo is not in its table). */
  known: boolean
  global: DockerFlag[]
  flags: DockerFlag[]
  /** What follows the flags: the image and its command for `run`, the names for `rm`. */
  args: string[]
  /** The same, as the shell's words (their substitutions and expansions). */
  argWords: Word[]
  /** What the CLI would refuse: `unknown flag: --nmae`, `flag needs an argument: -p`. */
  problems: string[]
}

type FlagRow = [string | null, string, string]
interface Entry {
  spellings: string[]
  usage: string
  interspersed: boolean
  flags: FlagRow[]
}

// The JSON's inferred type has arrays where the table has triples.
const TABLE = table as unknown as { global: FlagRow[]; commands: Record<string, Entry> }
const COMMANDS = TABLE.commands
const GLOBAL = TABLE.global
const HELP: FlagRow = [null, '--help', '']

/** Every spelling of every command → its verb (`container ls` → `ps`). */
const SPELLINGS = new Map<string, string>(
  Object.entries(COMMANDS).flatMap(([verb, e]) => e.spellings.map((s) => [s, verb] as const)),
)
/** First words of two-word commands (`container`, `image`, `volume`…). */
const GROUPS = new Set([...SPELLINGS.keys()].filter((s) => s.includes(' ')).map((s) => s.split(' ')[0] ?? ''))

/** The flags a verb takes, by long name and by shorthand. */
function flagIndex(rows: FlagRow[]): Map<string, FlagRow> {
  const index = new Map<string, FlagRow>()
  for (const row of [...rows, HELP]) {
    index.set(row[1], row)
    if (row[0]) index.set(row[0], row)
  }
  return index
}
const INDEX = new Map(Object.entries(COMMANDS).map(([verb, e]) => [verb, flagIndex(e.flags)]))
const GLOBAL_INDEX = flagIndex(GLOBAL)

/** Whether a verb's flag takes a value (the explainer's question); undefined for a flag the verb does not have. */
export function flagTakesValue(verb: string, flag: string): boolean | undefined {
  const row = INDEX.get(verb)?.get(flag)
  return row ? row[2] !== '' : undefined
}

/** The CLI's verbs and their spellings, for the generated corpus and the docs. */
export function dockerVerbs(): Array<{ verb: string; spellings: string[]; usage: string; flags: FlagRow[] }> {
  return Object.entries(COMMANDS).map(([verb, e]) => ({ verb, spellings: e.spellings, usage: e.usage, flags: e.flags }))
}

type WordLike = Word | string

function asWord(w: WordLike): Word {
  if (typeof w !== 'string') return w
  return { kind: 'word', raw: w, value: w, start: 0, end: 0, substitutions: [], expands: false, quoted: false }
}

/**
 * Reads flags from `words[from]` on as pflag does, into `flags`; returns where the first argument is (or the end).
 * With `stopAtArg`, the first non-flag word ends the flags.
 */
function readFlags(
  words: Word[],
  from: number,
  index: Map<string, FlagRow>,
  flags: DockerFlag[],
  problems: string[],
  stopAtArg: boolean,
  args: Word[] | undefined,
): number {
  let i = from
  for (; i < words.length; i++) {
    const w = (words[i] as Word).value
    if (w === '--') {
      if (args) args.push(...words.slice(i + 1))
      return words.length
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=')
      const name = eq === -1 ? w : w.slice(0, eq)
      const inline = eq === -1 ? null : w.slice(eq + 1)
      const row = index.get(name)
      if (!row) {
        problems.push(`unknown flag: ${name}`)
        flags.push({ name, short: null, typed: w, value: inline })
        continue
      }
      let value = inline
      if (row[2] !== '' && value === null) {
        value = words[i + 1]?.value ?? null
        if (value === null) problems.push(`flag needs an argument: ${name}`)
        else i++
      }
      flags.push({ name: row[1], short: row[0], typed: name, value })
      continue
    }
    if (w.startsWith('-') && w.length > 1) {
      // A cluster of shorthands: bools until one takes a value, which takes the rest of the word or the next word.
      const letters = w.slice(1)
      for (let k = 0; k < letters.length; k++) {
        const short = `-${letters[k]}`
        const row = index.get(short)
        if (!row || row[0] !== short) {
          problems.push(`unknown shorthand flag: '${letters[k]}' in ${w}`)
          flags.push({ name: short, short, typed: short, value: null })
          break
        }
        const rest = letters.slice(k + 1)
        if (row[2] === '') {
          if (rest.startsWith('=')) {
            flags.push({ name: row[1], short, typed: short, value: rest.slice(1) })
            break
          }
          flags.push({ name: row[1], short, typed: short, value: null })
          continue
        }
        let value: string | null = rest.startsWith('=') ? rest.slice(1) : rest
        if (rest === '') {
          value = words[i + 1]?.value ?? null
          if (value === null) problems.push(`flag needs an argument: '${letters[k]}' in ${w}`)
          else i++
        }
        flags.push({ name: row[1], short, typed: short, value })
        break
      }
      continue
    }
    if (!args) return i
    args.push(words[i] as Word)
    if (stopAtArg) {
      args.push(...words.slice(i + 1))
      return words.length
    }
  }
  return i
}

/** Words before the program that do not change which program runs: `sudo`, `sudo -E`, `env`, `VAR=value`. */
function programAt(words: Word[]): number {
  let i = 0
  for (;;) {
    const w = words[i]?.value ?? ''
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w === 'env' || w === 'command' || w === 'nohup') i++
    else if (w === 'sudo') {
      i++
      while ((words[i]?.value ?? '').startsWith('-')) {
        const option = words[i]?.value ?? ''
        i += /^-[ugpCDhrtUT]$/.test(option) ? 2 : 1
      }
    } else return i
  }
}

/** Reads one simple command as a docker command, or undefined when it is not one (`ls`, `cd`, `sudo apt-get`). */
export function readDockerCommand(input: readonly WordLike[]): DockerCommand | undefined {
  const words = input.map(asWord)
  let i = programAt(words)
  const program = (words[i]?.value ?? '').split('/').pop() ?? ''
  if (program !== 'docker' && program !== 'nvidia-docker') return undefined
  const global: DockerFlag[] = []
  const problems: string[] = []
  i = readFlags(words, i + 1, GLOBAL_INDEX, global, problems, true, undefined)
  const first = words[i]?.value ?? ''
  const second = words[i + 1]?.value ?? ''
  // The longest spelling the CLI has (`trust key generate`, `image ls`, `ps`); a group's unknown subcommand as two.
  let spelling =
    [3, 2, 1]
      .map((n) => words.slice(i, i + n).map((w) => w.value))
      .filter((ws) => ws.every((w) => w && !w.startsWith('-')))
      .map((ws) => ws.join(' '))
      .find((s) => SPELLINGS.has(s)) ?? first
  if (!SPELLINGS.has(spelling) && GROUPS.has(first) && second && !second.startsWith('-'))
    spelling = `${first} ${second}`
  const verb = SPELLINGS.get(spelling) ?? (global.some((f) => f.name === '--version') && !first ? 'version' : spelling)
  const entry = COMMANDS[verb]
  const verbEnd = spelling ? (words[i + spelling.split(' ').length - 1]?.end ?? 0) : 0
  if (spelling) i += spelling.split(' ').length
  if (!entry && spelling) problems.push(`unknown command: docker ${spelling}`)
  const flags: DockerFlag[] = []
  const argWords: Word[] = []
  const index = INDEX.get(verb) ?? flagIndex([])
  readFlags(words, i, index, flags, entry ? problems : [], entry ? !entry.interspersed : false, argWords)
  return {
    program,
    verb,
    spelling,
    verbEnd,
    known: entry !== undefined,
    global,
    flags,
    args: argWords.map((w) => w.value),
    argWords,
    problems,
  }
}

/** Whether a flag was given, by any of its spellings (`-d` or `--detach`). */
export function hasFlag(cmd: DockerCommand, ...names: string[]): boolean {
  return cmd.flags.some((f) => names.includes(f.name) || (f.short !== null && names.includes(f.short)))
}

/** Every value a flag was given, by any of its spellings. */
export function flagValues(cmd: DockerCommand, ...names: string[]): string[] {
  return cmd.flags
    .filter((f) => (names.includes(f.name) || (f.short !== null && names.includes(f.short))) && f.value !== null)
    .map((f) => f.value ?? '')
}

/** One simple command of a line, and what it is when it is a docker command. */
export interface ReadCommand {
  shell: SimpleCommand
  /** The simple command as written in the line. */
  text: string
  docker: DockerCommand | undefined
}

export interface ReadLine {
  commands: ReadCommand[]
  /** More than simple commands joined by `&&`, `||`, `;`, `|`, `&`: a subshell, a loop, a here-document, an open quote. */
  complex: boolean
}

/** Every simple command of a command line, each read as a docker command where it is one. */
export function readCommandLine(line: string): ReadLine {
  const { commands, complex } = commandList(line)
  return {
    complex,
    commands: commands.map((shell) => ({
      shell,
      text: line.slice(shell.start, shell.end),
      docker: readDockerCommand(shell.words),
    })),
  }
}

/** The docker commands of a command line (other programs left out). */
export function dockerCommands(line: string): DockerCommand[] {
  return readCommandLine(line).commands.flatMap((c) => (c.docker ? [c.docker] : []))
}

/** The first `docker run`/`create` of a line (the book's explainer and chapter images read it). */
export function dockerRunOf(line: string): DockerCommand | undefined {
  return dockerCommands(line).find((c) => c.verb === 'run' || c.verb === 'create')
}

/** Whether the text has a docker command that does `verb` (`build` for `docker image build` too). */
export function runsDocker(line: string, ...verbs: string[]): boolean {
  return dockerCommands(line).some((c) => verbs.includes(c.verb))
}

/**
 * The docker command nearest to one the CLI did not know (`rnu` → `run`; `lss` in the `container` group → `ls`), from
 * the CLI's own table; undefined when none is within two edits.
 */
export function nearestDockerCommand(typed: string, group?: string): string | undefined {
  const words = new Set<string>()
  for (const spelling of SPELLINGS.keys()) {
    const [first, second] = spelling.split(' ')
    if (group === undefined && first) words.add(first)
    else if (group !== undefined && first === group && second) words.add(second)
  }
  if (group === undefined) for (const g of GROUPS) words.add(g)
  let best: { word: string; distance: number } | undefined
  for (const word of [...words].sort()) {
    const distance = word.startsWith(typed) && typed.length >= 2 ? 1 : editDistance(typed, word)
    if (distance <= 2 && (!best || distance < best.distance)) best = { word, distance }
  }
  return best?.word
}

/**
 * Whether a command line leaves the learner at a program's prompt, typing into it: `docker run -it`, `docker exec -i`,
 * `docker start -ai`, `docker attach`; not one that runs it in the background (`docker run -dit`).
 */
export function takesKeyboard(line: string): boolean {
  return dockerCommands(line).some(
    (c) =>
      c.verb === 'attach' ||
      (['run', 'exec', 'start'].includes(c.verb) && hasFlag(c, '--interactive') && !hasFlag(c, '--detach')),
  )
}

/** Whether a command line runs a GPU container: `--gpus`, the nvidia runtime, or the old nvidia-docker wrapper. */
export function usesGpu(line: string): boolean {
  return dockerCommands(line).some(
    (c) =>
      c.program === 'nvidia-docker' ||
      ((c.verb === 'run' || c.verb === 'create') &&
        (hasFlag(c, '--gpus') || flagValues(c, '--runtime').includes('nvidia'))),
  )
}

/** What a positional argument names, as the CLI's usage line says: `CONTAINER`, `IMAGE`, `TERM`… */
export type ArgumentRole = 'container' | 'image' | 'volume' | 'network' | 'term'

/** One positional argument of a verb's usage line. */
export interface UsageArgument {
  role: ArgumentRole | null
  required: boolean
  /** `[CONTAINER...]`: it takes any number more. */
  repeats: boolean
}

const ROLE_WORDS: Array<[RegExp, ArgumentRole]> = [
  [/^(?:CONTAINER|NAME\|ID)$/, 'container'],
  [/^(?:SOURCE_)?IMAGE(?:\[:TAG\])?$/, 'image'],
  [/^VOLUME$/, 'volume'],
  [/^NETWORK$/, 'network'],
  [/^TERM$/, 'term'],
]

/**
 * A verb's positional arguments, read from its usage line in the CLI's table (`docker container stop [OPTIONS]
 * CONTAINER [CONTAINER...]`): which name a container, an image, a search term, and which the CLI requires.
 */
export function usageArguments(verb: string): UsageArgument[] {
  const usage = COMMANDS[verb]?.usage
  if (!usage) return []
  const spelling = COMMANDS[verb]?.spellings.find((s) => usage.startsWith(`docker ${s}`)) ?? verb
  const rest = usage.slice(`docker ${spelling}`.length).trim()
  const out: UsageArgument[] = []
  for (const part of rest.split(/\s+/)) {
    if (!part || /^\[?(?:OPTIONS|flags)\]$/.test(part) || part === '|') continue
    const required = !part.startsWith('[')
    const repeats = part.endsWith('...]') || part.endsWith('...')
    const word = (required ? part : part.slice(1, -1)).replace(/\.\.\.$/, '')
    const role = ROLE_WORDS.find(([re]) => re.test(word))?.[1] ?? null
    // `[CONTAINER...]` after a `CONTAINER` is the same argument, repeated.
    if (repeats && !required && out.at(-1)?.role === role && role) {
      const last = out.at(-1)
      if (last) last.repeats = true
      continue
    }
    out.push({ role, required, repeats })
  }
  return out
}

/** The role of each of a command's positional arguments (null where its usage says nothing this app knows). */
export function argumentRoles(cmd: DockerCommand): Array<ArgumentRole | null> {
  const usage = usageArguments(cmd.verb)
  return cmd.args.map((_, i) => {
    const last = usage.at(-1)
    const u = usage[i] ?? (last?.repeats ? last : undefined)
    return u?.role ?? null
  })
}
