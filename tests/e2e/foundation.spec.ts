import { existsSync, readFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { networkInterfaces } from 'node:os'
import type { AddressInfo } from 'node:net'
import { MAX_WS_CLIENTS } from '@shared/limits'
import { startPrivateDockerd } from '../support/private-dockerd'
import { startServe } from '../support/serve-process'
import { docker, serverVersion } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import { RawBridgeClient } from '../support/ws-client'
import { expect, test, testEngineHost } from './fixtures'

test('the status bar shows the private engine’s real version', async ({ page, app }) => {
  await page.goto(app.url)
  const version = serverVersion(testEngineHost())
  await expect(page.getByTestId('engine-version')).toHaveText(`Docker ${version}`)
  await expect(page.getByTestId('engine-name')).not.toBeEmpty()
  // The token left the address bar once the page had it.
  expect(page.url()).not.toContain('token=')
})

test('without the token the page says so and the API stays closed', async ({ page, app }) => {
  await page.goto(`${app.origin}/`)
  await expect(page.getByTestId('no-token')).toContainText(/令牌|token/)
  await expect(page.getByTestId('engine-version')).toHaveCount(0)
})

test('the token never reaches another server on this host (a container published with -p, say)', async ({
  page,
  app,
}) => {
  // A server on another port of the same loopback host records every request it gets, headers and all.
  const seen: string[] = []
  const other = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}`)
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><title>other</title><img src="/pixel.png">')
  })
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
  const port = (other.address() as AddressInfo).port
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('engine-version')).toBeVisible()
    // The page reloads (as a user would) and still connects: the token stayed with this tab, not in a cookie.
    await page.reload()
    await expect(page.getByTestId('engine-version')).toBeVisible()
    for (const host of ['127.0.0.1', 'localhost']) {
      await page.goto(`http://${host}:${port}/some/page`)
      await expect(page).toHaveTitle('other')
    }
    expect(seen.length).toBeGreaterThanOrEqual(2)
    for (const request of seen) expect(request).not.toContain(app.token)
    expect((await page.context().cookies()).map((c) => c.value).join(' ')).not.toContain(app.token)
  } finally {
    other.close()
  }
})

test('bad calls from the page get typed errors and the next call still works', async ({ page, app }) => {
  await page.goto(app.url)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  const replies = await page.evaluate(async () => {
    const api = window.__whalebook
    if (!api) throw new Error('no transport')
    const raw = api.invoke as (m: string, p: unknown) => Promise<unknown>
    return {
      unknown: await raw('no.such.method', {}),
      wrongType: await raw('app.info', [1, 2, 3]),
      oversized: await raw('app.info', { blob: 'x'.repeat(1_100_000) }),
      chinese: await raw('app.info', { 键: '值' }),
      valid: await raw('app.info', {}),
    }
  })
  expect(replies.unknown).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
  expect(replies.wrongType).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  expect(replies.oversized).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
  expect(replies.chinese).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('键') } })
  expect(replies.valid).toMatchObject({ result: { name: 'Whalebook', transport: 'ws' } })
})

test('with the engine stopped the status bar says so and the app keeps working', async ({ page }) => {
  const dockerd = await startPrivateDockerd({ network: 'none' })
  const app = await startServe({ DOCKER_HOST: dockerd.host, WHALEBOOK_LIVENESS_MS: '500' })
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('engine-version')).toHaveText(`Docker ${serverVersion(dockerd.host)}`)
    await dockerd.stop()
    await expect(page.getByTestId('engine-unavailable')).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('engine-unavailable')).toHaveAttribute('data-problem', 'not-running')
    await expect(page.getByTestId('status-bar')).toContainText('Docker engine is not running')
    // The backend is alive and still answers.
    const info = await page.evaluate(() => window.__whalebook?.invoke('app.info', {}))
    expect(info).toMatchObject({ result: { name: 'Whalebook' } })
  } finally {
    await app.stop()
    await dockerd.stop()
  }
})

test('with no engine at all the app still opens and explains', async ({ page }) => {
  const app = await startServe({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('engine-unavailable')).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  } finally {
    await app.stop()
  }
})

test('permission denied on the socket is explained with the docker-group fix', async ({ page }) => {
  test.skip(process.getuid?.() !== 0, 'needs root to run the backend as another user')
  const app = await startServe({ DOCKER_HOST: testEngineHost() }, ['--port', '0'], {
    uid: 65534,
    gid: 65534,
  })
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('engine-unavailable')).toHaveAttribute('data-problem', 'permission-denied')
    await expect(page.getByTestId('status-bar')).toContainText('usermod -aG docker')
  } finally {
    await app.stop()
  }
})

