import { randomUUID } from 'node:crypto'
import { PassThrough, type Readable } from 'node:stream'
import { createGzip } from 'node:zlib'
import type Docker from 'dockerode'
import type { OperationProgress } from '@shared/contract'
import { loadedImage, parseJsonLines, streamError, type StreamMessage } from '@shared/docker/json-lines'
import { ApiError, errorMessage } from '@shared/errors'
import { IMAGE_ARCHIVE_CHUNK_BYTES } from '@shared/limits'
import { claim } from '../runs/claims'
import { asAppAction, type AppActions } from '../runs/app-actions'
import { newOperation } from './operation-progress'

/** What every open archive has: the client that began it, and the clock that releases it when that client stops. */
interface Owned {
  owner: string
  idle: NodeJS.Timeout | undefined
  progress: OperationProgress
  /** Stops its engine request. */
  cancel: () => void
}

interface Upload extends Owned {
  target: string
  sink: PassThrough
  /** Cancels the engine's `POST /images/load`. */
  abort: AbortController
  result: Promise<string>
  size: number
}

interface Download extends Owned {
  tar: Readable
  source: Readable
  ended: boolean
  failed: string | null
}

const MAX_OPEN = 4

export interface ImageArchivesOptions {
  /** An archive no chunk has moved for this long is released (its engine request cancelled). */
  idleMs?: number
}

/** The images a load's answer names (`Loaded image: nginx:latest`, `Loaded image ID: sha256:…`). */
function loadedImages(answer: string): string[] {
  return parseJsonLines<StreamMessage>(answer).flatMap((m) => loadedImage(m) ?? [])
}

/**
 * Images carried on a USB stick: `docker load` of a .tar or .tar.gz the page sends in chunks (the file may be on the
 * learner's machine while the backend runs on a server), and `docker save` of chosen images into one .tar.gz the page
 * reads back in chunks. Both work the same over IPC and the serve bridge, with progress as `resources.progress`.
 *
 * Each archive belongs to the client (window, WebSocket) that began it: only that client moves it on, and it is
 * released, its engine request cancelled, when the client goes away or reloads, or when no chunk has moved for a
 * minute. So a page dropped mid-upload never holds one of the few open slots, or a `POST /images/load`, for good.
 */
export class ImageArchives {
  private readonly uploads = new Map<string, Upload>()
  private readonly downloads = new Map<string, Download>()
  private readonly idleMs: number

  constructor(
    private readonly connection: { streams: Docker },
    private readonly emit: (p: OperationProgress) => void,
    /** What a load adds is the app's own change ("Images panel: load images.tar"), not "outside". */
    private readonly actions: AppActions,
    options: ImageArchivesOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 60_000
  }

  private progress(kind: 'load' | 'save', target: string, total: number): OperationProgress {
    const p = newOperation(kind, target, total)
    this.emit({ ...p })
    return p
  }

  private roomFor(): void {
    if (this.uploads.size + this.downloads.size >= MAX_OPEN) {
      throw new ApiError('TOO_MANY_REQUESTS', `At most ${MAX_OPEN} image archives may be open at once`)
    }
  }

  /** (Re)starts an archive's idle clock: a chunk moved. */
  private touch(item: Owned, release: () => void): void {
    clearTimeout(item.idle)
    item.idle = setTimeout(release, this.idleMs)
    item.idle.unref?.()
  }

  importBegin(name: string, size: number, owner: string): { importId: string; opId: string } {
    this.roomFor()
    const sink = new PassThrough()
    const abort = new AbortController()
    const progress = this.progress('load', name, size)
    const result = this.connection.streams.loadImage(sink, { abortSignal: abort.signal }).then(
      (response) =>
        new Promise<string>((resolve, reject) => {
          let text = ''
          response.on('data', (d: Buffer) => (text += d.toString()))
          response.on('end', () => resolve(text))
          response.on('error', reject)
        }),
    )
    // Seen by importEnd; never left unhandled if the page gives up first.
    result.catch(() => {})
    const importId = randomUUID()
    const cancel = (): void => {
      abort.abort()
      sink.destroy()
    }
    const upload: Upload = { owner, idle: undefined, cancel, target: name, sink, abort, result, progress, size }
    this.uploads.set(importId, upload)
    this.touch(upload, () => this.release(importId, 'no chunk for a while'))
    return { importId, opId: progress.opId }
  }

  private upload(importId: string, owner: string): Upload {
    const u = this.uploads.get(importId)
    if (!u || u.owner !== owner)
      throw new ApiError('BAD_REQUEST', `No import ${importId} (finished, aborted or never begun)`)
    return u
  }

