import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DisplaySetup } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { X_CLIENT_IMAGE } from '../support/x-client'
import { startXvfb, type Xvfb } from '../support/xvfb'
import { waitFor } from '../support/wait'

/** Runs a command line as the learner's terminal would (a shell reads it: the app's quoting is what is tested). */
function sh(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    )
  })
}

/**
 * The display helper on a real X server: Xvfb with a cookie, as a desktop's X server has, a tiny X client image made
 * from this machine's own xmessage, and a container that opens its window there with the helper's flags, and cannot
 * without them.
 */
describe('the display helper on a real X11 display', () => {
  const host = inject('dockerHost')
  const tag = Math.random().toString(36).slice(2, 8)
  let x: Xvfb
  let h: BackendHarness
  beforeAll(async () => {
    x = await startXvfb()
    h = new BackendHarness(host, { DISPLAY: x.display, XAUTHORITY: x.authFile })
  })
  afterAll(async () => {
    dockerQuiet(host, ['ps', '-aq', '--filter', `name=xwin-${tag}`])
      .split('\n')
      .filter(Boolean)
      .forEach((id) => dockerQuiet(host, ['rm', '-f', id]))
    await h.dispose()
    await x.stop()
  })

  it('opens a window from a container with the helper’s flags, and fails without them', async () => {
    // Access control is on: a client without the cookie is refused (what `xhost +` would turn off).
    const noCookieOnHost = async (): Promise<number> =>
      (await sh('xwininfo -root', { ...x.env, XAUTHORITY: '/dev/null' })).code
    expect(await noCookieOnHost()).not.toBe(0)
    const setup: DisplaySetup = await h.call('display.prepare', {
      command: `docker run -d --name xwin-${tag}-ok ${X_CLIENT_IMAGE} -name xwin-${tag}-ok 'Whalebook says hello'`,
    })
    expect(setup).toMatchObject({ kind: 'x11', display: x.display, notes: [] })
    expect(setup.flags.map((f) => f.purpose)).toEqual([
      'display',
      'x11-socket',
      'xauth-file',
      'xauthority',
      'no-mitshm',
    ])

    // The cookie is this run's own: private, only the display's cookie, for any host (ffff), as rocker makes it.
    const cookie = setup.cookieFile ?? ''
    expect(statSync(cookie).mode & 0o777).toBe(0o600)
    const listed = await sh(`xauth -f '${cookie}' nlist`, x.env)
    expect(listed.output.trim().split('\n')).toEqual([expect.stringMatching(/^ffff /)])
    const own = await sh(`xauth nlist ${x.display}`, x.env)
    expect(listed.output.trim().slice(4)).toBe(own.output.trim().slice(4))
    expect(setup.cookieCommand).toBe(
      `xauth nlist '${x.display}' | sed -e 's/^..../ffff/' | xauth -f '${cookie}' nmerge -`,
    )

    const env = { ...process.env, DOCKER_HOST: host }
    const started = await sh(setup.command ?? '', env)
    expect(started).toMatchObject({ code: 0 })
    await waitFor('the container’s window on the X display', () => x.windows().includes(`xwin-${tag}-ok`), 20_000)
    expect(dockerQuiet(host, ['inspect', '-f', '{{.State.Running}}', `xwin-${tag}-ok`])).toBe('true')

    // Without the cookie (the socket and DISPLAY alone) the X server refuses the container; with no flags at all it
    // has no display to open.
    const noCookie = setup.flags.filter((f) => !['xauth-file', 'xauthority'].includes(f.purpose))
    for (const [name, flags] of [
      [`xwin-${tag}-nocookie`, noCookie.flatMap((f) => f.args)],
      [`xwin-${tag}-bare`, []],
    ] as const) {
      const refused = await sh(
        ['docker', 'run', '--name', name, ...flags, X_CLIENT_IMAGE, '-name', name, 'no'].join(' '),
        env,
      )
      expect(refused.code).not.toBe(0)
      expect(refused.output).toMatch(/Can't open display/)
      expect(x.windows()).not.toContain(name)
    }
    // The positive witness is still there, and the X server's access control is as it was: never `xhost +`.
    expect(x.windows()).toContain(`xwin-${tag}-ok`)
    expect(await noCookieOnHost()).not.toBe(0)
    expect((await sh('xwininfo -root', x.env)).code).toBe(0)
  }, 90_000)

  it('makes a fresh cookie for each run, and keeps only the last few', async () => {
    const files = new Set<string>()
    for (let i = 0; i < 10; i++) files.add((await h.call('display.prepare', {})).cookieFile ?? '')
    expect(files.size).toBe(10)
    const kept = [...files].filter((f) => {
      try {
        return statSync(f).isFile()
      } catch {
        return false
      }
    })
    expect(kept.length).toBe(8)
    expect([...files].slice(-8)).toEqual(kept)
  })
})