/** The local addresses the kernel has listening on `port` (IPv4 and IPv6), from /proc/net/tcp{,6}. */
function listeningAddresses(port: number): string[] {
  const out: string[] = []
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
    for (const line of text.split('\n').slice(1)) {
      const [, local = '', , state] = line.trim().split(/\s+/)
      const [hex = '', portHex = ''] = local.split(':')
      if (state !== '0A' || parseInt(portHex, 16) !== port) continue
      if (hex.length === 8)
        out.push(
          (hex.match(/../g) ?? [])
            .reverse()
            .map((b) => parseInt(b, 16))
            .join('.'),
        )
      else out.push(hex === '00000000000000000000000001000000' ? '::1' : hex === '0'.repeat(32) ? '::' : `v6:${hex}`)
    }
  }
  return out
}

/** How a plain HTTP GET of `/` at `address:port` ends: its status, or the connection's error code. */
function tryGet(address: string, port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: address, port, path: '/', timeout: 3000 }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })))
    req.end()
  })
}

test('the bridge listens on loopback only: bound to 127.0.0.1, and this machine’s other addresses refuse', async ({
  app,
}) => {
  const port = Number(new URL(app.origin).port)
  // The kernel's own account of the socket: one listener, on loopback (a 0.0.0.0 bind shows as 0.0.0.0).
  expect(listeningAddresses(port)).toEqual(['127.0.0.1'])
  // Loopback answers (the positive witness), every other address of this machine refuses the connection.
  expect(await tryGet('127.0.0.1', port)).toBe(200)
  const others = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a?.address ?? '')
  for (const address of others) expect(await tryGet(address, port), address).toBe('ECONNREFUSED')
  // And a request naming another host is refused at the door (DNS rebinding).
  const wrongHost = await new Promise<number>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `example.com:${port}` } }, (res) =>
      resolve(res.statusCode ?? 0),
    )
    req.end()
  })
  expect(wrongHost).toBe(403)
})

test('after the connection drops and comes back, the page reloads what it missed', async ({ page, app }) => {
  const host = testEngineHost()
  const name = `missed-${Date.now()}`
  await page.goto(app.url)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  await page.getByTestId('chapter-link-1.1').click()
  const step = page.locator('[data-step-id="1.1/1"]')
  await expect(step).not.toHaveClass(/done/)

  // Fill every other connection slot, then make the bridge drop the page's socket (a frame over its size limit):
  // the page cannot reconnect until a slot frees, so what happens meanwhile reaches it only through a reload.
  const api = `ws://127.0.0.1:${new URL(app.url).port}/api`
  const others: RawBridgeClient[] = []
  try {
    for (let i = 0; i < MAX_WS_CLIENTS - 1; i++) others.push(await RawBridgeClient.connect(api, { token: app.token }))
    // The page reconnects by itself, so taking its freed slot is a race; whichever side wins, the outcome is known:
    // if the page got back first, our connection is refused (503) and the page is dropped again.
    let held: RawBridgeClient | undefined
    for (let attempt = 0; !held; attempt++) {
      expect(attempt, 'the page kept winning its slot back').toBeLessThan(20)
      const dropped = await page.evaluate(() =>
        window.__whalebook?.invoke('app.info', { blob: 'x'.repeat(9 * 1024 * 1024) } as never),
      )
      expect(dropped).toMatchObject({ error: { code: 'DISCONNECTED' } })
      held = await RawBridgeClient.connect(api, { token: app.token }).catch((e: Error) => {
        expect(e.message).toBe('HTTP 503')
        return undefined
      })
    }
    others.push(held)
    await expect(page.getByTestId('disconnected')).toBeVisible()

    docker(host, ['create', '--name', name, TEST_IMAGE, 'true'])
    await others[0]?.call('tutorial.markStep', { stepId: '1.1/1', done: true })
  } finally {
    for (const c of others) c.close()
  }
  await expect(page.getByTestId('disconnected')).toBeHidden({ timeout: 15_000 })
  await expect(step).toHaveClass(/done/)
  await page.getByTestId('panel-tab-containers').click()
  await expect(page.getByTestId('containers-table')).toContainText(name)
  docker(host, ['rm', '-f', name])
})
