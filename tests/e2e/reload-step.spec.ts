import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { docker } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import {
  expect,
  openChapter,
  step,
  terminalText,
  test,
  testEngineHost,
  waitForShell,
  webserverInTheWay,
} from './fixtures'

const WORDS = {
  en: { failed: 'it failed (exit code 125)', nameInUse: 'A container named webserver already exists' },
  'zh-CN': { failed: '命令失败（退出码 125）', nameInUse: '名为 webserver 的容器已经存在' },
} as const

/** The first terminal's id, as main lists it. */
async function firstTerminal(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(async () => {
    const list = (await window.__whalebook?.invoke('terminal.list', {})) as
      { result?: Array<{ terminalId: string }> } | undefined
    const id = list?.result?.[0]?.terminalId
    if (!id) throw new Error('no terminal')
    return id
  })
}

for (const lang of ['zh-CN', 'en'] as const) {
  const w = WORDS[lang]

  test(`[${lang}] a reload during a step’s command and after it gives back the scrollback, the prompt and the step’s explanation`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    webserverInTheWay(host, TEST_IMAGE)
    const gate = join(tmpdir(), `wb-reload-step-${lang}-${Date.now()}`)
    try {
      await openChapter(page, app, lang, '2.3')
      const terminalId = await firstTerminal(page)
      const run = step(page, '2.3/1')
      // A first run, by its Run button: its result is the one a later run in progress must not show as its own.
      await run.getByTestId('step-run').click()
      await expect(run.getByTestId('step-result')).toHaveAttribute('data-exit-code', '125', { timeout: 20_000 })
      // The step's command, sent as its Run does (with its step id), held until the test lets it go on (a gate file),
      // so the page reloads while it runs on any machine.
      await page.evaluate((p) => window.__whalebook?.invoke('terminal.run', p), {
        terminalId,
        command: `echo step-is-running; until [ -e ${gate} ]; do sleep 0.1; done; docker run --name webserver -d -p 80:80 nginx`,
        stepId: '2.3/1',
      })
      await expect.poll(() => terminalText(page)).toMatch(/^step-is-running$/m)

      // During the command.
      await page.reload()
      await expect.poll(() => terminalText(page)).toMatch(/^step-is-running$/m)
      // The step knows its run is in progress (main's record of it), and shows no older result meanwhile.
      await expect(run.getByTestId('step-running')).toBeVisible()
      await expect(run.getByTestId('step-result')).toHaveCount(0)
      writeFileSync(gate, '')
      const explained = async (): Promise<void> => {
        await expect(run.getByTestId('step-running')).toHaveCount(0, { timeout: 20_000 })
        const verdict = run.getByTestId('step-verdict')
        await expect(verdict).toHaveAttribute('data-verdict', 'differs', { timeout: 20_000 })
        await expect(verdict).toContainText(w.failed)
        await expect(run.getByTestId('step-result')).toHaveAttribute('data-exit-code', '125')
        const error = run.getByTestId('docker-failure')
        await expect(error).toHaveCount(1)
        await expect(error).toHaveAttribute('data-kind', 'name-in-use')
        await expect(error).toContainText(w.nameInUse)
        // The scrollback, docker's own words, and the prompt after them. The shell reports the command's end before it
        // prints its next prompt: the prompt may come a moment after the result is shown.
        await expect
          .poll(async () =>
            (await terminalText(page))
              .split('\n')
              .filter((l) => l.trim())
              .at(-1),
          )
          .toMatch(/[$#] ?$/)
        const text = await terminalText(page)
        expect(text).toMatch(/^step-is-running$/m)
        expect(text).toMatch(/Error response from daemon: Conflict/)
      }
      await explained()

      // After it.
      await page.reload()
      await waitForShell(page)
      await explained()
    } finally {
      writeFileSync(gate, '')
      docker(host, ['rm', '-f', 'webserver'])
      rmSync(gate, { force: true })
    }
  })
}
