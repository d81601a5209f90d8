import { randomBytes } from 'node:crypto'
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Write-then-rename, with an fsync in between: a crash leaves either the old file or the new one, never a torn mix.
 *
 * It never follows a symbolic link. Lab folders are shared with containers (`-v $(pwd):/workspace`), so a container
 * can plant `Dockerfile -> ~/.bashrc` there: the temporary file is created with O_EXCL|O_NOFOLLOW under a random name
 * in the same folder, and rename() replaces a link at the destination instead of writing through it. Files are
 * private to the user (0600), new folders too (0700).
 */
const TEMP_SUFFIX = '.whalebook.tmp'

/** The name of a temporary file of writeFileAtomic in `dir`: random, hidden, recognisable after a crash. */
export function atomicTempPath(dir: string): string {
  return join(dir, `.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`)
}

/** Whether a file name is one of writeFileAtomic's temporary files (left behind if the process died mid-write). */
export function isAtomicTemp(name: string): boolean {
  return /^\.[0-9a-f]{16}\.whalebook\.tmp$/.test(name)
}

export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const dir = dirname(file)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = atomicTempPath(dir)
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)
  const fd = openSync(tmp, flags, mode)
  try {
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
}
