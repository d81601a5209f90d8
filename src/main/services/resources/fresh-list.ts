/** What one listing changed: the items new or different, whole, and the ids of those gone. */
export interface ListChanges<T> {
  upserted: T[]
  removed: string[]
}

/**
 * A list of the engine's objects kept from listings that overlap: whole ones (after a reconnect) and ones of a few ids
 * (after events about them). Listings are numbered as they start, and each id remembers the number of the listing its
 * entry (or its absence) comes from: a listing that started earlier but ended later never puts back what a newer one
 * replaced, nor brings back one that a newer one found gone.
 */
export class FreshList<T extends { id: string }> {
  /** In the engine's order (newest first): a whole listing's, with what came since in front. */
  private items = new Map<string, T>()
  /** Per id, the listing its entry or absence comes from; an id not here is as old as the last whole listing. */
  private readonly heldBy = new Map<string, number>()
  private lastWhole = 0
  private started = 0
  private readonly inFlight = new Set<number>()

  constructor(private readonly same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)) {}

  /** A listing starts now: its number, to give back with its answer (or to `abandon`). */
  begin(): number {
    const seq = ++this.started
    this.inFlight.add(seq)
    return seq
  }

  /** A listing that failed: it changes nothing, and no longer holds back forgetting what it could have undone. */
  abandon(seq: number): void {
    this.inFlight.delete(seq)
    this.forgetAbsences()
  }

  /** The items, newest first as the engine lists them. */
  list(): T[] {
    return [...this.items.values()]
  }

  /** The answer of a listing of everything: what it lacks is gone, unless a newer listing said otherwise. */
  whole(seq: number, found: readonly T[]): ListChanges<T> {
    const ids = new Set(found.map((x) => x.id))
    const changes = this.merge(
      seq,
      found,
      [...this.items.keys()].filter((id) => !ids.has(id)),
    )
    // The engine's order; what a newer listing kept that this one lacks is newer still, and stays in front.
    const order = new Map<string, T>()
    for (const [id, item] of this.items) if (!ids.has(id)) order.set(id, item)
    for (const { id } of found) {
      const item = this.items.get(id)
      if (item) order.set(id, item)
    }
    this.items = order
    this.lastWhole = Math.max(this.lastWhole, seq)
    this.inFlight.delete(seq)
    this.forgetAbsences()
    return changes
  }

  /** The answer of a listing of these ids only: those of them it lacks are gone; every other id is untouched. */
  some(seq: number, ids: readonly string[], found: readonly T[]): ListChanges<T> {
    const asked = new Set(ids)
    const mine = found.filter((x) => asked.has(x.id))
    const present = new Set(mine.map((x) => x.id))
    const changes = this.merge(
      seq,
      mine,
      ids.filter((id) => !present.has(id)),
    )
    this.inFlight.delete(seq)
    this.forgetAbsences()
    return changes
  }

  private held(id: string): number {
    return this.heldBy.get(id) ?? this.lastWhole
  }

  private merge(seq: number, found: readonly T[], gone: readonly string[]): ListChanges<T> {
    const changes: ListChanges<T> = { upserted: [], removed: [] }
    const added: Array<[string, T]> = []
    for (const item of found) {
      if (this.held(item.id) > seq) continue
      this.heldBy.set(item.id, seq)
      const old = this.items.get(item.id)
      if (old && this.same(old, item)) continue
      if (old) this.items.set(item.id, item)
      else added.push([item.id, item])
      changes.upserted.push(item)
    }
    // New ones are the newest: in front, as the engine would list them.
    if (added.length) this.items = new Map([...added, ...this.items])
    for (const id of gone) {
      if (this.held(id) > seq) continue
      this.heldBy.set(id, seq)
      if (this.items.delete(id)) changes.removed.push(id)
    }
    return changes
  }

  /**
   * An absence is remembered only while a listing older than it is still out (it could bring the item back); after
   * that, any answer is newer than it, and the map stays as small as the list.
   */
  private forgetAbsences(): void {
    const oldest = Math.min(...this.inFlight)
    for (const [id, seq] of this.heldBy) if (!this.items.has(id) && seq <= oldest) this.heldBy.delete(id)
  }
}
