import type Docker from 'dockerode'
import type { DockerFailure, OperationProgress } from '@shared/contract'
import { streamError, type StreamMessage } from '@shared/docker/json-lines'
import { claim } from '../runs/claims'
import type { ActionScope, AppActions } from '../runs/app-actions'
import { newOperation } from './operation-progress'

/**
 * Pulls and builds started from the UI, reported as progress from the engine's own stream: bytes
 * per layer for a pull, "Step n/m" for a build. Each operation gets an id; its updates are events.
 */
export class ImageOperations {
  constructor(
    private readonly connection: { streams: Docker },
    private readonly emit: (p: OperationProgress) => void,
    /** Why a pull or a build failed (mirrors considered); the button shows it with what to do. */
    private readonly explain: (
      kind: 'pull' | 'build',
      message: string,
      target: string,
    ) => Promise<DockerFailure | null>,
    /** Their changes are the app's own ("Images panel: pull nginx"), not "outside". */
    private readonly actions: AppActions,
  ) {}

  private begin(kind: OperationProgress['kind'], target: string): OperationProgress {
    const progress = newOperation(kind, target)
    this.emit(progress)
    return progress
  }

  pull(image: string): string {
    const progress = this.begin('pull', image)
    const scope = this.actions.begin({ kind: 'pull', target: image }, [claim('image', image)])
    const layers = new Map<string, { current: number; total: number }>()
    this.connection.streams.pull(image, (err: Error | null, stream: NodeJS.ReadableStream | undefined) => {
      if (err || !stream) return this.finish(progress, scope, err?.message ?? 'pull failed')
      this.connection.streams.modem.followProgress(
        stream,
        (e: Error | null) => this.finish(progress, scope, e ? e.message : null),
        (m: StreamMessage) => {
          if (m.id && m.progressDetail?.total)
            layers.set(m.id, { current: m.progressDetail.current ?? 0, total: m.progressDetail.total })
          progress.current = [...layers.values()].reduce((s, l) => s + l.current, 0)
          progress.total = [...layers.values()].reduce((s, l) => s + l.total, 0)
          if (m.status) this.line(progress, m.id ? `${m.id}: ${m.status}` : m.status)
          this.emit({ ...progress })
        },
      )
    })
    return progress.opId
  }

  build(contextDir: string, tag: string): string {
    const progress = this.begin('build', tag)
    const scope = this.actions.begin({ kind: 'build', target: tag }, [claim('image', tag)], { buildSteps: true })
    void this.connection.streams
      .buildImage({ context: contextDir, src: ['Dockerfile'] }, { t: tag })
      .then((stream) => {
        let failure: string | null = null
        this.connection.streams.modem.followProgress(
          stream,
          (e: Error | null) => this.finish(progress, scope, e ? e.message : failure),
          (m: StreamMessage) => {
            if (m.error) failure = streamError(m) ?? m.error
            if (m.aux?.ID) scope.claim(claim('image', m.aux.ID))
            const step = /Step (\d+)\/(\d+)/.exec(m.stream ?? '')
            if (step) {
              progress.current = Number(step[1])
              progress.total = Number(step[2])
            }
            const text = (m.stream ?? m.status ?? m.error ?? '').trim()
            if (text) this.line(progress, text)
            this.emit({ ...progress })
          },
        )
      })
      .catch((e: Error) => this.finish(progress, scope, e.message))
    return progress.opId
  }

  private line(p: OperationProgress, text: string): void {
    p.lines = [...p.lines, text].slice(-8)
  }

  private finish(p: OperationProgress, scope: ActionScope, error: string | null): void {
    scope.end()
    p.done = true
    p.error = error
    if (!error && p.kind === 'build' && p.total) p.current = p.total
    // Said at once in the engine's words; the explanation follows (checking each mirror may take seconds).
    this.emit({ ...p })
    if (!error) return
    void this.explain(p.kind === 'build' ? 'build' : 'pull', error, p.target).then(
      (failure) => this.emit({ ...p, failure }),
      () => this.emit({ ...p }),
    )
  }
}
