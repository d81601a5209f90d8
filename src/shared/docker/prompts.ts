import { hasFlag, readCommandLine, type DockerCommand } from './command'

/**
 * The questions the docker CLI asks in the terminal before it acts, and which of them the app may answer for the
 * learner. A `prune` asks `Are you sure you want to continue? [y/N]`: once the learner has confirmed in the app (the
 * deletion preview), the app runs the step with the CLI's own `--force`, so the terminal never waits on a question
 * nobody mentioned. A login asks for a password, which the app never types.
 */
export interface DockerPrompt {
  /** `confirm`: a `[y/N]`; `credentials`: a username and password; `permissions`: a plugin's `[y/N]` on its rights. */
  kind: 'confirm' | 'credentials' | 'permissions'
  /** The command (as its verb) that asks. */
  verb: string
  /** The flag that answers it, where the app may add it after the learner's confirmation; null where only they can. */
  answer: string | null
}

/** Verbs that ask `[y/N]` unless `--force` is given. */
const CONFIRMS = new Set([
  'container prune',
  'image prune',
  'network prune',
  'volume prune',
  'system prune',
  'builder prune',
  'trust signer remove',
])

function promptOf(cmd: DockerCommand): DockerPrompt | undefined {
  if (CONFIRMS.has(cmd.verb) && !hasFlag(cmd, '--force')) return { kind: 'confirm', verb: cmd.verb, answer: '--force' }
  if (cmd.verb === 'plugin install' && !hasFlag(cmd, '--grant-all-permissions'))
    return { kind: 'permissions', verb: cmd.verb, answer: '--grant-all-permissions' }
  if (cmd.verb === 'login' && !(hasFlag(cmd, '--username') && hasFlag(cmd, '--password', '--password-stdin')))
    return { kind: 'credentials', verb: cmd.verb, answer: null }
  return undefined
}

/** The questions a command line's docker commands will ask in the terminal, in order. */
export function dockerPrompts(line: string): DockerPrompt[] {
  return readCommandLine(line).commands.flatMap((c) => {
    const p = c.docker?.known ? promptOf(c.docker) : undefined
    return p ? [p] : []
  })
}

/**
 * The line with each question the app may answer answered by its flag, written right after the command's verb
 * (`docker container prune` → `docker container prune --force`): to be sent only after the learner has confirmed
 * in the app what the command will do. Everything else stays as it was typed, quoting included.
 */
export function answerPrompts(line: string): string {
  const edits: number[] = []
  const flags: string[] = []
  for (const c of readCommandLine(line).commands) {
    const p = c.docker?.known ? promptOf(c.docker) : undefined
    if (p?.answer && c.docker) {
      edits.push(c.docker.verbEnd)
      flags.push(p.answer)
    }
  }
  let out = line
  for (let i = edits.length - 1; i >= 0; i--) {
    const at = edits[i] ?? 0
    out = `${out.slice(0, at)} ${flags[i]}${out.slice(at)}`
  }
  return out
}
