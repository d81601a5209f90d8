import type { DockerFailure } from '@shared/contract'

type Translate = (key: string, values?: Record<string, unknown>) => string

export interface FailureText {
  what: string
  fix: string
}

/**
 * A failure's account in `locale`, as every view and export tells it: the classifier's words, except where the
 * engine's state changes the fix. With DOCKER_HOST naming a socket that is not there (`dockerHostMissing`, its URL),
 * an engine that is not running is fixed by that variable, not by starting the usual engine.
 */
export function failureText(
  failure: DockerFailure,
  locale: 'zh-CN' | 'en',
  t: Translate,
  dockerHostMissing?: string,
): FailureText {
  const own = failure.text[locale]
  if (failure.kind !== 'engine-not-running' || dockerHostMissing === undefined) return own
  return { what: own.what, fix: t('status.dockerHostMissing', { url: dockerHostMissing }) }
}
