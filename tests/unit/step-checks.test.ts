import { describe, expect, it } from 'vitest'
import { dockerCommands, readCommandLine, readDockerCommand } from '@shared/docker/command'
import type { Effects, RunVerdict } from '@shared/contract'
import { expectationsOf } from '../../src/main/services/tutorial/step-expectation'
import { StepVerifier } from '../../src/main/services/tutorial/step-verifier'

/** What a command line is meant to do, read as a run reads it: lexed once, then judged. */
const meant = (line: string): ReturnType<typeof expectationsOf> => expectationsOf(dockerCommands(line))

describe('reading the book’s docker commands', () => {
  it('splits a line into simple commands and reads each docker command’s verb, flags and arguments', () => {
    expect(
      readCommandLine(`docker stop web && docker rm web; echo 'a && b' | cat`).commands.map((c) =>
        c.shell.words.map((w) => w.value),
      ),
    ).toEqual([['docker', 'stop', 'web'], ['docker', 'rm', 'web'], ['echo', 'a && b'], ['cat']])
    const run = readDockerCommand([
      'sudo',
      'docker',
      'container',
      'run',
      '-itd',
      '-p80:80',
      '--name=web',
      'nginx',
      'sh',
      '-c',
      'x',
    ])
    expect(run?.verb).toBe('run')
    expect(run?.flags.map((f) => [f.typed, f.value])).toEqual([
      ['-i', null],
      ['-t', null],
      ['-d', null],
      ['-p', '80:80'],
      ['--name', 'web'],
    ])
    expect(run?.args).toEqual(['nginx', 'sh', '-c', 'x'])
    expect(dockerCommands('docker image rm $(docker image ls -q redis)')).toMatchObject([
      { verb: 'rmi', flags: [], args: ['$(docker image ls -q redis)'] },
    ])
    expect(readDockerCommand(['ls', '-l'])).toBeUndefined()
  })

  it('knows what each kind of command is meant to leave behind', () => {
    expect(meant('docker run --name webserver -d -p 80:80 nginx')).toEqual([
      {
        kind: 'runs',
        name: 'webserver',
        ports: [{ hostPort: 80, containerPort: 80, protocol: 'tcp', text: '80:80' }],
      },
    ])
    expect(meant('docker run -it --rm ubuntu:18.04 bash')).toEqual([{ kind: 'ran', name: null, removed: true }])
    expect(meant('docker build -t nginx:v3 .')).toEqual([{ kind: 'image', ref: 'nginx:v3', layersAdded: null }])
    expect(meant('docker commit --author "x" -m "y" webserver nginx:v2')).toEqual([
      { kind: 'image', ref: 'nginx:v2', layersAdded: 1 },
    ])
    expect(meant('docker volume create my-vol')).toEqual([{ kind: 'volume', name: 'my-vol' }])
    expect(meant('docker stop web && docker rm web')).toEqual([
      { kind: 'stopped', names: ['web'] },
      { kind: 'gone', what: 'container', names: ['web'] },
    ])
    // A substitution cannot be checked by name; listing and inspecting are checked by their exit code alone.
    expect(meant('docker rm $(docker ps -a -q)')).toEqual([{ kind: 'gone', what: 'container', names: [] }])
    expect(meant('docker image ls')).toEqual([])
    expect(meant('docker volume inspect my-vol')).toEqual([])
  })
})

describe('a ROS 2 listener is verified by what it heard', () => {
  const listener = 'docker run -it --rm --net ros-net osrf/ros:jazzy-desktop ros2 run demo_nodes_cpp listener'
  const HEARD = /I heard: \[Hello World: (\d+)\]/

  it('expects the listener to have heard, and nothing of the sort from other programs', () => {
    expect(meant(listener)).toEqual([
      { kind: 'ran', name: null, removed: true },
      { kind: 'heard', pattern: HEARD },
    ])
    expect(meant('docker run -it --rm ros-demo:jazzy ros2 run demo_nodes_py listener')[1]).toEqual({
      kind: 'heard',
      pattern: HEARD,
    })
    // The talker, and a listener's name elsewhere than as ros2's executable, are not listeners to check.
    expect(meant('docker run -d --name talker osrf/ros:jazzy-desktop ros2 run demo_nodes_cpp talker')).toEqual([
      { kind: 'runs', name: 'talker', ports: [] },
    ])
    expect(meant('docker run --rm --name listener busybox echo listener')).toHaveLength(1)
  })

  /** A step's run, as the run asks for it to be judged: its command line read once, its end, effects and output. */
  async function judge(
    commandLine: string,
    exitCode: number,
    outputTail: string,
  ): Promise<RunVerdict & { exitCode: number }> {
    const verifier = new StepVerifier({
      container: async () => null,
      exists: async () => true,
      logTail: async () => '',
      rejudge: () => undefined,
      now: () => 1,
    })
    const runId = 'r-4-4'
    const fx: Effects = {
      source: 'command',
      action: null,
      approximate: false,
      terminalId: 't1',
      commandId: 'c1',
      commandLine,
      runId,
      exitCode,
      startedAt: 0,
      finishedAt: 1,
      containers: { created: [{ id: 'abc', name: 'eager_ride' }], started: [], stopped: [], removed: [] },
      images: { pulled: [], built: [], tagged: [], committed: [], imported: [], removed: [] },
      volumes: { created: [], removed: [] },
      networks: { created: [], removed: [] },
      ports: [],
    }
    const verdict = await verifier.verify({
      runId,
      stepId: '4/4',
      commands: dockerCommands(commandLine),
      effects: fx,
      exitCode,
      outputTail,
    })
    return { ...verdict, exitCode }
  }
  const out = (n: number): string =>
    Array.from({ length: n }, (_, i) => `[INFO] [1.0] [listener]: I heard: [Hello World: ${i + 1}]`).join('\r\n')

  it('stopped with Ctrl+C after hearing: verified, with the last message heard', async () => {
    const v = await judge(listener, 130, `${out(3)}\r\n^C[INFO] [2.0] [rclcpp]: signal_handler(signum=2)`)
    expect(v).toMatchObject({ status: 'verified', exitCode: 130, differences: [] })
    expect(v?.checked).toEqual([
      { code: 'created', name: 'eager_ride' },
      { code: 'removed', name: 'eager_ride' },
      { code: 'heard', name: 'Hello World: 3' },
    ])
    expect((await judge(listener, 0, out(1)))?.status).toBe('verified')
  })

  it('heard nothing: differs by that, however it ended', async () => {
    const v = await judge(listener, 130, '^C[INFO] [2.0] [rclcpp]: signal_handler(signum=2)')
    expect(v).toMatchObject({ status: 'differs', differences: [{ code: 'not-heard', name: '' }] })
    expect(v?.checked.map((c) => c.code)).toEqual(['created', 'removed'])
  })

  it('Ctrl+C is a normal end for a listener only', async () => {
    expect(await judge('docker run -it --rm busybox sh', 130, '')).toMatchObject({
      status: 'differs',
      differences: [{ code: 'exit', exitCode: 130 }],
    })
    expect(await judge(listener, 1, "Package 'demo_nodes_cpp' not found")).toMatchObject({
      status: 'differs',
      differences: [{ code: 'exit', exitCode: 1 }],
    })
  })
})
