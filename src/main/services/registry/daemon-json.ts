import { createTwoFilesPatch } from 'diff'
import type { MirrorPlan, RegistryConfig } from '@shared/contract'
import { sameMirror } from '@shared/mirror-address'
import { singleQuoted as shellQuote } from '@shared/docker/shell'
import { errorMessage } from '@shared/errors'

type Merge = { after: string; already: boolean } | { problem: NonNullable<MirrorPlan['problem']>; detail: string }

/**
 * daemon.json with this mirror added to `registry-mirrors`, every other key kept as it was. A file that is not valid
 * JSON (or not an object) is reported and never replaced: the learner's settings are theirs to fix.
 */
export function mergeMirror(before: string | null, mirror: string): Merge {
  let settings: Record<string, unknown> = {}
  if (before !== null && before.trim() !== '') {
    let parsed: unknown
    try {
      parsed = JSON.parse(before)
    } catch (error) {
      return { problem: 'invalid-json', detail: errorMessage(error) }
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { problem: 'not-an-object', detail: 'daemon.json must hold one JSON object' }
    }
    settings = parsed as Record<string, unknown>
  }
  const current = Array.isArray(settings['registry-mirrors'])
    ? (settings['registry-mirrors'] as unknown[]).filter((m): m is string => typeof m === 'string')
    : []
  const already = current.some((m) => sameMirror(m, mirror))
  const next = { ...settings, 'registry-mirrors': already ? current : [...current, mirror] }
  return { after: `${JSON.stringify(next, null, 2)}\n`, already }
}

/** Commands that back the file up, write the merged one and restart the engine: the learner runs them, with sudo. */
export function applyCommands(path: string, after: string, kind: RegistryConfig['engineKind'], stamp: string): string {
  const dir = path.replace(/\/[^/]+$/, '')
  const sudo = kind === 'rootless' ? '' : 'sudo '
  const restart = kind === 'rootless' ? 'systemctl --user restart docker' : 'sudo systemctl restart docker'
  const q = shellQuote(path)
  return [
    `${sudo}mkdir -p ${shellQuote(dir)}`,
    `{ [ ! -e ${q} ] || ${sudo}cp -p ${q} ${shellQuote(`${path}.bak-${stamp}`)}; }`,
    `printf '%s' ${shellQuote(after)} | ${sudo}tee ${q} >/dev/null`,
    restart,
  ].join(' && \\\n  ')
}

export function mirrorPlan(input: {
  path: string | null
  kind: RegistryConfig['engineKind']
  before: string | null
  readProblem?: string
  mirror: string
  stamp: string
  /** The engine's own host, when it is another machine: the change is made there, never here. */
  remoteHost?: string | null
}): MirrorPlan {
  const remoteHost = input.remoteHost ?? null
  const base = { path: input.path, engineKind: input.kind, before: input.before, remoteHost }
  if (input.readProblem !== undefined) {
    return {
      ...base,
      alreadyConfigured: false,
      after: null,
      diff: '',
      problem: 'unreadable',
      problemDetail: input.readProblem,
      commands: null,
    }
  }
  const merged = mergeMirror(input.before, input.mirror)
  if ('problem' in merged) {
    return {
      ...base,
      alreadyConfigured: false,
      after: null,
      diff: '',
      problem: merged.problem,
      problemDetail: merged.detail,
      commands: null,
    }
  }
  // No words in the diff: the UI says, in its language, that the file does not exist yet (`before` is null).
  const diff = createTwoFilesPatch(
    input.path ?? 'daemon.json',
    input.path ?? 'daemon.json',
    input.before ?? '',
    merged.after,
  )
  // Docker Desktop's settings are edited in its own UI, Podman's in registries.conf: guided steps, no commands; a
  // remote engine's file is on its host: no commands for this machine.
  const commands =
    input.path && !remoteHost && (input.kind === 'docker' || input.kind === 'rootless') && !merged.already
      ? applyCommands(input.path, merged.after, input.kind, input.stamp)
      : null
  return {
    ...base,
    alreadyConfigured: merged.already,
    after: merged.after,
    diff,
    problem: null,
    problemDetail: null,
    commands,
  }
}
