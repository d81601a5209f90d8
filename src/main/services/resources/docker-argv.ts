/**
 * The docker CLI command lines the app starts itself. Every id goes after `--`: the contract already holds ids to the
 * engine's grammar (never a leading '-'), and this keeps an id from being read as an option even if that changed.
 */
export function dockerExecShellArgs(containerId: string): string[] {
  return ['exec', '-it', '--', containerId, 'sh']
}
