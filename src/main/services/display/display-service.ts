import type { DisplaySetup } from '@shared/contract'
import { detectDisplay, type DisplayFacts } from './detect-display'
import { cookieCommand, displayFlags, withDisplayFlags } from './display-flags'
import { makeCookie, type RunXauth } from './xauth-cookie'
import { remoteEngineHost } from '../engine/docker-endpoint'

export interface DisplayServiceDeps {
  facts: DisplayFacts
  /** The app's private folder for this run's cookie files (created 0700 by the caller). */
  cookieDir: () => string
  runXauth: RunXauth
  /** Whether the GPU panel says this machine is ready for `docker run --gpus`. */
  gpuReady: () => Promise<boolean>
  /** The engine's address (`unix:///var/run/docker.sock`, `ssh://…`). */
  engineUrl: () => string
}

/** A unix socket, a named pipe or loopback TCP: the engine's containers run on this machine. */
export function isLocalEngine(url: string): boolean {
  return remoteEngineHost(url) === null
}

/**
 * The display helper: which display server a graphical container should draw on, and the `docker run` flags that
 * get it there (with a cookie file made for this run where the X server wants one), never `xhost +`.
 */
export class DisplayService {
  constructor(private readonly deps: DisplayServiceDeps) {}

  async prepare(command?: string): Promise<DisplaySetup> {
    const d = detectDisplay(this.deps.facts)
    const notes = [...d.notes]
    // Another machine's containers would open their windows there, and mount that machine's files: no flags.
    const remote = !isLocalEngine(this.deps.engineUrl())
    if (remote) notes.push('remote-engine')
    let cookieFile: string | null = null
    let made: string | null = null
    if (!remote && d.cookieDisplay !== null && d.kind !== 'none') {
      const cookie = await makeCookie(d.cookieDisplay, this.deps.cookieDir(), this.deps.runXauth)
      if ('file' in cookie) {
        cookieFile = cookie.file
        made = cookieCommand(d.cookieDisplay, cookie.file)
      } else notes.push(cookie.problem)
    }
    const gpuReady = d.kind === 'none' || remote ? false : await this.deps.gpuReady().catch(() => false)
    const flags = remote ? [] : displayFlags(d, { cookieFile, gpuReady })
    return {
      kind: d.kind,
      display: d.display,
      flags,
      notes,
      cookieFile,
      cookieCommand: made,
      command: command === undefined ? null : withDisplayFlags(command, flags),
    }
  }
}
