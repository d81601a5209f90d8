import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import electronUpdater, { type AppUpdater } from 'electron-updater'
import type { Updater } from '../services/updater/update-service'

/**
 * electron-updater's updater for this install, or none (a development build, or no update feed: a `--dir` build).
 * electron-updater's own choice reads resources/package-type first; but electron-builder builds the AppImage, the
 * .deb and the .rpm from one folder, where the .deb's and .rpm's package-type can land in the AppImage too. So an
 * AppImage (APPIMAGE is set by its runtime) is recognised first.
 */
export function platformUpdater(options: {
  packaged: boolean
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  resourcesPath: string | undefined
}): { updater: Updater; mode: 'install' | 'notify' } | undefined {
  const { resourcesPath } = options
  if (!options.packaged || !resourcesPath || !existsSync(join(resourcesPath, 'app-update.yml'))) return undefined
  const chosen = choose(options.platform, options.env, resourcesPath)
  // Its warnings and errors go where the app's own do; its progress chatter does not (the UI shows the state).
  if (chosen) chosen.updater.logger = { info: () => undefined, warn: log, error: log }
  return chosen
}

const log = (message: unknown): void => console.error(`[whalebook] updater: ${String(message)}`)

function choose(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  resourcesPath: string,
): { updater: AppUpdater; mode: 'install' | 'notify' } | undefined {
  const { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater, RpmUpdater } = electronUpdater
  if (platform === 'win32') return { updater: new NsisUpdater(), mode: 'install' }
  if (platform === 'darwin') return { updater: new MacUpdater(), mode: 'install' }
  if (env.APPIMAGE) return { updater: new AppImageUpdater(), mode: 'install' }
  let packageType = ''
  try {
    packageType = readFileSync(join(resourcesPath, 'package-type'), 'utf8').trim()
  } catch {
    return undefined
  }
  if (packageType === 'deb') return { updater: new DebUpdater(), mode: 'notify' }
  if (packageType === 'rpm') return { updater: new RpmUpdater(), mode: 'notify' }
  return undefined
}
