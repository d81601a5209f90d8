import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import bashIntegration from './bash-integration.sh?raw'
import zprofile from './zprofile.zsh?raw'
import zshenv from './zshenv.zsh?raw'
import zshrc from './zshrc.zsh?raw'

export type Integration = 'bash' | 'zsh' | 'none'

export interface ShellLaunch {
  args: string[]
  env: Record<string, string>
  integration: Integration
}

/** Which integration a shell gets, by its executable's name. */
export function integrationFor(shellPath: string): Integration {
  const name = basename(shellPath).replace(/\.exe$/i, '')
  if (name === 'bash') return 'bash'
  if (name === 'zsh') return 'zsh'
  return 'none'
}

/**
 * Writes the integration scripts once into `dir` (a private temp folder) and returns how to start
 * the shell with them: bash with `--init-file`, zsh through a temporary ZDOTDIR. Other shells
 * (fish, sh, PowerShell) start plainly and simply produce no command events.
 */
export function prepareShellLaunch(shellPath: string, nonce: string, dir: string, env: NodeJS.ProcessEnv): ShellLaunch {
  const integration = integrationFor(shellPath)
  if (integration === 'bash') {
    const file = join(dir, 'bash-integration.sh')
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, bashIntegration, { mode: 0o600 })
    return { args: ['--init-file', file, '-i'], env: { WHALEBOOK_NONCE: nonce }, integration }
  }
  if (integration === 'zsh') {
    const zdot = join(dir, 'zsh')
    mkdirSync(zdot, { recursive: true })
    writeFileSync(join(zdot, '.zshenv'), zshenv, { mode: 0o600 })
    writeFileSync(join(zdot, '.zprofile'), zprofile, { mode: 0o600 })
    writeFileSync(join(zdot, '.zshrc'), zshrc, { mode: 0o600 })
    const launchEnv: Record<string, string> = { WHALEBOOK_NONCE: nonce, ZDOTDIR: zdot }
    if (env.ZDOTDIR) launchEnv.WHALEBOOK_USER_ZDOTDIR = env.ZDOTDIR
    return { args: ['-i'], env: launchEnv, integration }
  }
  return { args: [], env: {}, integration }
}
