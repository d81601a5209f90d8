import type { ITheme } from '@xterm/xterm'

export const XTERM_THEMES: Record<'dark' | 'light', ITheme> = {
  dark: { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#264f78' },
  light: {
    background: '#ffffff',
    foreground: '#1f2328',
    cursor: '#1f2328',
    selectionBackground: '#add6ff',
    black: '#24292f',
    white: '#6e7781',
    brightWhite: '#8c959f',
    yellow: '#9a6700',
    brightYellow: '#7d4e00',
  },
}
