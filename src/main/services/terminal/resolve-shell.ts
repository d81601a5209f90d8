import { accessSync, constants, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { ApiError } from '@shared/errors'
import { findOnPath } from '../../util/find-on-path'

/** The shell to start: the one asked for, else the login shell ($SHELL), else bash (PowerShell on Windows). */
export function resolveShell(requested: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const wanted = requested ?? env.SHELL ?? (platform === 'win32' ? 'powershell.exe' : 'bash')
  if (isAbsolute(wanted)) {
    try {
      accessSync(wanted, constants.X_OK)
      if (statSync(wanted).isFile()) return wanted
    } catch {
      // reported below
    }
  } else {
    const found = findOnPath(wanted, env, platform)
    if (found) return found
  }
  throw new ApiError('SHELL_NOT_FOUND', `Shell not found or not executable: ${wanted}`, { shell: wanted })
}

export function resolveCwd(requested: string | undefined, home: string): string {
  const dir = requested ?? home
  try {
    if (isAbsolute(dir) && statSync(dir).isDirectory()) return dir
  } catch {
    // reported below
  }
  throw new ApiError('BAD_REQUEST', `Not a directory: ${dir}`, { cwd: dir })
}
