import type { RunVerdict, StepCheck, StepDifference } from '@shared/contract'
import type { EngineEvent } from '../engine/engine-event'
import type { ContainerState } from '../resources/engine-objects'
import type { RunToJudge } from '../runs/run-tracker'
import { expectationsOf, type Expectation } from './step-expectation'

export interface StepVerifierDeps {
  container: (ref: string) => Promise<ContainerState | null>
  /** Whether an image, volume or network of this name (or id) exists now. */
  exists: (kind: 'image' | 'volume' | 'network', ref: string) => Promise<boolean>
  /** The last lines a container printed (for "it stopped right after starting: …"). */
  logTail: (ref: string) => Promise<string>
  /** A step verified running is to be judged again (its container died): the run it belongs to is asked to. */
  rejudge: (runId: string) => void
  now?: () => number
  /** How long a verified detached container is watched: if it dies meanwhile, the step is judged again. */
  watchMs?: number
}

interface Watched {
  runId: string
  until: number
}

/** Exit code of a program stopped with Ctrl+C (128 + SIGINT): how a listener run in the terminal ends. */
const INTERRUPTED = 130

/**
 * Checks a step's run against what its command is meant to do (`step-expectation.ts`), from the run's effects and the
 * engine's state: `docker run -d --name web -p 80:80 nginx` is verified only when web was created, is still running,
 * and publishes 80 on 80. A container that dies soon after a verified start has its run judged again.
 */
export class StepVerifier {
  private readonly watched = new Map<string, Watched>()

  constructor(private readonly deps: StepVerifierDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  /** A container died: a step that had verified it running is judged again. */
  onEngineEvent(e: EngineEvent): void {
    if (e.Type !== 'container' || e.Action !== 'die') return
    const now = this.now()
    for (const [id, w] of this.watched) if (w.until < now) this.watched.delete(id)
    const w = this.watched.get(e.Actor.ID)
    if (!w) return
    this.watched.delete(e.Actor.ID)
    this.deps.rejudge(w.runId)
  }

  async verify(run: RunToJudge): Promise<RunVerdict> {
    const differences: StepDifference[] = []
    const checked: StepCheck[] = []
    const at = this.now()
    const expectations = expectationsOf(run.commands)
    // A listener runs until the learner stops it: Ctrl+C is how it is meant to end.
    const stoppable = expectations.some((e) => e.kind === 'heard')
    if (run.exitCode !== 0 && !(stoppable && run.exitCode === INTERRUPTED)) {
      differences.push({ code: 'exit', name: '', exitCode: run.exitCode })
      return { status: 'differs', checked, differences, at }
    }
    for (const e of expectations) await this.check(e, run, checked, differences)
    return { status: differences.length ? 'differs' : 'verified', checked, differences, at }
  }

  private async check(e: Expectation, run: RunToJudge, checked: StepCheck[], out: StepDifference[]): Promise<void> {
    const fx = run.effects
    const created = (name: string | null): { id: string; name: string } | undefined =>
      name ? fx.containers.created.find((c) => c.name === name) : fx.containers.created[0]
    if (e.kind === 'runs') {
      const made = created(e.name)
      const c = await this.deps.container(made?.id ?? e.name ?? '')
      if (!c) return void out.push({ code: 'not-created', kind: 'container', name: e.name ?? '' })
      if (!c.running) {
        const logTail = (await this.deps.logTail(c.id).catch(() => '')).slice(-2000)
        return void out.push({ code: 'stopped', name: c.name, exitCode: c.exitCode, logTail })
      }
      checked.push({ code: 'running', name: c.name })
      this.watched.set(c.id, { runId: run.runId, until: this.now() + (this.deps.watchMs ?? 30_000) })
      for (const p of e.ports) {
        const ok = c.ports.some(
          (b) =>
            b.privatePort === p.containerPort &&
            b.type === p.protocol &&
            (p.hostPort === null || b.publicPort === p.hostPort),
        )
        if (ok) checked.push({ code: 'port', name: p.text })
        else out.push({ code: 'port', name: c.name, expected: p.text })
      }
    } else if (e.kind === 'ran') {
      const made = created(e.name)
      if (!made) return void out.push({ code: 'not-created', kind: 'container', name: e.name ?? '' })
      checked.push({ code: 'created', name: made.name })
      if (e.removed) {
        if (await this.deps.container(made.id)) out.push({ code: 'not-removed', name: made.name })
        else checked.push({ code: 'removed', name: made.name })
      }
    } else if (e.kind === 'image') {
      if (!(await this.deps.exists('image', e.ref))) {
        return void out.push({ code: 'not-created', kind: 'image', name: e.ref })
      }
      checked.push({ code: 'image', name: e.ref })
      if (e.layersAdded !== null) {
        const layers = fx.images.committed[0]?.layers
        if (layers !== undefined && layers !== null && layers !== e.layersAdded) {
          out.push({ code: 'layers', name: e.ref, expected: String(e.layersAdded), actual: String(layers) })
        } else if (layers === e.layersAdded) checked.push({ code: 'layers', name: `+${layers}` })
      }
    } else if (e.kind === 'volume') {
      const name = e.name ?? fx.volumes.created[0]?.name
      if (!name || !(await this.deps.exists('volume', name))) {
        return void out.push({ code: 'not-created', kind: 'volume', name: e.name ?? '' })
      }
      checked.push({ code: 'volume', name })
    } else if (e.kind === 'heard') {
      // What the step's run printed (a step's run always keeps the end of its output).
      const output = run.outputTail ?? ''
      const heard = [...output.matchAll(new RegExp(e.pattern.source, 'g'))].at(-1)
      if (heard) checked.push({ code: 'heard', name: `Hello World: ${heard[1] ?? ''}` })
      else out.push({ code: 'not-heard', name: '' })
    } else if (e.kind === 'network') {
      if (await this.deps.exists('network', e.name)) checked.push({ code: 'network', name: e.name })
      else out.push({ code: 'not-created', kind: 'network', name: e.name })
    } else if (e.kind === 'gone') {
      for (const name of e.names) {
        const there =
          e.what === 'container' ? (await this.deps.container(name)) !== null : await this.deps.exists(e.what, name)
        if (there) out.push({ code: 'still-there', kind: e.what, name })
        else checked.push({ code: 'removed', name })
      }
    } else {
      for (const name of e.names) {
        const c = await this.deps.container(name)
        if (e.kind === 'running' && !c?.running) out.push({ code: 'not-running', name })
        else if (e.kind === 'stopped' && c?.running) out.push({ code: 'still-running', name })
        else checked.push({ code: e.kind, name })
      }
    }
  }
}
