import { randomUUID } from 'node:crypto'
import { PassThrough, type Readable } from 'node:stream'
import { createGzip } from 'node:zlib'
import type Docker from 'dockerode'
import type { OperationProgress } from '@shared/contract'
import { ApiError } from '@shared/errors'
import { IMAGE_ARCHIVE_CHUNK_BYTES } from '@shared/limits'
import { claim } from '../engine-proxy/exchange-claims'
import { asAppAction, type AppActions } from './app-actions'
import { newOperation } from './operation-progress'

interface Upload {
  target: string
  sink: PassThrough
  result: Promise<string>
  progress: OperationProgress
  size: number
}

interface Download {
  source: Readable
  progress: OperationProgress
  ended: boolean
  failed: string | null
}

const MAX_OPEN = 4

/** `Loaded image: nginx:latest` / `Loaded image ID: sha256:…` lines of the engine's load stream. */
export function loadedImages(stream: string): string[] {
  const out: string[] = []
  for (const line of stream.split('\n')) {
    let m: { stream?: string } = {}
    try {
      m = JSON.parse(line) as { stream?: string }
    } catch {
      continue
    }
    const hit = /Loaded image(?: ID)?: (\S+)/.exec(m.stream ?? '')
    if (hit?.[1]) out.push(hit[1])
  }
  return out
}

/**
 * Images carried on a USB stick: `docker load` of a .tar or .tar.gz the page sends in chunks (the file may be on the
 * learner's machine while the backend runs on a server), and `docker save` of chosen images into one .tar.gz the page
 * reads back in chunks. Both work the same over IPC and the serve bridge, with progress as `resources.progress`.
 */
export class ImageArchives {
  private readonly uploads = new Map<string, Upload>()
  private readonly downloads = new Map<string, Download>()

  constructor(
    private readonly connection: { streams: Docker },
    private readonly emit: (p: OperationProgress) => void,
    /** What a load adds is the app's own change ("Images panel: load images.tar"), not "outside". */
    private readonly actions: AppActions,
  ) {}

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

  importBegin(name: string, size: number): { importId: string; opId: string } {
    this.roomFor()
    const sink = new PassThrough()
    const progress = this.progress('load', name, size)
    const result = this.connection.streams.loadImage(sink).then(
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
    this.uploads.set(importId, { target: name, sink, result, progress, size })
    return { importId, opId: progress.opId }
  }

  private upload(importId: string): Upload {
    const u = this.uploads.get(importId)
    if (!u) throw new ApiError('BAD_REQUEST', `No import ${importId} (finished, aborted or never begun)`)
    return u
  }

  async importChunk(importId: string, data: string): Promise<{ received: number }> {
    const u = this.upload(importId)
    const bytes = Buffer.from(data, 'base64')
    if (bytes.length > IMAGE_ARCHIVE_CHUNK_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', 'Chunk too large')
    if (u.progress.current + bytes.length > u.size) {
      this.importAbort(importId)
      throw new ApiError('BAD_REQUEST', `More bytes than the ${u.size} announced`)
    }
    // Backpressure: the next chunk is asked for only once the engine has taken this one.
    if (!u.sink.write(bytes)) await new Promise((r) => u.sink.once('drain', r))
    u.progress.current += bytes.length
    this.emit({ ...u.progress })
    return { received: u.progress.current }
  }

  async importEnd(importId: string): Promise<{ loaded: string[] }> {
    const u = this.upload(importId)
    this.uploads.delete(importId)
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
      const failure = /"error(?:Detail)?":\s*(?:\{"message":\s*)?"([^"]+)"/.exec(stream)?.[1]
      if (failure) throw new Error(failure)
      const loaded = loadedImages(stream)
      this.emit({ ...u.progress, done: true, lines: loaded.map((l) => `Loaded image: ${l}`) })
      return { loaded }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.emit({ ...u.progress, done: true, error: message })
      throw new ApiError('ENGINE_ERROR', `The engine could not load ${u.target}: ${message}`)
    }
  }

  importAbort(importId: string): void {
    const u = this.uploads.get(importId)
    if (!u) return
    this.uploads.delete(importId)
    u.sink.destroy(new Error('aborted'))
    this.emit({ ...u.progress, done: true, error: 'aborted' })
  }

  async exportBegin(images: string[]): Promise<{ exportId: string; opId: string }> {
    this.roomFor()
    let tar: NodeJS.ReadableStream
    try {
      // GET /images/get?names=…: dockerode has it, its type declarations do not.
      const streams = this.connection.streams as Docker & {
        getImages(opts: { names: string[] }): Promise<NodeJS.ReadableStream>
      }
      tar = await streams.getImages({ names: images })
    } catch (error) {
      throw new ApiError('ENGINE_ERROR', `The engine could not save ${images.join(', ')}: ${(error as Error).message}`)
    }
    const source = (tar as Readable).pipe(createGzip())
    const progress = this.progress('save', images.join(' '), 0)
    const d: Download = { source, progress, ended: false, failed: null }
    source.on('end', () => (d.ended = true))
    source.on('error', (e: Error) => (d.failed = e.message))
    ;(tar as Readable).on('error', (e: Error) => (d.failed = e.message))
    const exportId = randomUUID()
    this.downloads.set(exportId, d)
    return { exportId, opId: progress.opId }
  }

  /** The next piece of the archive (base64), and whether it was the last. */
  async exportChunk(exportId: string): Promise<{ data: string; done: boolean }> {
    const d = this.downloads.get(exportId)
    if (!d) throw new ApiError('BAD_REQUEST', `No export ${exportId} (finished or never begun)`)
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
          resolve()
        }
        d.source.once('readable', done)
        d.source.once('end', done)
        d.source.once('error', done)
      })
    }
    if (d.failed) {
      this.downloads.delete(exportId)
      this.emit({ ...d.progress, done: true, error: d.failed })
      throw new ApiError('ENGINE_ERROR', `Saving the images failed: ${d.failed}`)
    }
    d.progress.current += size
    const done = d.ended && d.source.readableLength === 0
    if (done) this.downloads.delete(exportId)
    this.emit({ ...d.progress, done, total: done ? d.progress.current : 0 })
    return { data: Buffer.concat(parts).toString('base64'), done }
  }
}
