import type { StepBadge } from '@shared/contract'

const DESTRUCTIVE = [
  /\bdocker\s+(?:rm|rmi)\b/,
  /\bdocker\s+(?:container|image|volume|network)\s+(?:rm|remove|prune)\b/,
  /\bdocker\s+(?:system|builder)\s+prune\b/,
  /\bdocker\s+(?:stop|kill)\s+\$\(/,
  /\brm\s+-[a-z]*r/,
]
const NETWORK = [
  /\bdocker\s+(?:image\s+)?(?:pull|push|login|search)\b/,
  /\bdocker\s+import\s+https?:/,
  /\b(?:apt-get|apt|dnf|yum)\s+install\b/,
  /\b(?:curl|wget)\b/,
]
const ROOT = [/(?:^|[;&|]\s*)sudo\b/, /\b(?:apt-get|usermod|groupadd|systemctl)\b/, /--privileged\b/]

/**
 * Badges a learner should see before running a command: it deletes things, it needs the network
 * (no registry is reachable offline), or it needs root / changes the host.
 */
export function classifyCommand(command: string, context: { networkBuild: boolean }): StepBadge[] {
  const badges: StepBadge[] = []
  if (DESTRUCTIVE.some((r) => r.test(command))) badges.push('destructive')
  if (
    NETWORK.some((r) => r.test(command)) ||
    (context.networkBuild && /\bdocker\s+(?:image\s+)?build\b/.test(command))
  ) {
    badges.push('network')
  }
  if (ROOT.some((r) => r.test(command))) badges.push('root')
  return badges
}
