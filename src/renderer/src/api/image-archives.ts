import { IMAGE_ARCHIVE_CHUNK_BYTES } from '@shared/limits'
import { call } from './client'

function toBase64(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}

function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const text = atob(data)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** `docker load` of a file the learner picked or dropped, sent in pieces (the backend may be on another machine). */
export async function importImageArchive(file: File): Promise<string[]> {
  const { importId } = await call('resources.importBegin', {
    name: file.name.slice(0, 256) || 'images.tar',
    size: file.size,
  })
  try {
    for (let at = 0; at < file.size; at += IMAGE_ARCHIVE_CHUNK_BYTES) {
      const piece = new Uint8Array(await file.slice(at, at + IMAGE_ARCHIVE_CHUNK_BYTES).arrayBuffer())
      await call('resources.importChunk', { importId, data: toBase64(piece) })
    }
  } catch (error) {
    await call('resources.importAbort', { importId }).catch(() => {})
    throw error
  }
  return (await call('resources.importEnd', { importId })).loaded
}

/** `docker save` of these images into one .tar.gz, handed to the browser as a download. */
export async function exportImageArchive(images: string[], fileName: string): Promise<void> {
  const { exportId } = await call('resources.exportBegin', { images })
  const parts: Uint8Array<ArrayBuffer>[] = []
  for (;;) {
    const { data, done } = await call('resources.exportChunk', { exportId })
    parts.push(fromBase64(data))
    if (done) break
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/gzip' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
