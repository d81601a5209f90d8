import type { Effects, FinishedCommandRecord, StepCheck, StepDifference, StepVerdict } from '@shared/contract'
import { parseStepRunId } from '@shared/tutorial/run-id'
import type { EngineEvent } from '../resources/engine-event'
import type { ContainerState } from '../resources/engine-objects'
import { expectationsOf, type Expectation } from './step-expectation'

export interface StepVerifierDeps {
  container: (ref: string) => Promise<ContainerState | null>
  /** Whether an image, volume or network of this name (or id) exists now. */
  exists: (kind: 'image' | 'volume' | 'network', ref: string) => Promise<boolean>
  /** The last lines a container printed (for "it stopped right after starting: …"). */
  logTail: (ref: string) => Promise<string>
  emit: (verdict: StepVerdict) => void
  now?: () => number
  /** How long a verified detached container is watched: if it dies meanwhile, the step is judged again. */
  watchMs?: number
}

interface Watched {
  fx: Effects
  until: number
}

/** Exit code of a program stopped with Ctrl+C (128 + SIGINT): how a listener run in the terminal ends. */
const INTERRUPTED = 130
/** Output tails kept for commands whose effects are still to come (they follow the end by a moment). */
const OUTPUTS_KEPT = 64

/**
 * Checks each step's run against what its command is meant to do (`step-expectation.ts`), from the command's effects
 * and the engine's state: `docker run -d --name web -p 80:80 nginx` is verified only when web was created, is still
 * running, and publishes 80 on 80. A container that dies soon after a verified start is judged again.
 */
export class StepVerifier {
  private readonly watched = new Map<string, Watched>()
  /** The end of what each recent step run printed, by command id: a listener is judged by it. */
  private readonly outputs = new Map<string, string>()

  constructor(private readonly deps: StepVerifierDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  /** A command ended: keep what a step's run printed until its effects are in. */
  onCommandFinished(record: FinishedCommandRecord): void {
    if (!parseStepRunId(record.runId)) return
    this.outputs.set(record.commandId, record.outputTail ?? '')
    for (const key of this.outputs.keys()) {
      if (this.outputs.size <= OUTPUTS_KEPT) break
      this.outputs.delete(key)
    }
  }

  /** A command's effects are in: if it was a step's run, judge it. */
  async onEffects(fx: Effects): Promise<StepVerdict | undefined> {
    const step = parseStepRunId(fx.runId)
    if (fx.source !== 'command' || !step || !fx.runId) return undefined
    const verdict = await this.verify(fx, step.stepId, step.chapterId)
    this.deps.emit(verdict)
    return verdict
  }

  /** A container died: a step that had verified it running is judged again. */
  onEngineEvent(e: EngineEvent): void {
    if (e.Type !== 'container' || e.Action !== 'die') return
    const now = this.now()
    for (const [id, w] of this.watched) if (w.until < now) this.watched.delete(id)
    const w = this.watched.get(e.Actor.ID)
    if (!w) return
    this.watched.delete(e.Actor.ID)
    void this.onEffects(w.fx)
  }

  private async verify(fx: Effects, stepId: string, chapterId: string): Promise<StepVerdict> {
    const differences: StepDifference[] = []
    const checked: StepCheck[] = []
    const base = { runId: fx.runId ?? '', stepId, chapterId, exitCode: fx.exitCode, at: this.now() }
    const expectations = expectationsOf(fx.commandLine ?? '')
    // A listener runs until the learner stops it: Ctrl+C is how it is meant to end.
    const stoppable = expectations.some((e) => e.kind === 'heard')
    if (fx.exitCode !== 0 && !(stoppable && fx.exitCode === INTERRUPTED)) {
      differences.push({ code: 'exit', name: '', exitCode: fx.exitCode })
      return { ...base, status: 'differs', checked, differences }
    }
    for (const e of expectations) await this.check(e, fx, checked, differences)
    return { ...base, status: differences.length ? 'differs' : 'verified', checked, differences }
  }

  private async check(e: Expectation, fx: Effects, checked: StepCheck[], out: StepDifference[]): Promise<void> {
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
      this.watched.set(c.id, { fx, until: this.now() + (this.deps.watchMs ?? 30_000) })
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
      const output = fx.commandId ? (this.outputs.get(fx.commandId) ?? '') : ''
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
