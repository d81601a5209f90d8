import type { UpdateStatus } from '@shared/contract'
import { ApiError, errorMessage } from '@shared/errors'
import type { UpdateSettingsStore } from './update-settings'

/** Where a learner gets a new version by hand. */
export const RELEASES_URL = 'https://github.com/whalebook/whalebook/releases/latest'

/** What the service drives of electron-updater's AppUpdater (an event emitter with these events). */
export interface Updater {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  on(event: 'checking-for-update', listener: () => void): unknown
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  /** Null when the updater is inactive here (not an AppImage, a development build). */
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

export interface UpdateServiceDeps {
  /** None in development, in `serve`, and in an install without an update feed. */
  updater?: Updater
  /**
   * install: download in the background, install on "restart to update" (AppImage, macOS, Windows).
   * notify: only say that a newer version is out (.deb, .rpm: the package manager owns the installed files, and
   * installing them would need a root password prompt out of a tutorial).
   */
  mode: 'install' | 'notify'
  currentVersion: string
  releaseUrl?: string
  settings: UpdateSettingsStore
  /** Whether a command is running in a terminal now: an update is never applied under one. */
  commandRunning: () => boolean
  emit: (status: UpdateStatus) => void
}

/**
 * The app's updates, from the forge's releases through electron-updater: a check at start unless the learner turned
 * it off, a download in the background, and "restart to update" when the learner chooses it and no command is
 * running. electron-updater verifies what it downloads (the sha512 of the release metadata on every OS; the Windows
 * installer's publisher; macOS's code signature through Squirrel.Mac); a failed verification is an `error` state
 * and nothing is installed.
 */
export class UpdateService {
  private current: UpdateStatus

  constructor(private readonly deps: UpdateServiceDeps) {
    this.current = {
      state: deps.updater ? 'idle' : 'unsupported',
      checkAtStart: deps.settings.load().checkAtStart,
      currentVersion: deps.currentVersion,
      version: null,
      percent: null,
      releaseUrl: deps.releaseUrl ?? RELEASES_URL,
      message: null,
    }
    const updater = deps.updater
    if (!updater) return
    updater.autoDownload = deps.mode === 'install'
    // Installed only when the learner chooses "restart to update", never as a side effect of quitting.
    updater.autoInstallOnAppQuit = false
    updater.on('checking-for-update', () => this.set({ state: 'checking', message: null }))
    updater.on('update-not-available', () => this.set({ state: 'idle', version: null, percent: null }))
    updater.on('update-available', (info) =>
      this.set(
        deps.mode === 'install'
          ? { state: 'downloading', version: info.version, percent: 0 }
          : { state: 'available', version: info.version },
      ),
    )
    updater.on('download-progress', (progress) =>
      this.set({ state: 'downloading', percent: Math.min(100, Math.max(0, Number(progress.percent) || 0)) }),
    )
    updater.on('update-downloaded', (info) => this.set({ state: 'ready', version: info.version, percent: 100 }))
    updater.on('error', (error) => this.set({ state: 'error', percent: null, message: firstLine(error) }))
  }

  status(): UpdateStatus {
    return { ...this.current }
  }

  /** At start: a check, unless the learner turned it off. */
  start(): void {
    if (this.current.checkAtStart) void this.check()
  }

  async check(): Promise<UpdateStatus> {
    const updater = this.deps.updater
    if (!updater || this.current.state === 'ready' || this.current.state === 'downloading') return this.status()
    try {
      const result = await updater.checkForUpdates()
      if (result === null) this.set({ state: 'unsupported' })
      // The download goes on in the background; its failure arrives as an 'error' event.
      result?.downloadPromise?.catch(() => undefined)
    } catch {
      // Reported through the 'error' event already.
    }
    return this.status()
  }

  setCheckAtStart(enabled: boolean): UpdateStatus {
    this.deps.settings.save({ checkAtStart: enabled })
    this.set({ checkAtStart: enabled })
    return this.status()
  }

  install(): { ok: true } {
    if (this.current.state !== 'ready' || !this.deps.updater) {
      throw new ApiError('BAD_REQUEST', 'No update has been downloaded yet')
    }
    if (this.deps.commandRunning()) {
      throw new ApiError(
        'TERMINAL_BUSY',
        'A command is still running in a terminal: let it finish or stop it, then restart to update.',
      )
    }
    // Silent: the learner already chose to update; run after: the new version opens in place of this one.
    this.deps.updater.quitAndInstall(true, true)
    return { ok: true }
  }

  private set(change: Partial<UpdateStatus>): void {
    this.current = { ...this.current, ...change }
    this.deps.emit(this.status())
  }
}

function firstLine(error: unknown): string {
  const text = errorMessage(error)
  return (text.split('\n')[0] ?? '').slice(0, 300)
}
