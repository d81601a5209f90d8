import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { IMAGE_ARCHIVE_CHUNK_BYTES } from '@shared/limits'
import { BackendHarness } from '../support/backend-harness'
import { startServe } from '../support/serve-process'
import { TEST_IMAGE } from '../support/test-image'
import { waitFor } from '../support/wait'
import { RawBridgeClient } from '../support/ws-client'

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

  /** The test image as `docker save` writes it, under a name of its own. */
  function savedArchive(name: string): Buffer {
    expect(spawnSync('docker', ['tag', TEST_IMAGE, name], { env }).status).toBe(0)
    const saved = spawnSync('docker', ['save', name], { env, maxBuffer: 256 * 1024 * 1024 })
    expect(saved.status).toBe(0)
    expect(spawnSync('docker', ['rmi', name], { env }).status).toBe(0)
    return saved.stdout
  }

  it('belongs to the client that began it: another client can neither send to it nor read it', async () => {
    const { importId } = await h.call('resources.importBegin', { name: 'x.tar', size: 8 }, 'page-a')
    const data = Buffer.from('1234').toString('base64')
    await expect(h.call('resources.importChunk', { importId, data }, 'page-b')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    // The owner still can: the refusal was about who asked.
    expect(await h.call('resources.importChunk', { importId, data }, 'page-a')).toEqual({ received: 4 })
    await h.call('resources.importAbort', { importId }, 'page-a')
  })

  it('after four uploads dropped mid-way by pages that went away, a fifth load succeeds', async () => {
    const app = await startServe({ DOCKER_HOST: host, WHALEBOOK_LIVENESS_MS: '500' })
    const url = `ws://127.0.0.1:${new URL(app.origin).port}/api`
    const archive = savedArchive('whalebook/dropped-uploads:v1')
    const pages: RawBridgeClient[] = []
    try {
      for (let i = 0; i < 4; i++) {
        const page = await RawBridgeClient.connect(url, { token: app.token })
        pages.push(page)
        const begun = await page.call('resources.importBegin', { name: `drop-${i}.tar`, size: archive.length })
        if (!('result' in begun)) throw new Error(JSON.stringify(begun))
        const { importId } = begun.result as { importId: string }
        const data = archive.subarray(0, IMAGE_ARCHIVE_CHUNK_BYTES).toString('base64')
        expect(await page.call('resources.importChunk', { importId, data })).toMatchObject({ result: {} })
      }
      const fifth = await RawBridgeClient.connect(url, { token: app.token })
      // While the four pages are there, every slot is taken.
      expect(await fifth.call('resources.importBegin', { name: 'fifth.tar', size: archive.length })).toMatchObject({
        error: { code: 'TOO_MANY_REQUESTS' },
      })
      for (const page of pages) page.close()
      // The pages went away mid-upload (as a closed tab or a reload does): their slots are free again.
      const begun = await waitFor('a free slot', async () => {
        const r = await fifth.call('resources.importBegin', { name: 'fifth.tar', size: archive.length })
        return 'result' in r ? (r.result as { importId: string }) : undefined
      })
      for (let at = 0; at < archive.length; at += IMAGE_ARCHIVE_CHUNK_BYTES) {
        const data = archive.subarray(at, at + IMAGE_ARCHIVE_CHUNK_BYTES).toString('base64')
        expect(await fifth.call('resources.importChunk', { importId: begun.importId, data })).toMatchObject({
          result: {},
        })
      }
      expect(await fifth.call('resources.importEnd', { importId: begun.importId })).toEqual({
        result: { loaded: ['whalebook/dropped-uploads:v1'] },
      })
      expect(spawnSync('docker', ['image', 'inspect', 'whalebook/dropped-uploads:v1'], { env }).status).toBe(0)
      fifth.close()
    } finally {
      for (const page of pages) page.close()
      spawnSync('docker', ['rmi', 'whalebook/dropped-uploads:v1'], { env })
      await app.stop()
    }
  }, 60_000)

  it('an archive no chunk has moved for the idle time is released, and its slot taken by the next', async () => {
    const quick = new BackendHarness(host, { WHALEBOOK_ARCHIVE_IDLE_MS: '300' })
    try {
      const stalled = []
      for (let i = 0; i < 4; i++)
        stalled.push(await quick.call('resources.importBegin', { name: `s${i}.tar`, size: 9 }))
      await expect(quick.call('resources.importBegin', { name: 'next.tar', size: 9 })).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
      })
      const next = await waitFor('the stalled uploads to be released', () =>
        quick.call('resources.importBegin', { name: 'next.tar', size: 9 }).catch(() => undefined),
      )
      expect(next.importId).toMatch(/^[0-9a-f-]{36}$/)
      // Each stalled one says why it ended (each on its own timer: the next may get the first freed slot before the
      // others have said so), and takes no more chunks.
      const ended = await waitFor('every stalled upload to say why it ended', () => {
        const said = quick.of('resources.progress').filter((p) => p.done && p.error === 'no chunk for a while')
        return said.length >= 4 && said
      })
      expect(ended.map((p) => p.target).sort()).toEqual(['s0.tar', 's1.tar', 's2.tar', 's3.tar'])
      const data = Buffer.from('x').toString('base64')
      await expect(
        quick.call('resources.importChunk', { importId: stalled[0]?.importId ?? '', data }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    } finally {
      await quick.dispose()
    }
  })
})
