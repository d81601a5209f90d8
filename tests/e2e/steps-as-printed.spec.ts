import { docker } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import { expect, locale, openChapter, step, terminalText, test, testEngineHost } from './fixtures'

/** What each language says. */
const WORDS = {
  en: {
    container: 'Container',
    term: 'Search term',
    type: 'type it here',
    book: (v: string) => `The book’s ${v} is on its author’s machine`,
    needs: 'Fill in Container to run this step.',
    answered: 'docker asks “[y/N]” before it acts',
    answers: 'confirming here answers it',
  },
  'zh-CN': {
    container: '容器',
    term: '搜索词',
    type: '在此输入',
    book: (v: string) => `书中的 ${v} 在作者的机器上`,
    needs: '填写“容器”后即可运行此步骤。',
    answered: 'docker 在执行前会询问“[y/N]”',
    answers: '在这里确认即代为回答',
  },
} as const

for (const lang of ['en', 'zh-CN'] as const) {
  const w = WORDS[lang]

  test(`[${lang}] a step with the book’s own container id takes one of the learner’s, and runs`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    const mine = `e2e-mine-${lang}-${Date.now()}`
    docker(host, ['create', '--name', mine, TEST_IMAGE, 'true'])
    try {
      await openChapter(page, app, lang, '2.5')
      // `docker exec -it 69d1 bash`, `docker export 7691a814370e > ubuntu.tar`: the author's ids, as inputs.
      for (const [id, book] of [
        ['2.5/9', '69d1'],
        ['2.5/10', '7691a814370e'],
      ] as const) {
        const s = step(page, id)
        await expect(s.getByTestId('step-input-label')).toHaveText(w.container)
        await expect(s.getByTestId('step-input-book')).toContainText(w.book(book))
        await expect(s.getByTestId('step-run')).toBeDisabled()
        await expect(s.getByTestId('step-needs-input')).toHaveText(w.needs)
        await expect(s.locator(`datalist option[value="${mine}"]`)).toHaveCount(1)
        await expect(s.locator('pre.cmd')).not.toContainText(book)
      }
      // Bare stop, start and restart: the CLI would refuse them as printed.
      for (const id of ['2.5/2', '2.5/5', '2.5/6']) {
        await expect(step(page, id).getByTestId('step-input-label')).toHaveText(w.container)
        await expect(step(page, id).getByTestId('step-run')).toBeDisabled()
      }
      // The learner's container, picked, goes into the command (quoted where it needs it) and the step runs.
      const exp = step(page, '2.5/10')
      await exp.getByTestId('step-input').fill(mine)
      await exp.getByTestId('step-input').dispatchEvent('change')
      await expect(exp.getByTestId('step-needs-input')).toHaveCount(0)
      await exp.getByTestId('step-run').click()
      await expect(exp.getByTestId('step-result')).toHaveAttribute('data-exit-code', '0', { timeout: 20_000 })
      expect(await terminalText(page)).toContain(`docker export ${mine} > ubuntu.tar`)
    } finally {
      docker(host, ['rm', '-f', mine])
    }
  })

  test(`[${lang}] docker search [] asks for a search term`, async ({ page, app }) => {
    await locale(page, lang)
    await page.goto(`${app.url}#/chapter/1.2`)
    const search = step(page, '1.2/2')
    await expect(search.getByTestId('step-input-label')).toHaveText(w.term)
    await expect(search.getByTestId('step-input')).not.toHaveAttribute('list', /./)
    // It says what to do, in the learner's language, not the book's bare `[]`.
    await expect(search.getByTestId('step-input')).toHaveAttribute('placeholder', w.type)
    await expect(search.getByTestId('step-run')).toBeDisabled()
  })

  test(`[${lang}] a prune asks once, in the app: its [y/N] is answered after the confirmation`, async ({
    page,
    app,
  }) => {
    const host = testEngineHost()
    const stopped = `e2e-prune-${lang}-${Date.now()}`
    docker(host, ['create', '--name', stopped, TEST_IMAGE, 'true'])
    try {
      await openChapter(page, app, lang, '2.5')
      const prune = step(page, '2.5/14')
      await expect(prune.locator('pre.cmd')).toHaveText('docker container prune')
      // Said before Run.
      await expect(prune.getByTestId('step-prompt')).toContainText(w.answered)
      await prune.getByTestId('step-run').click()
      const dialog = page.getByTestId('confirm-dialog')
      await expect(dialog).toContainText(stopped)
      await expect(dialog).toContainText(w.answers)
      await page.getByTestId('confirm-ok').click()
      // It ends on its own: the terminal never waits on docker's own question.
      await expect(prune.getByTestId('step-result')).toHaveAttribute('data-exit-code', '0', { timeout: 20_000 })
      const text = await terminalText(page)
      expect(text).toContain('docker container prune --force')
      expect(text).toMatch(/Total reclaimed space/)
      expect(text).not.toContain('[y/N]')
      expect(docker(host, ['ps', '-a', '--filter', `name=^${stopped}$`, '--format', '{{.Names}}']).trim()).toBe('')
    } finally {
      docker(host, ['rm', '-f', stopped])
    }
  })
}

test('Run on a step that opens a prompt (docker exec -it) puts the keyboard in the terminal', async ({ page, app }) => {
  const host = testEngineHost()
  const mine = `e2e-keys-${Date.now()}`
  docker(host, ['run', '-d', '--name', mine, TEST_IMAGE, 'sleep', '300'])
  // The book's step opens bash: in this image, a bash that is its sh.
  docker(host, [
    'exec',
    mine,
    'sh',
    '-c',
    'printf "#!/bin/sh\\nexec sh \\"\\$@\\"\\n" > /bin/bash && chmod +x /bin/bash',
  ])
  try {
    await openChapter(page, app, 'en', '2.5')
    const exec = step(page, '2.5/9')
    await exec.getByTestId('step-input').fill(mine)
    await exec.getByTestId('step-input').dispatchEvent('change')
    await expect(exec.getByTestId('step-needs-input')).toHaveCount(0)
    await exec.getByTestId('step-run').click()
    await expect.poll(() => terminalText(page)).toContain(`docker exec -it ${mine}`)
    // What the learner types next is read by the terminal, not by the page around the button.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="terminal-pane"]') !== null))
      .toBe(true)
    // Read by the shell in the container: it answers from there.
    await page.keyboard.type('echo typed-$((6*7)) in $(hostname)')
    await page.keyboard.press('Enter')
    await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/^typed-42 in [0-9a-f]{12}$/m)
    await page.keyboard.type('exit')
    await page.keyboard.press('Enter')
  } finally {
    docker(host, ['rm', '-f', mine])
  }
})

test('two inputs of one kind are told apart by their order, as the book numbers them', async ({ page, app }) => {
  await locale(page, 'zh-CN')
  await page.goto(`${app.url}#/chapter/2.2`)
  const rm = page
    .locator('[data-testid="step"]')
    .filter({ has: page.locator('pre.cmd', { hasText: 'docker image rm' }) })
    .filter({ has: page.getByTestId('step-input') })
    .first()
  await expect(rm.getByTestId('step-input-label')).toHaveText(['镜像 1', '[选项]', '镜像 2'])
  // One of a kind keeps its plain name.
  await page.goto(`${app.url}#/chapter/1.2`)
  await expect(step(page, '1.2/2').getByTestId('step-input-label')).toHaveText('搜索词')
})
