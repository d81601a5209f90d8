import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../../util/atomic-file'

export interface UpdateSettings {
  /** Look for a new version each time the app starts. */
  checkAtStart: boolean
}

export interface UpdateSettingsStore {
  load(): UpdateSettings
  save(settings: UpdateSettings): void
}

const DEFAULTS: UpdateSettings = { checkAtStart: true }

/** The setting in a small JSON file of the app's data folder; a missing or unreadable file means the defaults. */
export function updateSettingsFile(file: string): UpdateSettingsStore {
  return {
    load: () => {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<UpdateSettings> | null
        return { checkAtStart: saved?.checkAtStart !== false }
      } catch {
        return { ...DEFAULTS }
      }
    },
    save: (settings) => writeFileAtomic(file, JSON.stringify(settings)),
  }
}
