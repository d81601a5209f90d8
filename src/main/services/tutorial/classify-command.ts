import type { StepBadge } from '@shared/contract'
import { readCommandLine, type DockerCommand } from '@shared/docker/command'

/** Docker verbs that delete what they name (`rm`, `rmi`, `volume rm`…) or everything of a kind (the prunes). */
const DELETING = /^(?:rm|rmi|(?:container|image|volume|network|system|builder) prune|(?:volume|network) rm)$/
/** Verbs that reach a registry. */
const NETWORKED = new Set(['pull', 'push', 'login', 'search'])
/** Programs that change the host (they need root). */
const HOST_PROGRAMS = new Set(['apt-get', 'usermod', 'groupadd', 'systemctl'])
const INSTALLERS = new Set(['apt-get', 'apt', 'dnf', 'yum'])

function dockerBadges(cmd: DockerCommand, context: { networkBuild: boolean }): StepBadge[] {
  const badges: StepBadge[] = []
  // Stopping or killing whatever a listing prints stops everything: as destructive as a removal.
  const everything = cmd.argWords.some((w) => w.substitutions.length > 0)
  if (DELETING.test(cmd.verb) || ((cmd.verb === 'stop' || cmd.verb === 'kill') && everything))
    badges.push('destructive')
  if (
    NETWORKED.has(cmd.verb) ||
    (cmd.verb === 'import' && /^https?:/.test(cmd.args[0] ?? '')) ||
    (cmd.verb === 'build' && context.networkBuild)
  )
    badges.push('network')
  if (cmd.flags.some((f) => f.name === '--privileged')) badges.push('root')
  return badges
}

/**
 * Badges a learner should see before running a command: it deletes things, it needs the network (no registry is
 * reachable offline), or it needs root / changes the host. Each simple command of the line is read on its own:
 * docker commands by the one command reader, other programs by name.
 */
export function classifyCommand(command: string, context: { networkBuild: boolean }): StepBadge[] {
  const badges = new Set<StepBadge>()
  for (const c of readCommandLine(command).commands) {
    const words = c.shell.words.map((w) => w.value)
    if (words[0] === 'sudo') badges.add('root')
    if (c.docker) {
      for (const b of dockerBadges(c.docker, context)) badges.add(b)
      continue
    }
    const program = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && w !== 'sudo' && !w.startsWith('-')) ?? ''
    const args = words.slice(words.indexOf(program) + 1)
    if (program === 'rm' && args.some((a) => /^-[a-zA-Z]*[rR]/.test(a) || a === '--recursive'))
      badges.add('destructive')
    if ((INSTALLERS.has(program) && args.includes('install')) || program === 'curl' || program === 'wget')
      badges.add('network')
    if (HOST_PROGRAMS.has(program)) badges.add('root')
  }
  return (['destructive', 'network', 'root'] as const).filter((b) => badges.has(b))
}
