import type { DisplayKind, DisplayNote } from '@shared/contract'

/** What the display is detected from: the app's environment and a few paths; nothing is run. */
export interface DisplayFacts {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  /** `os.release()`: WSL's kernels name Microsoft. */
  kernelRelease: string
  exists: (path: string) => boolean
}

/** The learner's display, as a container must be pointed at it. */
export interface DetectedDisplay {
  kind: DisplayKind
  /** DISPLAY inside the container; null when there is no display. */
  display: string | null
  /** DISPLAY on this machine, for `xauth nlist` (the cookie); null where no cookie is used. */
  cookieDisplay: string | null
  /** Whether the X server is reached through the host's socket folder /tmp/.X11-unix (a local display). */
  socket: boolean
  /** WSLg's Wayland and PulseAudio servers. */
  wslg: { waylandDisplay: string; runtimeDir: string; pulseServer: string } | null
  /** /dev/dri: the GPU's render nodes (Mesa OpenGL for Intel and AMD). */
  dri: boolean
  /** /dev/dxg: WSL 2's GPU. */
  dxg: boolean
  notes: DisplayNote[]
}

/** `[host]:display[.screen]`, `unix:0`, or XQuartz's launchd socket path ending `:0`. */
function parseDisplay(value: string): { host: string; number: string } | undefined {
  const m = /^(.*):(\d+)(?:\.\d+)?$/.exec(value.trim())
  return m ? { host: m[1] ?? '', number: m[2] ?? '0' } : undefined
}

const isLocal = (host: string): boolean => host === '' || host === 'unix' || host.startsWith('/')

const NONE = { display: null, cookieDisplay: null, socket: false, wslg: null, dri: false, dxg: false }

/**
 * The display server a graphical container should draw on, from the environment: WSLg (WSL 2 with /mnt/wslg), a
 * Wayland session with XWayland, an X11 session, macOS with XQuartz, or none. Pure: the same facts, the same answer.
 */
export function detectDisplay(facts: DisplayFacts): DetectedDisplay {
  const { env, platform, exists } = facts
  const x = env.DISPLAY ? parseDisplay(env.DISPLAY) : undefined
  if (platform === 'win32') return { kind: 'none', ...NONE, notes: ['windows'] }
  if (platform === 'darwin') {
    const xquartz = exists('/opt/X11/bin/Xquartz') || exists('/Applications/Utilities/XQuartz.app')
    if (!xquartz) return { kind: 'none', ...NONE, notes: ['install-xquartz'] }
    // Docker Desktop runs containers in a VM: they reach XQuartz over TCP at the host's name, not through a socket.
    return {
      kind: 'xquartz',
      ...NONE,
      display: `host.docker.internal:${x?.number ?? '0'}`,
      cookieDisplay: env.DISPLAY ?? ':0',
      notes: ['xquartz-network'],
    }
  }
  const devices = { dri: exists('/dev/dri'), dxg: false }
  const wsl = /microsoft/i.test(facts.kernelRelease) || Boolean(env.WSL_DISTRO_NAME)
  if (wsl && exists('/mnt/wslg')) {
    // WSLg's XWayland admits the distribution's programs without a cookie: its socket folder is all it needs.
    return {
      kind: 'wslg',
      ...NONE,
      ...devices,
      dxg: exists('/dev/dxg'),
      display: env.DISPLAY ?? ':0',
      socket: true,
      wslg: {
        waylandDisplay: env.WAYLAND_DISPLAY ?? 'wayland-0',
        runtimeDir: env.XDG_RUNTIME_DIR ?? '/mnt/wslg/runtime-dir',
        pulseServer: env.PULSE_SERVER ?? 'unix:/mnt/wslg/PulseServer',
      },
      notes: [],
    }
  }
  const wayland = Boolean(env.WAYLAND_DISPLAY) || env.XDG_SESSION_TYPE === 'wayland'
  if (!x || !env.DISPLAY) return { kind: 'none', ...NONE, notes: [wayland ? 'wayland-only' : 'no-display'] }
  const local = isLocal(x.host)
  return {
    kind: wayland ? 'wayland' : 'x11',
    ...NONE,
    ...devices,
    display: env.DISPLAY,
    cookieDisplay: env.DISPLAY,
    socket: local,
    notes: local ? [] : ['tcp-display'],
  }
}
