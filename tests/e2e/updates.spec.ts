import type { WebSocketRoute } from '@playwright/test'
import { UpdateStatus } from '@shared/contract'
import { expect, test } from './fixtures'

/**
 * The update notice in the real renderer, in both languages. `serve` has no updater (only the packaged Electron app
 * does: tests/unit/electron-main.test.ts drives electron-updater against a local feed), so the page's WebSocket to the
 * real backend is routed through the test, which answers the update calls and pushes update events as main would;
 * every other frame goes to the backend unchanged.
 */
const ready = UpdateStatus.parse({
  state: 'ready',
  checkAtStart: true,
  currentVersion: '0.1.0',
  version: '9.9.9',
  percent: 100,
  releaseUrl: 'https://github.com/whalebook/whalebook/releases/latest',
  message: null,
})

interface Frame {
  id?: number
  method?: string
}

function routeUpdates(
  client: WebSocketRoute,
  answers: { status: UpdateStatus; install: Array<{ result: unknown } | { error: unknown }> },
  installCalls: number[],
): void {
  const server = client.connectToServer()
  client.onMessage((message) => {
    const frame = JSON.parse(String(message)) as Frame
    if (frame.method === 'app.updateStatus') {
      client.send(JSON.stringify({ id: frame.id, envelope: { result: answers.status } }))
    } else if (frame.method === 'app.installUpdate') {
      installCalls.push(Date.now())
      const envelope = answers.install.shift() ?? { result: { ok: true } }
      client.send(JSON.stringify({ id: frame.id, envelope }))
    } else {
      server.send(message)
    }
  })
  server.onMessage((message) => client.send(message))
}

for (const [locale, text] of [
  ['en', { ready: 'Whalebook 9.9.9 is ready.', restart: 'Restart to update', busy: /command is still running/ }],
  ['zh-CN', { ready: 'Whalebook 9.9.9 已准备就绪。', restart: '重启以更新', busy: /还有命令在运行/ }],
] as const) {
  test(`[${locale}] a downloaded update offers "restart to update"; a running command holds it back`, async ({
    page,
    app,
  }) => {
    await page.addInitScript((l) => localStorage.setItem('whalebook.locale', l), locale)
    const installCalls: number[] = []
    let client: WebSocketRoute | undefined
    await page.routeWebSocket(/\/api$/, (ws) => {
      client = ws
      routeUpdates(
        ws,
        {
          status: { ...ready, state: 'downloading', percent: 40 },
          install: [
            {
              error: {
                code: 'TERMINAL_BUSY',
                message: 'A command is still running in a terminal: let it finish or stop it, then restart to update.',
              },
            },
          ],
        },
        installCalls,
      )
    })
    await page.goto(app.url)
    // The real backend answers through the route: the engine's status arrives.
    await expect(page.getByTestId('engine-version')).toBeVisible()
    await expect(page.getByTestId('update-notice')).toHaveAttribute('data-state', 'downloading')
    await expect(page.getByTestId('update-notice')).toContainText('40%')

    // Main says the download is verified and ready.
    client?.send(JSON.stringify({ event: 'app.updateChanged', payload: ready }))
    const notice = page.getByTestId('update-notice')
    await expect(notice).toHaveAttribute('data-state', 'ready')
    await expect(notice).toContainText(text.ready)
    const restart = page.getByTestId('update-restart')
    await expect(restart).toHaveText(text.restart)

    // A command is running: main refuses, the notice says why, and the offer stays.
    await restart.click()
    await expect(page.getByTestId('update-refusal')).toHaveText(text.busy)
    await expect(restart).toBeVisible()
    // The command has ended: the same button now asks main to install.
    await restart.click()
    await expect.poll(() => installCalls.length).toBe(2)
    await expect(page.getByTestId('update-refusal')).toHaveCount(0)
  })
}

test('the About page has the learner’s setting and a check on request', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  const calls: string[] = []
  await page.routeWebSocket(/\/api$/, (ws) => {
    const server = ws.connectToServer()
    let status: UpdateStatus = { ...ready, state: 'idle', version: null, percent: null }
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as Frame & { params?: { enabled?: boolean } }
      const reply = (result: unknown): void => ws.send(JSON.stringify({ id: frame.id, envelope: { result } }))
      if (frame.method === 'app.updateStatus') return reply(status)
      if (frame.method === 'app.setCheckAtStart') {
        calls.push(`setCheckAtStart:${String(frame.params?.enabled)}`)
        status = { ...status, checkAtStart: frame.params?.enabled ?? true }
        return reply(status)
      }
      if (frame.method === 'app.checkForUpdates') {
        calls.push('check')
        return reply({ ...status, state: 'available', version: '9.9.9' })
      }
      server.send(message)
    })
    server.onMessage((message) => ws.send(message))
  })
  await page.goto(`${app.url}#/about`)
  await expect(page.getByTestId('update-state')).toHaveText('Whalebook is up to date.')
  const box = page.getByTestId('update-check-at-start')
  await expect(box).toBeChecked()
  await box.uncheck()
  await expect.poll(() => calls).toEqual(['setCheckAtStart:false'])
  await page.getByTestId('update-check').click()
  await expect(page.getByTestId('update-state')).toContainText('Whalebook 9.9.9 is out')
  await expect(page.getByTestId('update-state').getByRole('link')).toHaveAttribute(
    'href',
    'https://github.com/whalebook/whalebook/releases/latest',
  )
  expect(calls).toEqual(['setCheckAtStart:false', 'check'])
})
