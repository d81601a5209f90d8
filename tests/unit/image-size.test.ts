import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registryDownloadSize } from '../../src/main/services/registry/image-size'

/** A registry whose answer for each repository is given here: hostile shapes beside one well-formed manifest. */
const answers: Record<string, string> = {
  good: JSON.stringify({ layers: [{ size: 100 }, { size: 20 }], config: { size: 3 } }),
  'not-array': JSON.stringify({ layers: { size: 1 } }),
  'null-layer': JSON.stringify({ layers: [null] }),
  fraction: JSON.stringify({ layers: [{ size: 1.5 }] }),
  negative: JSON.stringify({ layers: [{ size: -1 }] }),
  huge: JSON.stringify({ layers: [{ size: Number.MAX_SAFE_INTEGER }, { size: Number.MAX_SAFE_INTEGER }] }),
  'index-junk': JSON.stringify({ manifests: [null, 5] }),
  'not-json': '<html>',
}

describe('a download size read from a registry', () => {
  let server: Server
  let base = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      const repo = /^\/v2\/library\/([^/]+)\/manifests\//.exec(req.url ?? '')?.[1] ?? ''
      const body = answers[repo]
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body ?? '')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('sums a well-formed manifest, and answers “unknown” (never throws) for every hostile shape', async () => {
    expect(await registryDownloadSize(base, 'good', { timeoutMs: 5000 })).toBe(123)
    for (const repo of Object.keys(answers).filter((r) => r !== 'good')) {
      await expect(registryDownloadSize(base, repo, { timeoutMs: 5000 }), repo).resolves.toBeNull()
    }
  })
})
