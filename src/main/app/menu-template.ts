import type { MenuItemConstructorOptions } from 'electron'

/** Where Help's entries lead. */
export const DOCS_URL = 'https://github.com/whalebook/whalebook/blob/main/docs/user-guide.md'
export const ISSUES_URL = 'https://github.com/whalebook/whalebook/issues'

const LABELS = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About Whalebook',
    welcome: 'Getting Started',
    docs: 'Documentation',
    report: 'Report a Problem…',
  },
  zh: {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: '关于 Whalebook',
    welcome: '入门',
    docs: '使用文档',
    report: '报告问题…',
  },
} as const

export interface MenuActions {
  showAbout(): void
  showWelcome(): void
  openLink(url: string): void
}

/**
 * The application menu: the entries every desktop app has, in the app's language, with the platform's own
 * shortcuts (Electron's roles give Cmd on macOS, Ctrl elsewhere, and the OS's labels for the standard items).
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  locale: string,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const l = locale.toLowerCase().startsWith('zh') ? LABELS.zh : LABELS.en
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { label: l.about, click: () => actions.showAbout() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  } else {
    template.push({ label: l.file, submenu: [{ role: 'quit' }] })
  }
  template.push(
    {
      label: l.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'selectAll' },
      ],
    },
    {
      label: l.view,
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: l.window,
      role: 'windowMenu',
      submenu: mac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: l.help,
      role: 'help',
      submenu: [
        { label: l.welcome, click: () => actions.showWelcome() },
        { label: l.docs, click: () => actions.openLink(DOCS_URL) },
        { label: l.report, click: () => actions.openLink(ISSUES_URL) },
        ...(mac ? [] : [{ type: 'separator' } as const, { label: l.about, click: () => actions.showAbout() }]),
      ],
    },
  )
  return template
}
