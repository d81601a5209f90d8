import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import type { CommandRun, RunVerdict, TutorialStep } from '@shared/contract'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { ROS_BASE, ROS_DESKTOP } from '../support/ros-stand-in'
import { startXvfb, type Xvfb } from '../support/xvfb'

/** A judged step run: its verdict, with the run's id, exit code and output beside it. */
type Verdict = RunVerdict & Pick<CommandRun, 'runId' | 'exitCode' | 'outputTail'>

/**
 * Chapter 4's addendum, run end to end against the private engine as a learner runs it, step by step through a real
 * shell. The ROS 2 images are the tests' stand-ins (tests/support/ros-stand-in.ts): named like the real ones, with a
 * `ros2` that prints what the real talker and listener print and an rviz2 that opens an X window; the display is a
 * real Xvfb with a cookie.
 */
describe('chapter 4: ROS 2 in containers', () => {
  const host = inject('dockerHost')
  const docker = (args: string[]): string => dockerQuiet(host, args)
  let x: Xvfb
  let h: BackendHarness
  let terminal = ''
  const steps = new Map<string, TutorialStep>()

  beforeAll(async () => {
    x = await startXvfb()
    h = new BackendHarness(host, { DISPLAY: x.display, XAUTHORITY: x.authFile, DOCKER_BUILDKIT: '0' })
    const chapter = await h.call('tutorial.chapter', { id: '4', lang: 'en' })
    for (const s of chapter.blocks.flatMap((b) => b.steps)) steps.set(s.id, s)
    terminal = await h.shell()
  })
  afterAll(async () => {
    for (const args of [
      ['rm', '-f', 'talker'],
      ['network', 'rm', 'ros-net'],
      ['rmi', 'ros-demo:jazzy'],
    ]) {
      try {
        docker(args)
      } catch {
        // already gone
      }
    }
    await h?.dispose()
    await x?.stop()
  })

  const command = (id: string): string => steps.get(id)?.command ?? ''
  const output = (t: string, from: number): string =>
    h.events
      .slice(from)
      .filter((e) => e.event === 'terminal.data' && (e.payload as { terminalId: string }).terminalId === t)
      .map((e) => (e.payload as { data: string }).data)
      .join('')

  /** Runs a step's command (or the one given) as Run sends it; `whileRunning` acts while it runs (Ctrl+C, say). */
  async function run(
    stepId: string,
    line = command(stepId),
    whileRunning?: (seen: () => string) => Promise<void>,
    t = terminal,
  ): Promise<Verdict> {
    const from = h.events.length
    const { runId } = await h.call('terminal.run', { terminalId: t, command: line, stepId })
    if (whileRunning) await whileRunning(() => output(t, from))
    const judged = await h.runUntil(runId, (r) => r.verdict !== null, 90_000)
    if (!judged.verdict) throw new Error(`no verdict on ${line}`)
    return { ...judged.verdict, runId, exitCode: judged.exitCode, outputTail: judged.outputTail }
  }
  const interrupt = async (t = terminal): Promise<void> =>
    void (await h.call('terminal.write', { terminalId: t, data: '\x03' }))
  const untilHeard =
    (t = terminal) =>
    async (seen: () => string): Promise<void> => {
      await h.until('the listener to hear the talker', () => /I heard: \[Hello World: \d+\]/.test(seen()), 30_000)
      await interrupt(t)
    }

  it('lists its images with their sizes, here or to download', async () => {
    const images = await h.call('tutorial.chapterImages', { chapterId: '4' })
    expect(images.map((i) => i.image).sort()).toEqual([ROS_DESKTOP, ROS_BASE])
    for (const i of images) expect(i).toMatchObject({ present: true, size: expect.any(Number) })
    expect(images.find((i) => i.image === ROS_DESKTOP)?.downloadSize).toBe(1024 ** 3)
    expect(images.find((i) => i.image === ROS_BASE)?.downloadSize).toBe(280 * 1024 ** 2)
  })

  it('a network, a talker in the background, and a listener in the terminal that hears it', async () => {
    expect(await run('4/1')).toMatchObject({ status: 'verified', checked: [{ code: 'network', name: 'ros-net' }] })
    expect(await run('4/2')).toMatchObject({ status: 'verified', checked: [{ code: 'running', name: 'talker' }] })
    const logs = await run('4/3')
    expect(logs).toMatchObject({ status: 'verified', exitCode: 0 })
    expect(logs.outputTail).toMatch(/\[talker\]: Publishing: 'Hello World: \d+'/)

    // The listener runs until Ctrl+C: verified by what it printed, not by how it ended.
    const heard = await run('4/4', undefined, untilHeard())
    expect(heard).toMatchObject({ status: 'verified', differences: [] })
    expect(heard.checked.map((c) => c.code)).toEqual(['created', 'removed', 'heard'])
    expect(heard.checked[2]?.name).toMatch(/^Hello World: \d+$/)
    await h.until('the listener step ticked', () => h.backend.services.tutorial.progress().done['4/4']?.auto)

    // The same listener off the talker's network hears nothing, and differs by exactly that.
    const alone = await run('4/4', command('4/4').replace(' --net ros-net', ''), async (seen) => {
      await h.until('the listener to start', () => seen().length > 0, 20_000)
      await new Promise((r) => setTimeout(r, 4000))
      expect(seen()).not.toMatch(/I heard/)
      await interrupt()
    })
    expect(alone).toMatchObject({ status: 'differs', differences: [{ code: 'not-heard' }] })
    expect(alone.checked.map((c) => c.code)).toEqual(['created', 'removed'])
  }, 180_000)

  it('builds ros-demo:jazzy from ros:jazzy with the chapter’s Dockerfile, and its listener hears the talker', async () => {
    // Without the demos, ros:jazzy says so, as the real ros-base does.
    const bare = await run('4/6', command('4/6').replace('ros-demo:jazzy', ROS_BASE))
    expect(bare).toMatchObject({ status: 'differs', differences: [{ code: 'exit', exitCode: 1 }] })
    expect(bare.outputTail).toContain("Package 'demo_nodes_cpp' not found")

    const dockerfile = (await h.call('tutorial.chapter', { id: '4', lang: 'en' })).blocks.find(
      (b) => b.kind === 'dockerfile',
    )
    const { dir } = await h.call('tutorial.saveLabFile', { chapterId: '4', blockIndex: dockerfile?.index ?? -1 })
    const lab = await h.call('terminal.create', { cols: 120, rows: 30, cwd: dir })
    await h.until('a prompt in the lab folder', () =>
      h.of('terminal.updated').some((u) => u.terminalId === lab.terminalId && u.integrationActive),
    )
    expect(await run('4/5', undefined, undefined, lab.terminalId)).toMatchObject({
      status: 'verified',
      checked: [{ code: 'image', name: 'ros-demo:jazzy' }],
    })
    const demo = await run('4/6', undefined, untilHeard(lab.terminalId), lab.terminalId)
    expect(demo).toMatchObject({ status: 'verified' })
    expect(demo.checked.map((c) => c.code)).toEqual(['created', 'removed', 'heard'])
  }, 180_000)

  it('runs the GUI step with the display helper’s flags: rviz2’s window opens on the display', async () => {
    const setup = await h.call('display.prepare', { command: command('4/7') })
    expect(steps.get('4/7')?.gui).toBe(true)
    expect(setup.kind).toBe('x11')
    const gui = await run('4/7', setup.command ?? '', async () => {
      await h.until('rviz2’s window', () => x.windows().includes('rviz2'), 30_000)
      await interrupt()
    })
    expect(gui).toMatchObject({ status: 'verified' })
    expect(gui.checked.map((c) => c.code)).toEqual(['created', 'removed'])
    await h.until('the window closed', () => !x.windows().includes('rviz2'), 10_000)

    // The book's command as printed, without the flags: rviz2 has no display to open.
    const bare = await run('4/7')
    expect(bare).toMatchObject({ status: 'differs', differences: [{ code: 'exit' }] })
  }, 120_000)

  it('resets what its steps made (talker, ros-net, ros-demo:jazzy) and keeps the images it found', async () => {
    const preview = await h.call('tutorial.resetPreview', { chapterId: '4' })
    expect(preview.remove.map((r) => `${r.kind} ${r.name}`).sort()).toEqual([
      'container talker',
      'image ros-demo:jazzy',
      'network ros-net',
    ])
    // The clean-up steps, then Reset takes what is left.
    expect(await run('4/8')).toMatchObject({ status: 'verified', checked: [{ code: 'removed', name: 'talker' }] })
    expect(await run('4/9')).toMatchObject({ status: 'verified', checked: [{ code: 'removed', name: 'ros-net' }] })
    await h.until('the panels to see them gone', () => {
      const r = h.backend.services.resources.current()
      return !r.containers.some((c) => c.name === 'talker') && !r.networks.some((n) => n.name === 'ros-net')
    })
    const reset = await h.call('tutorial.reset', { chapterId: '4' })
    expect(reset.removed.map((r) => `${r.kind} ${r.name}`)).toEqual(['image ros-demo:jazzy'])
    expect(reset.failed).toEqual([])
    expect(docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).not.toContain('ros-demo:jazzy')
    expect(docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).toContain(ROS_DESKTOP)
  }, 60_000)
})
