import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { docker } from '../support/docker-cli'
import { startServe } from '../support/serve-process'
import { expect, terminalText, test, testEngineHost, waitForShell } from './fixtures'

/** One call to the engine's API on its unix socket, as any program could make it (no CLI checks in between). */
function engineApi(host: string, method: string, path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: host.replace(/^unix:\/\//, ''), method, path, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

const HOSTILE = 'x;id>pwned;#'
const shells = ['/bin/bash', '/usr/bin/zsh'].filter((s) => spawnSync(s, ['-c', 'true']).status === 0)

for (const shell of shells) {
  test(`[${shell}] a network the engine accepted as ${HOSTILE} is never offered, and typed into a template it runs nothing but docker`, async ({
    page,
  }) => {
    const host = testEngineHost()
    // The engine takes this name for a network (it validates few network names); the CLI would too.
    expect(await engineApi(host, 'POST', '/networks/create', { Name: HOSTILE })).toBe(201)
    const name = `e2e-pick-${Date.now()}`
    docker(host, ['create', '--name', name, 'whalebook/busybox:latest', 'true'])
    // The terminal starts here: a `pwned` file would appear here if `id>pwned` ran.
    const home = mkdtempSync(join(tmpdir(), 'wb-safe-home-'))
    const app = await startServe({ DOCKER_HOST: host, SHELL: shell, HOME: home, WHALEBOOK_LIVENESS_MS: '500' })
    try {
      await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
      await page.goto(`${app.url}#/chapter/1.2`)
      await waitForShell(page)
      // The app knows the network (the Networks panel lists it)...
      await page.getByTestId('panel-tab-networks').click()
      await expect(page.getByTestId('networks-table')).toContainText(HOSTILE)
      // ...but no input offers it to pick, while a container's safe name is offered.
      const start = page.locator('[data-testid="step"]', { hasText: 'docker container start [cname]' }).first()
      await expect(start.locator(`datalist option[value="${name}"]`)).toHaveCount(1)
      expect(
        await page.locator('datalist option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      ).not.toContain(HOSTILE)

      // Typed (or pasted) into a template anyway, it reaches docker as one literal argument.
      await start.getByTestId('step-input').fill(HOSTILE)
      await start.getByTestId('step-run').click()
      // The positive witness: docker itself names exactly that value (the `;` split nothing, the `#` hid nothing).
      await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain(`No such container: ${HOSTILE}`)
      await expect(start.getByTestId('step-result')).toHaveAttribute('data-exit-code', '1')
      // And nothing else ran: `id` printed nothing, and wrote no file.
      expect(await terminalText(page)).not.toMatch(/uid=\d+/)
      expect(readdirSync(home)).not.toContain('pwned')
      expect(existsSync(join(home, 'pwned'))).toBe(false)
    } finally {
      await app.stop()
      docker(host, ['rm', '-f', name])
      await engineApi(host, 'DELETE', `/networks/${encodeURIComponent(HOSTILE)}`)
    }
  })
}
