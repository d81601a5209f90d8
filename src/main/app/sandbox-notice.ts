import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../util/atomic-file'

/**
 * An AppImage cannot use Chromium's setuid sandbox helper (its files belong to the user who mounted it), so its
 * sandbox needs unprivileged user namespaces. Where they are restricted (Ubuntu 23.10 and later: AppArmor), refused
 * (Debian's old sysctl) or absent, electron-builder's AppImage launcher starts the app with --no-sandbox, silently.
 * The app tells the learner instead: why, and what to do (the .deb, which installs an AppArmor profile; or a profile
 * for this AppImage), and lets them choose to quit or to go on without the sandbox.
 */
export type SandboxProblem = 'apparmor' | 'userns-disabled' | 'no-userns' | 'unknown'

export interface SandboxFacts {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** Chromium's --no-sandbox switch is on (the AppImage launcher adds it when user namespaces fail). */
  noSandbox: boolean
  /** Reads a /proc file; undefined where it does not exist. */
  readProc: (path: string) => string | undefined
}

export interface SandboxDiagnosis {
  problem: SandboxProblem
  /** The AppImage file the learner started. */
  appImage: string
}

export function diagnoseAppImageSandbox(facts: SandboxFacts): SandboxDiagnosis | undefined {
  const appImage = facts.env.APPIMAGE
  if (facts.platform !== 'linux' || !appImage || !facts.noSandbox) return undefined
  const read = (path: string): string | undefined => facts.readProc(path)?.trim()
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') return { problem: 'apparmor', appImage }
  if (read('/proc/sys/kernel/unprivileged_userns_clone') === '0') return { problem: 'userns-disabled', appImage }
  if (read('/proc/sys/user/max_user_namespaces') === '0') return { problem: 'no-userns', appImage }
  return { problem: 'unknown', appImage }
}

/** An AppArmor profile that lets this AppImage (and what it starts) create user namespaces, as the .deb's does. */
export function appArmorProfile(appImage: string): string {
  return [
    'abi <abi/4.0>,',
    'include <tunables/global>',
    '',
    `profile "whalebook-appimage" ${JSON.stringify(appImage)} flags=(unconfined) {`,
    '  userns,',
    '}',
    '',
  ].join('\n')
}

const PROFILE_FILE = '/etc/apparmor.d/whalebook-appimage'

const TEXT = {
  en: {
    title: 'Whalebook is running without its sandbox',
    message: 'Chromium’s sandbox could not start for this AppImage, so the window would run without it.',
    why: {
      apparmor:
        'This system (Ubuntu 23.10 or later) lets only programs with an AppArmor profile use unprivileged user namespaces, which the sandbox needs.',
      'userns-disabled': 'This system turns off unprivileged user namespaces (kernel.unprivileged_userns_clone = 0).',
      'no-userns': 'This system allows no user namespaces (user.max_user_namespaces = 0).',
      unknown: 'Unprivileged user namespaces are not available here (or the app was started with --no-sandbox).',
    },
    fixes: 'To keep the sandbox, either:',
    deb: '• install the .deb package from the release page instead: it installs an AppArmor profile for the app; or',
    profile: `• give this AppImage a profile, in a terminal (then start it again):`,
    buttons: ['Quit', 'Start without the sandbox'],
    remember: 'Do not ask again for this AppImage',
  },
  zh: {
    title: 'Whalebook 正在没有沙箱的情况下运行',
    message: '此 AppImage 无法启动 Chromium 的沙箱，窗口将在没有沙箱保护的情况下运行。',
    why: {
      apparmor: '本系统（Ubuntu 23.10 及以后）只允许带有 AppArmor 配置的程序使用非特权用户命名空间，而沙箱需要它。',
      'userns-disabled': '本系统关闭了非特权用户命名空间（kernel.unprivileged_userns_clone = 0）。',
      'no-userns': '本系统不允许任何用户命名空间（user.max_user_namespaces = 0）。',
      unknown: '这里无法使用非特权用户命名空间（或者应用是用 --no-sandbox 启动的）。',
    },
    fixes: '要保留沙箱，可以：',
    deb: '• 改为从发布页面安装 .deb 软件包：它会为应用安装 AppArmor 配置；或者',
    profile: '• 在终端里为这个 AppImage 添加配置（然后重新启动它）：',
    buttons: ['退出', '不使用沙箱继续启动'],
    remember: '对这个 AppImage 不再询问',
  },
} as const

export interface SandboxNotice {
  title: string
  message: string
  detail: string
  buttons: string[]
  checkboxLabel: string
}

export function sandboxNotice(diagnosis: SandboxDiagnosis, locale: string): SandboxNotice {
  const t = locale.toLowerCase().startsWith('zh') ? TEXT.zh : TEXT.en
  const lines = [t.why[diagnosis.problem], '', t.fixes, t.deb]
  if (diagnosis.problem === 'apparmor') {
    lines.push(
      t.profile,
      '',
      `sudo tee ${PROFILE_FILE} <<'EOF'`,
      appArmorProfile(diagnosis.appImage).trimEnd(),
      'EOF',
      `sudo apparmor_parser -r ${PROFILE_FILE}`,
    )
  }
  return {
    title: t.title,
    message: t.message,
    detail: lines.join('\n'),
    buttons: [...t.buttons],
    checkboxLabel: t.remember,
  }
}

export interface MessageBox {
  showMessageBox(options: {
    type: 'warning'
    title: string
    message: string
    detail: string
    buttons: string[]
    defaultId: number
    cancelId: number
    checkboxLabel: string
    noLink: boolean
  }): Promise<{ response: number; checkboxChecked: boolean }>
}

/** Where the learner's "do not ask again" is kept: the AppImage it was given for. */
export interface SandboxChoiceStore {
  accepted(appImage: string): boolean
  accept(appImage: string): void
}

/**
 * Tells the learner, once per start (until they tick "do not ask again"), and on stderr for a terminal start.
 * Resolves to whether to go on: Quit is the default answer.
 */
export async function confirmUnsandboxedStart(
  diagnosis: SandboxDiagnosis,
  locale: string,
  dialog: MessageBox,
  choices: SandboxChoiceStore,
  stderr: (text: string) => void,
): Promise<boolean> {
  const notice = sandboxNotice(diagnosis, locale)
  stderr(`${notice.title}\n${notice.message}\n${notice.detail}\n`)
  if (choices.accepted(diagnosis.appImage)) return true
  const answer = await dialog.showMessageBox({
    type: 'warning',
    title: notice.title,
    message: notice.message,
    detail: notice.detail,
    buttons: notice.buttons,
    defaultId: 0,
    cancelId: 0,
    checkboxLabel: notice.checkboxLabel,
    noLink: true,
  })
  if (answer.response !== 1) return false
  if (answer.checkboxChecked) choices.accept(diagnosis.appImage)
  return true
}

/** The choices in a small JSON file of the app's data folder; an unreadable file means none. */
export function sandboxChoiceFile(file: string): SandboxChoiceStore {
  const read = (): string[] => {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { accepted?: unknown }
      return Array.isArray(saved.accepted) ? saved.accepted.filter((p): p is string => typeof p === 'string') : []
    } catch {
      return []
    }
  }
  return {
    accepted: (appImage) => read().includes(appImage),
    accept: (appImage) => writeFileAtomic(file, JSON.stringify({ accepted: [...new Set([...read(), appImage])] })),
  }
}

export function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
