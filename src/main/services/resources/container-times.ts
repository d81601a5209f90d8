import type Docker from 'dockerode'

export interface ContainerTimes {
  startedAt: number | null
  finishedAt: number | null
  exitCode: number | null
}

const NEVER: ContainerTimes = { startedAt: null, finishedAt: null, exitCode: null }
/** Inspections at once: a first list of many containers must not open hundreds of requests together. */
const AT_ONCE = 8

/** The engine's time for "never" (`0001-01-01T00:00:00Z`) and anything unreadable are null. */
function timeOf(value: string | undefined): number | null {
  const ms = value ? Date.parse(value) : NaN
  return Number.isFinite(ms) && ms > 0 ? ms : null
}

/**
 * When each container started and ended, as the engine keeps them (`State.StartedAt`, `FinishedAt`, `ExitCode`): the
 * list gives only a sentence frozen at listing ("Up 2 seconds"), which the panel could never age. Each container is
 * inspected once and remembered until an event about it (start, die, restart…) or a resync says its times changed;
 * a container that was only created has none, and costs nothing.
 */
export class ContainerTimesCache {
  private readonly known = new Map<string, ContainerTimes>()
  /** Bumped by each forget: an inspection that began before it must not store what it read. */
  private readonly generation = new Map<string, number>()
  private epoch = 0

  /** One container's times changed (an event about it), or, without an id, any may have (a resync). */
  forget(id?: string): void {
    if (id === undefined) {
      this.known.clear()
      this.epoch++
      return
    }
    this.known.delete(id)
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1)
  }

  /** `containers` is every container there is unless `some` (a listing of a few ids): only a whole list forgets. */
  async of(
    docker: Docker,
    containers: Array<{ id: string; state: string }>,
    some = false,
  ): Promise<Map<string, ContainerTimes>> {
    const out = new Map<string, ContainerTimes>()
    const todo: string[] = []
    for (const c of containers) {
      const cached = this.known.get(c.id)
      if (c.state === 'created') out.set(c.id, NEVER)
      else if (cached) out.set(c.id, cached)
      else todo.push(c.id)
    }
    const epoch = this.epoch
    const next = async (): Promise<void> => {
      for (let id = todo.shift(); id !== undefined; id = todo.shift()) {
        const generation = this.generation.get(id) ?? 0
        const times = await docker
          .getContainer(id)
          .inspect()
          .then((info) => ({
            startedAt: timeOf(info.State?.StartedAt),
            finishedAt: timeOf(info.State?.FinishedAt),
            exitCode: typeof info.State?.ExitCode === 'number' ? info.State.ExitCode : null,
          }))
          // Gone between the list and the inspection: the next event lists it no more.
          .catch(() => NEVER)
        out.set(id, times)
        if (epoch === this.epoch && generation === (this.generation.get(id) ?? 0)) this.known.set(id, times)
      }
    }
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, todo.length) }, next))
    if (some) return out
    // Containers that are gone are forgotten with the list that no longer has them.
    const listed = new Set(containers.map((c) => c.id))
    for (const id of this.known.keys()) if (!listed.has(id)) this.known.delete(id)
    for (const id of this.generation.keys()) if (!listed.has(id)) this.generation.delete(id)
    return out
  }
}
