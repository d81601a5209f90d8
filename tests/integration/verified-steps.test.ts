import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { CommandRun, RunVerdict } from '@shared/contract'
import { explainFailure } from '@shared/docker/failure'
import { BackendHarness } from '../support/backend-harness'
import { dockerQuiet } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'

type Judged = CommandRun & { verdict: RunVerdict }

/**
 * Steps are verified by what the engine did, not by their exit code, against the private engine with real shells;
 * every command is logged per chapter, and the log survives a restart of the backend.
 */
describe('steps verified by their effect, and the lab log', () => {
  const host = inject('dockerHost')
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-lab-data-'))
  const h = new BackendHarness(host, { WHALEBOOK_DATA_DIR: dataDir })
  const tag = Math.random().toString(36).slice(2, 8)
  const docker = (args: string[]): string => dockerQuiet(host, args)
  afterAll(async () => {
    try {
      docker(['rm', '-f', `ok-${tag}`, `crash-${tag}`])
      docker(['volume', 'rm', '-f', `v-${tag}`])
    } catch {
      // already gone
    }
    await h.dispose()
  })

  let terminal = ''
  /** Runs a step as its Run button does, and returns its run once judged (and `until` holds). */
  async function runStep(
    stepId: string,
    command: string,
    until: (v: RunVerdict) => boolean = () => true,
  ): Promise<Judged> {
    terminal ||= await h.shell()
    const { runId } = await h.call('terminal.run', { terminalId: terminal, command, stepId })
    return (await h.runUntil(runId, (r) => r.verdict !== null && until(r.verdict), 30_000)) as Judged
  }

  it('a detached container is verified when it is running and publishes the port asked for', async () => {
    const v = await runStep('2.3/1', `docker run --name ok-${tag} -d -p 80 nginx`)
    expect(v).toMatchObject({ stepId: '2.3/1', chapterId: '2.3', exitCode: 0, verdict: { status: 'verified' } })
    expect(v.verdict.differences).toEqual([])
    expect(v.verdict.checked).toEqual([
      { code: 'running', name: `ok-${tag}` },
      { code: 'port', name: '80' },
    ])
    await h.until('the step ticked as verified', () => h.backend.services.tutorial.progress().done['2.3/1']?.auto)
  })

  it('exit 0 is not enough: a container that stops right after starting differs, with its exit code and logs', async () => {
    const v = await runStep(
      '2.3/2',
      `docker run --name crash-${tag} -d ${TEST_IMAGE} sh -c 'echo "bad config: port"; exit 3'`,
      // If it was still starting when first checked, its death makes the step judged again.
      (x) => x.status === 'differs',
    )
    expect(v.exitCode).toBe(0)
    expect(v.verdict.differences).toEqual([
      expect.objectContaining({ code: 'stopped', name: `crash-${tag}`, exitCode: 3 }),
    ])
    expect(v.verdict.differences[0]?.logTail).toContain('bad config: port')
    expect(h.backend.services.tutorial.progress().done['2.3/2']).toBeUndefined()
  })

  it('--rm: created and gone; a volume: there; rm: gone; a listing: exit 0 is what it is meant to do', async () => {
    expect((await runStep('2.3/3', `docker run --rm ${TEST_IMAGE} true`)).verdict.checked.map((c) => c.code)).toEqual([
      'created',
      'removed',
    ])
    expect((await runStep('2.7/1', `docker volume create v-${tag}`)).verdict.checked).toEqual([
      { code: 'volume', name: `v-${tag}` },
    ])
    expect((await runStep('2.3/4', `docker rm -f crash-${tag}`)).verdict.checked).toEqual([
      { code: 'removed', name: `crash-${tag}` },
    ])
    expect((await runStep('2.2/2', 'docker image ls')).verdict).toMatchObject({ status: 'verified', checked: [] })
  })

  it('a failed step differs by its exit code, and its run explains the common error', async () => {
    const v = await runStep('2.3/1', `docker run --name ok-${tag} -d -p 80 nginx`)
    expect(v.verdict).toMatchObject({ status: 'differs', differences: [{ code: 'exit', exitCode: 125 }] })
    // One explanation, read in main from the command's own output, in the run's record.
    const failed = await h.runUntil(v.runId, (r) => r.failure !== null)
    expect(failed.failure).toMatchObject({
      kind: 'name-in-use',
      values: { name: `ok-${tag}`, id: expect.stringMatching(/^[0-9a-f]{12}$/) },
    })
  })

  it('logs every command per chapter (a command typed by hand goes to the chapter open), across a restart', async () => {
    await h.call('tutorial.setLocation', { chapterId: '2.3' })
    // Typed by hand: no Run sent it, it is a run of its own all the same.
    h.backend.services.terminals.write(terminal, 'echo by-hand\r')
    const log = await h.until('the log to have it', async () => {
      const entries = await h.call('lab.log', { chapterId: '2.3' })
      return entries.some((e) => e.commandLine === 'echo by-hand') && entries
    })
    const first = log.find((e) => e.stepId === '2.3/1')
    expect(first).toMatchObject({ chapterId: '2.3', verdict: { status: 'verified' }, exitCode: 0 })
    expect(first?.effects?.containers.created.map((c) => c.name)).toEqual([`ok-${tag}`])
    const typed = log.find((e) => e.commandLine === 'echo by-hand')
    expect(typed).toMatchObject({ stepId: null, verdict: null, exitCode: 0, chapterId: '2.3' })
    expect((await h.call('lab.log', { chapterId: '2.7' })).map((e) => e.commandLine)).toEqual([
      `docker volume create v-${tag}`,
    ])
    // The log keeps exactly the record the renderer was sent, nothing recomputed.
    await h.until('the typed run settled', () => h.run(typed?.runId ?? '')?.state === 'settled')
    const all = await h.call('lab.log', {})
    for (const entry of all) expect(entry).toEqual(h.run(entry.runId))

    // Another backend on the same data folder (the app restarted) has the same log; clearing a chapter clears it only.
    // The log is written a moment after its last change: wait until it is on disk.
    const ids = all.map((e) => e.commandId)
    const onDisk = (): string[] => {
      try {
        return (
          JSON.parse(readFileSync(join(dataDir, 'lab-log.json'), 'utf8')) as { runs: Array<{ commandId: string }> }
        ).runs.map((e) => e.commandId)
      } catch {
        return []
      }
    }
    await h.until('the log on disk', () => JSON.stringify(onDisk()) === JSON.stringify(ids))
    const again = new BackendHarness(host, { WHALEBOOK_DATA_DIR: dataDir })
    try {
      expect(await again.call('lab.log', {})).toEqual(all)
      await again.call('lab.clear', { chapterId: '2.3' })
      expect(await again.call('lab.log', { chapterId: '2.3' })).toEqual([])
      expect(await again.call('lab.log', { chapterId: '2.7' })).toHaveLength(1)
      expect(again.of('lab.cleared')).toEqual([{ chapterId: '2.3' }])
    } finally {
      await again.dispose()
    }
  }, 60_000)
})

