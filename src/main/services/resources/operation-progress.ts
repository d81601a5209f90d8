import { randomUUID } from 'node:crypto'
import type { OperationProgress } from '@shared/contract'

/** A new operation (pull, build, load, save) as its first `resources.progress` event reports it. */
export function newOperation(kind: OperationProgress['kind'], target: string, total = 0): OperationProgress {
  return { opId: randomUUID(), kind, target, current: 0, total, lines: [], done: false, error: null, failure: null }
}
