import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DisplaySetup } from '@shared/contract'
import { singleQuoted } from '@shared/docker/shell'
import { detectDisplay, type DisplayFacts } from '../../src/main/services/display/detect-display'
import { displayFlags, withDisplayFlags } from '../../src/main/services/display/display-flags'
import { DisplayService, isLocalEngine } from '../../src/main/services/display/display-service'
import { makeCookie, type RunXauth } from '../../src/main/services/display/xauth-cookie'

/** A machine with these environment variables and these paths. */
function facts(
  env: NodeJS.ProcessEnv,
  paths: string[] = [],
  platform: NodeJS.Platform = 'linux',
  kernel = '6.8.0',
): DisplayFacts {
  return { platform, env, kernelRelease: kernel, exists: (p) => paths.includes(p) }
}

const args = (d: ReturnType<typeof detectDisplay>, cookieFile: string | null = '/data/xauth-1', gpuReady = false) =>
  displayFlags(d, { cookieFile, gpuReady }).map((f) => `${f.purpose} ${f.args.join(' ')}`)

describe('detecting the display from the environment', () => {
  it('X11: DISPLAY, the socket folder read-only, this run’s cookie, no shared memory; /dev/dri where there is one', () => {
    const d = detectDisplay(facts({ DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }, ['/dev/dri']))
    expect(d).toMatchObject({ kind: 'x11', display: ':0', cookieDisplay: ':0', socket: true, dri: true, notes: [] })
    expect(args(d)).toEqual([
      'display -e DISPLAY=:0',
      'x11-socket -v /tmp/.X11-unix:/tmp/.X11-unix:ro',
      'xauth-file -v /data/xauth-1:/tmp/.whalebook.xauth:ro',
      'xauthority -e XAUTHORITY=/tmp/.whalebook.xauth',
      'no-mitshm -e QT_X11_NO_MITSHM=1',
      'dri --device /dev/dri',
    ])
    // With the GPU panel's "ready": the NVIDIA GPUs, and their OpenGL libraries.
    expect(args(d, '/data/xauth-1', true).slice(-2)).toEqual([
      'gpus --gpus all',
      'nvidia-graphics -e NVIDIA_DRIVER_CAPABILITIES=all',
    ])
    expect(args(detectDisplay(facts({ DISPLAY: ':1' })), null)).toEqual([
      'display -e DISPLAY=:1',
      'x11-socket -v /tmp/.X11-unix:/tmp/.X11-unix:ro',
      'no-mitshm -e QT_X11_NO_MITSHM=1',
    ])
  })

  it('Wayland with XWayland: the X11 flags, and Qt told to use xcb', () => {
    const d = detectDisplay(facts({ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' }))
    expect(d).toMatchObject({ kind: 'wayland', display: ':0', socket: true })
    expect(args(d)).toContain('qt-xcb -e QT_QPA_PLATFORM=xcb')
    expect(args(d)).toContain('xauth-file -v /data/xauth-1:/tmp/.whalebook.xauth:ro')
    // Without XWayland there is nothing for X11 programs.
    const only = detectDisplay(facts({ WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' }))
    expect(only).toMatchObject({ kind: 'none', notes: ['wayland-only'] })
    expect(args(only)).toEqual([])
  })

  it('WSLg: its sockets, Wayland, runtime folder and sound server; no cookie; WSL’s GPU where /dev/dxg is', () => {
    const env = {
      DISPLAY: ':0',
      WAYLAND_DISPLAY: 'wayland-0',
      XDG_RUNTIME_DIR: '/mnt/wslg/runtime-dir',
      PULSE_SERVER: 'unix:/mnt/wslg/PulseServer',
      WSL_DISTRO_NAME: 'Ubuntu',
    }
    const d = detectDisplay(facts(env, ['/mnt/wslg', '/dev/dxg'], 'linux', '5.15.167.4-microsoft-standard-WSL2'))
    expect(d).toMatchObject({ kind: 'wslg', display: ':0', cookieDisplay: null })
    expect(args(d, null)).toEqual([
      'display -e DISPLAY=:0',
      'x11-socket -v /tmp/.X11-unix:/tmp/.X11-unix',
      'no-mitshm -e QT_X11_NO_MITSHM=1',
      'wslg-mount -v /mnt/wslg:/mnt/wslg',
      'wayland-display -e WAYLAND_DISPLAY=wayland-0',
      'xdg-runtime-dir -e XDG_RUNTIME_DIR=/mnt/wslg/runtime-dir',
      'pulse-server -e PULSE_SERVER=unix:/mnt/wslg/PulseServer',
      'dxg --device /dev/dxg',
      'wsl-lib -v /usr/lib/wsl:/usr/lib/wsl:ro',
      'wsl-lib-path -e LD_LIBRARY_PATH=/usr/lib/wsl/lib',
    ])
    // WSL without WSLg (an X server on Windows, reached over the network) is an X11 display over TCP.
    const vcxsrv = detectDisplay(facts({ DISPLAY: '172.22.48.1:0.0', WSL_DISTRO_NAME: 'Ubuntu' }, []))
    expect(vcxsrv).toMatchObject({ kind: 'x11', socket: false, notes: ['tcp-display'] })
    expect(args(vcxsrv)).not.toContain('x11-socket -v /tmp/.X11-unix:/tmp/.X11-unix:ro')
  })

  it('macOS with XQuartz: host.docker.internal and the cookie, no socket, no GPU; without XQuartz, none', () => {
    const env = { DISPLAY: '/private/tmp/com.apple.launchd.Ab12/org.xquartz:0' }
    const d = detectDisplay(facts(env, ['/opt/X11/bin/Xquartz'], 'darwin'))
    expect(d).toMatchObject({
      kind: 'xquartz',
      display: 'host.docker.internal:0',
      cookieDisplay: env.DISPLAY,
      socket: false,
      notes: ['xquartz-network'],
    })
    expect(args(d, '/Users/me/xauth-1', true)).toEqual([
      'display -e DISPLAY=host.docker.internal:0',
      'xauth-file -v /Users/me/xauth-1:/tmp/.whalebook.xauth:ro',
      'xauthority -e XAUTHORITY=/tmp/.whalebook.xauth',
      'no-mitshm -e QT_X11_NO_MITSHM=1',
    ])
    expect(detectDisplay(facts({}, [], 'darwin'))).toMatchObject({ kind: 'none', notes: ['install-xquartz'] })
  })

  it('none: a server without a display, an SSH session without -X, Windows itself', () => {
    expect(detectDisplay(facts({ SSH_CONNECTION: '10.0.0.2 5 10.0.0.1 22' }, ['/dev/dri']))).toMatchObject({
      kind: 'none',
      display: null,
      notes: ['no-display'],
    })
    expect(detectDisplay(facts({ DISPLAY: ':0' }, [], 'win32'))).toMatchObject({ kind: 'none', notes: ['windows'] })
    // SSH with X forwarding: a display over TCP, which the note explains.
    expect(detectDisplay(facts({ DISPLAY: 'localhost:10.0' }))).toMatchObject({ kind: 'x11', notes: ['tcp-display'] })
  })
})

describe('putting the flags into the GUI step', () => {
  const step = 'docker run -it --rm --net ros-net osrf/ros:jazzy-desktop rviz2'

  it('goes right after docker run, the book’s own flags and command as written', () => {
    const d = detectDisplay(facts({ DISPLAY: ':0' }))
    expect(withDisplayFlags(step, displayFlags(d, { cookieFile: '/data/xauth-1', gpuReady: false }))).toBe(
      'docker run -e DISPLAY=:0 -v /tmp/.X11-unix:/tmp/.X11-unix:ro -v /data/xauth-1:/tmp/.whalebook.xauth:ro ' +
        '-e XAUTHORITY=/tmp/.whalebook.xauth -e QT_X11_NO_MITSHM=1 -it --rm --net ros-net osrf/ros:jazzy-desktop rviz2',
    )
    expect(withDisplayFlags(step, [])).toBe(step)
    expect(withDisplayFlags('echo no docker here', displayFlags(d, { cookieFile: null, gpuReady: false }))).toBe(
      'echo no docker here',
    )
  })

  // bash and zsh, as the app's terminals run them (the forge's Windows runner has neither).
  it.skipIf(process.platform === 'win32')(
    'quotes every value it types into the shell: a hostile DISPLAY or data folder stays one word in bash and zsh',
    () => {
      // A DISPLAY is [host]:number: whatever the host part holds, it must reach docker as it is.
      const hostile = "x'; touch /tmp/pwned; echo '$(id)`id` *:0"
      const folder = "/home/o'brien/My Data/$(id)/*/xauth-1"
      const d = detectDisplay(facts({ DISPLAY: hostile }))
      const line = withDisplayFlags(step, displayFlags(d, { cookieFile: folder, gpuReady: false }))
      expect(line).toContain(singleQuoted(`DISPLAY=${hostile}`))
      // What a real shell reads from the line: exactly the words the helper meant, and nothing run.
      for (const shell of ['bash', 'zsh']) {
        const read = execFileSync(shell, ['-c', line.replace(/^docker run/, "printf '%s\\0'")], { encoding: 'utf8' })
        expect(read.split('\0').slice(0, 6)).toEqual([
          '-e',
          `DISPLAY=${hostile}`,
          '-v',
          `${folder}:/tmp/.whalebook.xauth:ro`,
          '-e',
          'XAUTHORITY=/tmp/.whalebook.xauth',
        ])
      }
    },
  )
})

describe('the per-run cookie', () => {
  const NLIST =
    '0100 000c 6c6f63616c686f7374 0001 30 0012 4d49542d4d414749432d434f4f4b49452d31 0010 00112233445566778899aabbccddeeff\n'
  /** A fake xauth: `nlist` prints what a desktop's xauth prints; `nmerge` records its input into the file. */
  function fakeXauth(list = NLIST): { run: RunXauth; calls: Array<{ args: string[]; input?: string }> } {
    const calls: Array<{ args: string[]; input?: string }> = []
    return {
      calls,
      run: async (a, input) => {
        calls.push({ args: a, ...(input === undefined ? {} : { input }) })
        return { exitCode: 0, stdout: a[0] === 'nlist' ? list : '', notFound: false }
      },
    }
  }

  it.skipIf(process.platform === 'win32')(
    'is this display’s cookie for any host (ffff), in a new private file, through xauth without a shell',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wb-cookie-'))
      const x = fakeXauth()
      const made = await makeCookie(':0', dir, x.run)
      if (!('file' in made)) throw new Error(`no cookie: ${made.problem}`)
      expect(statSync(made.file).mode & 0o777).toBe(0o600)
      expect(x.calls).toEqual([
        { args: ['nlist', ':0'] },
        { args: ['-f', made.file, 'nmerge', '-'], input: `ffff${NLIST.slice(4)}` },
      ])
      expect(readFileSync(made.file, 'utf8')).toBe('')
    },
  )

  it('says why when there is none: no xauth, or no cookie for the display', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cookie-'))
    expect(await makeCookie(':0', dir, async () => ({ exitCode: null, stdout: '', notFound: true }))).toEqual({
      problem: 'no-xauth',
    })
    expect(await makeCookie(':0', dir, fakeXauth('').run)).toEqual({ problem: 'no-cookie' })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('the display service', () => {
  const service = (env: NodeJS.ProcessEnv, engine = 'unix:///var/run/docker.sock', gpu = false) =>
    new DisplayService({
      facts: facts(env),
      cookieDir: () => mkdtempSync(join(tmpdir(), 'wb-display-')),
      runXauth: async (a) => ({
        exitCode: 0,
        stdout: a[0] === 'nlist' ? '0100 0001 61 0001 30 0012 4d49542d4d414749432d434f4f4b49452d31 0001 00\n' : '',
        notFound: false,
      }),
      gpuReady: async () => gpu,
      engineUrl: () => engine,
    })

  it('answers as the contract says, with the step’s command composed', async () => {
    const setup = await service({ DISPLAY: ':0' }, 'unix:///var/run/docker.sock', true).prepare('docker run x rviz2')
    expect(DisplaySetup.parse(setup)).toEqual(setup)
    expect(setup.command).toMatch(/^docker run -e DISPLAY=:0 .* --gpus all -e NVIDIA_DRIVER_CAPABILITIES=all x rviz2$/)
    expect(setup.cookieCommand).toBe(
      `xauth nlist ':0' | sed -e 's/^..../ffff/' | xauth -f '${setup.cookieFile}' nmerge -`,
    )
  })

  it('adds nothing for an engine on another machine, and says why', async () => {
    const setup = await service({ DISPLAY: ':0' }, 'ssh://me@gpu-box').prepare('docker run x rviz2')
    expect(setup).toMatchObject({ kind: 'x11', flags: [], notes: ['remote-engine'], cookieFile: null })
    expect(setup.command).toBe('docker run x rviz2')
    expect(
      [
        'unix:///run/docker.sock',
        'npipe:////./pipe/docker_engine',
        'tcp://127.0.0.1:2375',
        'tcp://localhost:2376',
      ].every(isLocalEngine),
    ).toBe(true)
    expect(['tcp://10.0.0.5:2376', 'ssh://me@box', 'tcp://127.0.0.1.evil.example:2375'].some(isLocalEngine)).toBe(false)
  })

  it('with no display: no flags, no cookie, and the reason', async () => {
    expect(await service({}).prepare()).toEqual({
      kind: 'none',
      display: null,
      flags: [],
      notes: ['no-display'],
      cookieFile: null,
      cookieCommand: null,
      command: null,
    })
  })
})
