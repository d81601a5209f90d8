import type { DisplayFlag } from '@shared/contract'
import { dockerRunOf } from '@shared/docker/command'
import { shellQuote, singleQuoted } from '@shared/docker/shell'
import type { DetectedDisplay } from './detect-display'

/** Where a run's cookie file is mounted in the container (read-only), and what XAUTHORITY names. */
export const CONTAINER_XAUTHORITY = '/tmp/.whalebook.xauth'
const X11_SOCKETS = '/tmp/.X11-unix'

export interface FlagOptions {
  /** This run's cookie file on the host; null when none is used. */
  cookieFile: string | null
  /** The GPU panel says this machine is ready for `docker run --gpus`. */
  gpuReady: boolean
}

/**
 * The `docker run` flags a graphical container needs on this display. The X server is never opened to everyone: a
 * local X server is reached through its socket folder with a cookie of this run's own, as osrf/rocker does.
 */
export function displayFlags(d: DetectedDisplay, o: FlagOptions): DisplayFlag[] {
  if (d.kind === 'none' || d.display === null) return []
  const flags: DisplayFlag[] = []
  const add = (purpose: DisplayFlag['purpose'], ...args: string[]): void => void flags.push({ purpose, args })
  add('display', '-e', `DISPLAY=${d.display}`)
  // Connecting to a socket needs no write access to its folder; WSLg's container samples mount it as it is.
  if (d.socket) add('x11-socket', '-v', `${X11_SOCKETS}:${X11_SOCKETS}${d.kind === 'wslg' ? '' : ':ro'}`)
  if (o.cookieFile) {
    add('xauth-file', '-v', `${o.cookieFile}:${CONTAINER_XAUTHORITY}:ro`)
    add('xauthority', '-e', `XAUTHORITY=${CONTAINER_XAUTHORITY}`)
  }
  add('no-mitshm', '-e', 'QT_X11_NO_MITSHM=1')
  if (d.kind === 'wayland') add('qt-xcb', '-e', 'QT_QPA_PLATFORM=xcb')
  if (d.wslg) {
    add('wslg-mount', '-v', '/mnt/wslg:/mnt/wslg')
    add('wayland-display', '-e', `WAYLAND_DISPLAY=${d.wslg.waylandDisplay}`)
    add('xdg-runtime-dir', '-e', `XDG_RUNTIME_DIR=${d.wslg.runtimeDir}`)
    add('pulse-server', '-e', `PULSE_SERVER=${d.wslg.pulseServer}`)
  }
  if (d.dri) add('dri', '--device', '/dev/dri')
  if (d.dxg) {
    add('dxg', '--device', '/dev/dxg')
    add('wsl-lib', '-v', '/usr/lib/wsl:/usr/lib/wsl:ro')
    add('wsl-lib-path', '-e', 'LD_LIBRARY_PATH=/usr/lib/wsl/lib')
  }
  if (o.gpuReady && d.kind !== 'xquartz') {
    add('gpus', '--gpus', 'all')
    // The toolkit's default capabilities mount CUDA only; OpenGL needs its graphics libraries too.
    add('nvidia-graphics', '-e', 'NVIDIA_DRIVER_CAPABILITIES=all')
  }
  return flags
}

/** The command with the flags after its `docker run`, each word shell-quoted; the command itself as written. */
export function withDisplayFlags(command: string, flags: DisplayFlag[]): string {
  const run = dockerRunOf(command)
  if (!run || flags.length === 0) return command
  const at = run.verbEnd
  const words = flags.flatMap((f) => f.args).map((w) => shellQuote(w))
  return `${command.slice(0, at)} ${words.join(' ')}${command.slice(at)}`
}

/** What the app did to make the cookie, as the learner would type it (osrf/rocker's pipeline). */
export function cookieCommand(display: string, file: string): string {
  return `xauth nlist ${singleQuoted(display)} | sed -e 's/^..../ffff/' | xauth -f ${singleQuoted(file)} nmerge -`
}