  async importChunk(importId: string, data: string, owner: string): Promise<{ received: number }> {
    const u = this.upload(importId, owner)
    const bytes = Buffer.from(data, 'base64')
    if (bytes.length > IMAGE_ARCHIVE_CHUNK_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', 'Chunk too large')
    if (u.progress.current + bytes.length > u.size) {
      this.importAbort(importId, owner)
      throw new ApiError('BAD_REQUEST', `More bytes than the ${u.size} announced`)
    }
    this.touch(u, () => this.release(importId, 'no chunk for a while'))
    // Backpressure: the next chunk is asked for only once the engine has taken this one.
    if (!u.sink.write(bytes)) await new Promise((r) => u.sink.once('drain', r))
    u.progress.current += bytes.length
    this.emit({ ...u.progress })
    return { received: u.progress.current }
  }

  async importEnd(importId: string, owner: string): Promise<{ loaded: string[] }> {
    const u = this.upload(importId, owner)
    this.uploads.delete(importId)
    clearTimeout(u.idle)
    u.sink.end()
    try {
      // The engine registers the images once it has the whole archive: its answer names them.
      const stream = await asAppAction(
        this.actions,
        { kind: 'load', target: u.target },
        [],
        async (scope) => {
          const answer = await u.result
          scope.claim(...loadedImages(answer).map((ref) => claim('image', ref)))
          return answer
        },
        { awaitsAnswer: true },
      )
      const failure = parseJsonLines<StreamMessage>(stream).map(streamError).find(Boolean)
      if (failure) throw new Error(failure)
      const loaded = loadedImages(stream)
      this.emit({ ...u.progress, done: true, lines: loaded.map((l) => `Loaded image: ${l}`) })
      return { loaded }
    } catch (error) {
      const message = errorMessage(error)
      this.emit({ ...u.progress, done: true, error: message })
      throw new ApiError('ENGINE_ERROR', `The engine could not load ${u.target}: ${message}`)
    }
  }

  importAbort(importId: string, owner: string): void {
    if (this.uploads.get(importId)?.owner === owner) this.release(importId, 'aborted')
  }

  /** Ends an archive whoever began it: its engine request cancelled, its slot free, its progress told why. */
  private release(id: string, why: string): void {
    const item = this.uploads.get(id) ?? this.downloads.get(id)
    if (!item) return
    this.uploads.delete(id)
    this.downloads.delete(id)
    clearTimeout(item.idle)
    item.cancel()
    this.emit({ ...item.progress, done: true, error: why })
  }

  /** A client went away (a closed socket, a reloaded or closed window): what it began is released. */
  clientGone(owner: string): void {
    for (const [id, item] of [...this.uploads, ...this.downloads]) {
      if (item.owner === owner) this.release(id, 'the page that began it went away')
    }
  }

  async exportBegin(images: string[], owner: string): Promise<{ exportId: string; opId: string }> {
    this.roomFor()
    let tar: Readable
    try {
      // GET /images/get?names=…: dockerode has it, its type declarations do not.
      const streams = this.connection.streams as Docker & {
        getImages(opts: { names: string[] }): Promise<NodeJS.ReadableStream>
      }
      tar = (await streams.getImages({ names: images })) as Readable
    } catch (error) {
      throw new ApiError('ENGINE_ERROR', `The engine could not save ${images.join(', ')}: ${errorMessage(error)}`)
    }
    const source = tar.pipe(createGzip())
    const progress = this.progress('save', images.join(' '), 0)
    const cancel = (): void => {
      tar.destroy()
      source.destroy()
    }
    const d: Download = { owner, idle: undefined, cancel, tar, source, progress, ended: false, failed: null }
    source.on('end', () => (d.ended = true))
    source.on('error', (e: Error) => (d.failed = e.message))
    tar.on('error', (e: Error) => (d.failed = e.message))
    const exportId = randomUUID()
    this.downloads.set(exportId, d)
    this.touch(d, () => this.release(exportId, 'no chunk for a while'))
    return { exportId, opId: progress.opId }
  }

  /** The next piece of the archive (base64), and whether it was the last. */
  async exportChunk(exportId: string, owner: string): Promise<{ data: string; done: boolean }> {
    const d = this.downloads.get(exportId)
    if (!d || d.owner !== owner) throw new ApiError('BAD_REQUEST', `No export ${exportId} (finished or never begun)`)
    this.touch(d, () => this.release(exportId, 'no chunk for a while'))
    const parts: Buffer[] = []
    let size = 0
    while (size < IMAGE_ARCHIVE_CHUNK_BYTES && !d.ended && !d.failed) {
      const piece = d.source.read(
        Math.min(IMAGE_ARCHIVE_CHUNK_BYTES - size, d.source.readableLength || 65536),
      ) as Buffer | null
      if (piece) {
        parts.push(piece)
        size += piece.length
        continue
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          d.source.off('readable', done)
          d.source.off('end', done)
          d.source.off('error', done)
          d.source.off('close', done)
          resolve()
        }
        d.source.once('readable', done)
        d.source.once('end', done)
        d.source.once('error', done)
        d.source.once('close', done)
      })
      if (!this.downloads.has(exportId)) d.failed ??= 'released'
    }
    if (d.failed) {
      this.downloads.delete(exportId)
      clearTimeout(d.idle)
      this.emit({ ...d.progress, done: true, error: d.failed })
      throw new ApiError('ENGINE_ERROR', `Saving the images failed: ${d.failed}`)
    }
    d.progress.current += size
    const done = d.ended && d.source.readableLength === 0
    if (done) {
      this.downloads.delete(exportId)
      clearTimeout(d.idle)
    }
    this.emit({ ...d.progress, done, total: done ? d.progress.current : 0 })
    return { data: Buffer.concat(parts).toString('base64'), done }
  }
}
