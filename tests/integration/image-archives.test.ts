import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { IMAGE_ARCHIVE_CHUNK_BYTES } from '@shared/limits'
import { BackendHarness } from '../support/backend-harness'
import { TEST_IMAGE } from '../support/test-image'

/** Images carried offline: exported from the private engine into one .tar.gz, removed, and loaded back, in chunks. */
describe('image archives (docker save / docker load) in chunks, against the private engine', () => {
  const host = inject('dockerHost')
  const h = new BackendHarness(host)
  afterAll(() => h.dispose())
  const env = { ...process.env, DOCKER_HOST: host }
  const copy = 'whalebook/archive-test:v1'

  async function exportAll(images: string[]): Promise<Buffer> {
    const { exportId } = await h.call('resources.exportBegin', { images })
    const parts: Buffer[] = []
    for (;;) {
      const { data, done } = await h.call('resources.exportChunk', { exportId })
      parts.push(Buffer.from(data, 'base64'))
      if (done) return Buffer.concat(parts)
    }
  }

  async function importAll(name: string, bytes: Buffer): Promise<string[]> {
    const { importId } = await h.call('resources.importBegin', { name, size: bytes.length })
    for (let at = 0; at < bytes.length; at += IMAGE_ARCHIVE_CHUNK_BYTES) {
      const data = bytes.subarray(at, at + IMAGE_ARCHIVE_CHUNK_BYTES).toString('base64')
      await h.call('resources.importChunk', { importId, data })
    }
    return (await h.call('resources.importEnd', { importId })).loaded
  }

  it('saves chosen images into one .tar.gz, and loads it back after they were removed', async () => {
    expect(spawnSync('docker', ['tag', TEST_IMAGE, copy], { env }).status).toBe(0)
    const archive = await exportAll([copy])
    const tar = gunzipSync(archive)
    expect(tar.length).toBeGreaterThan(IMAGE_ARCHIVE_CHUNK_BYTES)
    expect(tar.toString('latin1')).toContain('manifest.json')
    // The same archive docker save makes, as the docker CLI reads it.
    const file = join(mkdtempSync(join(tmpdir(), 'wb-archive-')), 'images.tar.gz')
    writeFileSync(file, archive)
    expect(spawnSync('docker', ['rmi', copy], { env }).status).toBe(0)
    expect(await importAll('images.tar.gz', readFileSync(file))).toEqual([copy])
    expect(spawnSync('docker', ['image', 'inspect', copy], { env, stdio: 'ignore' }).status).toBe(0)
    const progress = h.of('resources.progress').filter((p) => p.kind === 'load' && p.done)
    expect(progress.at(-1)).toMatchObject({ error: null, current: archive.length, total: archive.length })
    spawnSync('docker', ['rmi', copy], { env })
  })

  it('refuses what is not an archive with the engine’s reason, and more bytes than announced', async () => {
    await expect(importAll('notes.tar', Buffer.from('this is not a tar archive at all'))).rejects.toMatchObject({
      code: 'ENGINE_ERROR',
    })
    const { importId } = await h.call('resources.importBegin', { name: 'x.tar', size: 4 })
    await expect(
      h.call('resources.importChunk', { importId, data: Buffer.from('12345678').toString('base64') }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(h.call('resources.exportBegin', { images: ['no-such/image:here'] })).rejects.toMatchObject({
      code: 'ENGINE_ERROR',
    })
  })
})
