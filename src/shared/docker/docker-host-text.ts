import type { Lang } from '../contract'

/** DOCKER_HOST's own fix where it names a socket that is not there: starting the usual engine would change nothing. */
const DOCKER_HOST_MISSING_TEXT: Record<Lang, string> = {
  'zh-CN':
    '环境变量 DOCKER_HOST 设为 {url}，但那里没有套接字：请启动那个引擎（Whalebook 会自行发现），或者取消 DOCKER_HOST 后重新启动 Whalebook。',
  en: 'DOCKER_HOST is set to {url}, and there is no socket there: start that engine (Whalebook notices by itself), or unset DOCKER_HOST and start Whalebook again.',
}

/**
 * That fix in `lang`, for `url` (DOCKER_HOST's value): the one wording, for a failure's record (failure.ts) and the
 * status bar alike. Small and apart from the classifier, so that the page's first code does not carry the classifier.
 */
export function dockerHostMissingText(lang: Lang, url: string): string {
  return DOCKER_HOST_MISSING_TEXT[lang].replace('{url}', url.slice(0, 200))
}
