import { z } from 'zod'
import { NoParams, Ok } from './common'

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['ipc', 'ws']),
  platform: z.string(),
  locale: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

/**
 * Where updating the app stands. `unsupported`: a development build, `serve`, or an install with no update feed;
 * `available`: a newer version is out that the app does not install itself (a .deb or .rpm: the package manager owns
 * the files), so the learner is pointed at the release; `ready`: downloaded and verified, waiting for "restart to
 * update".
 */
export const UpdateStatus = z.object({
  state: z.enum(['unsupported', 'idle', 'checking', 'downloading', 'available', 'ready', 'error']),
  /** The learner's setting: look for a new version each time the app starts. */
  checkAtStart: z.boolean(),
  currentVersion: z.string(),
  /** The newer version, once one is found. */
  version: z.string().nullable(),
  /** Download progress, 0–100, while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** The release page, to get the new version by hand (a .deb or .rpm, or after a failure). */
  releaseUrl: z.string(),
  /** What went wrong, in the updater's words (state `error`). */
  message: z.string().nullable(),
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

export const appMethods = {
  'app.info': { params: NoParams, result: AppInfo },
  'app.updateStatus': { params: NoParams, result: UpdateStatus },
  /** Looks for a new version now (and downloads it in the background where the app installs updates itself). */
  'app.checkForUpdates': { params: NoParams, result: UpdateStatus },
  'app.setCheckAtStart': { params: z.object({ enabled: z.boolean() }).strict(), result: UpdateStatus },
  /**
   * Quits, installs the downloaded update and starts the new version. TERMINAL_BUSY while a command runs in a
   * terminal (nothing is installed then); BAD_REQUEST when no update is ready.
   */
  'app.installUpdate': { params: NoParams, result: Ok },
} as const

export const appEvents = {
  /** The application menu asks the page to show one of its views (Help → About, Help → Getting started). */
  'app.navigate': z.object({ to: z.enum(['about', 'welcome']) }),
  'app.updateChanged': UpdateStatus,
} as const
