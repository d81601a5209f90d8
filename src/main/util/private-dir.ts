import { chmodSync, mkdirSync, statSync } from 'node:fs'
import { errorMessage } from '@shared/errors'

/**
 * The app's data folder holds the learner's progress and lab files: private to the user (0700). A folder that exists
 * already is tightened only when it is the user's own; one that cannot be made or changed is reported, not fatal.
 */
export function ensurePrivateDir(dir: string, uid = process.getuid?.()): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = statSync(dir)
    if (uid !== undefined && st.uid === uid && (st.mode & 0o077) !== 0) chmodSync(dir, st.mode & 0o700)
    return undefined
  } catch (error) {
    return `The data folder ${dir} could not be prepared: ${errorMessage(error)}`
  }
}