describe('the common docker CLI errors, as the real CLI and engine word them', () => {
  const host = inject('dockerHost')
  const tag = Math.random().toString(36).slice(2, 8)
  const cli = (args: string[]): Promise<string> =>
    new Promise((resolve) => {
      execFile('docker', args, { env: { ...process.env, DOCKER_HOST: host } }, (_e, out, err) =>
        resolve(`${out}${err}`),
      )
    })
  afterAll(async () => {
    await cli(['rm', '-f', `port-a-${tag}`, `port-b-${tag}`])
  })

  it('recognises each in the real output', async () => {
    const kind = async (args: string[], line = `docker ${args.join(' ')}`): Promise<string | undefined> =>
      explainFailure('command', { message: await cli(args), commandLine: line })?.kind
    expect(await kind(['run', '--rm', TEST_IMAGE, 'bash'])).toBe('oci-executable')
    expect(await kind(['rm', `no-such-${tag}`])).toBe('no-such-container')
    expect(await kind(['run', '--rm', 'NotLowerCase'])).toBe('invalid-reference')
    expect(await kind(['run', '\u2014rm', TEST_IMAGE, 'true'])).toBe('typographic-dash')
    // The test engine resolves no registry's name (as a blocked network): the pull's reason, not a second one.
    expect(await kind(['run', '--rm', `whalebook/not-here-${tag}`])).toBe('dns')
    expect(await cli(['run', '-d', '--name', `port-a-${tag}`, '-p', '18089:80', 'nginx'])).toMatch(/^[0-9a-f]{64}/)
    expect(await kind(['run', '-d', '--name', `port-b-${tag}`, '-p', '18089:80', 'nginx'])).toBe('port-allocated')
    // And a command that succeeded, or failed for a reason of its own, is not explained as docker's.
    expect(await kind(['run', '--rm', TEST_IMAGE, 'true'])).toBeUndefined()
    expect(await kind(['run', '--rm', TEST_IMAGE, 'sh', '-c', 'echo nope; exit 3'])).toBeUndefined()
  }, 60_000)
})
