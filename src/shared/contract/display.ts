import { z } from 'zod'

/** The learner's display server, as far as a container is concerned. */
export const DisplayKind = z.enum([
  /** An X11 session: DISPLAY is a local X server. */
  'x11',
  /** A Wayland session with XWayland: X11 programs (and Qt told to use xcb) draw through XWayland. */
  'wayland',
  /** Windows' WSLg: its X11, Wayland and PulseAudio servers under /mnt/wslg. */
  'wslg',
  /** macOS with XQuartz, reached over TCP through Docker Desktop's host.docker.internal. */
  'xquartz',
  /** No display a container can reach. */
  'none',
])
export type DisplayKind = z.infer<typeof DisplayKind>

/** What one `docker run` flag of the display helper is for; the UI explains each in the learner's language. */
export const DisplayFlagPurpose = z.enum([
  'display',
  'x11-socket',
  'xauth-file',
  'xauthority',
  'no-mitshm',
  'qt-xcb',
  'wslg-mount',
  'wayland-display',
  'xdg-runtime-dir',
  'pulse-server',
  'dri',
  'dxg',
  'wsl-lib',
  'wsl-lib-path',
  'gpus',
  'nvidia-graphics',
])
export type DisplayFlagPurpose = z.infer<typeof DisplayFlagPurpose>

export const DisplayFlag = z.object({
  purpose: DisplayFlagPurpose,
  /** The flag's words as docker gets them (`['-e', 'DISPLAY=:0']`), unquoted. */
  args: z.array(z.string()),
})
export type DisplayFlag = z.infer<typeof DisplayFlag>

/** What the learner should know about their display before running a graphical container. */
export const DisplayNote = z.enum([
  /** No DISPLAY and no Wayland: a server, or an SSH session without X forwarding. */
  'no-display',
  /** Wayland without XWayland: X11 programs have nothing to draw on. */
  'wayland-only',
  /** Windows itself: graphical containers run from WSL 2 with WSLg. */
  'windows',
  /** macOS without XQuartz. */
  'install-xquartz',
  /** XQuartz must allow network clients (its Security settings), then be restarted. */
  'xquartz-network',
  /** DISPLAY names a host (`localhost:10.0`, SSH X forwarding): only a container on the host's network reaches it. */
  'tcp-display',
  /** `xauth` is not installed: no cookie can be made (install it; the helper never falls back to `xhost +`). */
  'no-xauth',
  /** The X server has no cookie for this display (it admits local programs without one): none is mounted. */
  'no-cookie',
  /** The engine runs on another machine: a container's window would open there, with that machine's files. */
  'remote-engine',
])
export type DisplayNote = z.infer<typeof DisplayNote>

export const DisplaySetup = z.object({
  kind: DisplayKind,
  /** The DISPLAY the container gets (`:0`, `host.docker.internal:0`); null when there is none. */
  display: z.string().nullable(),
  flags: z.array(DisplayFlag),
  notes: z.array(DisplayNote),
  /** This run's Xauthority cookie file, private to the user and mounted read-only; null when none is used. */
  cookieFile: z.string().nullable(),
  /** The shell pipeline that makes the same cookie by hand (osrf/rocker's), shown to the learner. */
  cookieCommand: z.string().nullable(),
  /** The command given, with the flags put in after its `docker run` and every word shell-quoted; else null. */
  command: z.string().nullable(),
})
export type DisplaySetup = z.infer<typeof DisplaySetup>

export const displayMethods = {
  /**
   * Detects the display and composes the flags a graphical container needs on it, with a fresh Xauthority cookie
   * file for this run where the display uses one; with `command`, also that command with the flags in it.
   */
  'display.prepare': {
    params: z
      .object({
        command: z
          .string()
          .min(1)
          .max(64 * 1024)
          .optional(),
      })
      .strict(),
    result: DisplaySetup,
  },
} as const

export const displayEvents = {} as const
