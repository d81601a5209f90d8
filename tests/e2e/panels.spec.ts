import { docker, dockerQuiet } from '../support/docker-cli'
import { TEST_IMAGE } from '../support/test-image'
import { expect, test, testEngineHost, waitForShell } from './fixtures'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
})

test('a step that starts a container: the panel highlights it and the step shows its effects', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  docker(host, ['rm', '-f', 'webserver'])
  try {
    await page.goto(`${app.url}#/chapter/2.3`)
    await waitForShell(page)
    const step = page.locator('[data-step-id="2.3/1"]')
    await step.getByTestId('step-run').click()
    await expect(step.getByTestId('step-effects')).toContainText('+ container webserver', { timeout: 20_000 })
    await expect(step.getByTestId('step-effects')).toContainText('webserver: 80→80/tcp')

    const row = page.locator('[data-testid="containers-table"] .row', { hasText: 'webserver' })
    await expect(row).toBeVisible()
    await expect(row).toHaveClass(/added|changed/)
    await expect(row).toContainText('running')
    await expect(row).toContainText('80→80')

    await page.getByTestId('panel-tab-history').click()
    await expect(page.getByTestId('history-entry').first()).toContainText(
      'docker run --name webserver -d -p 80:80 nginx',
    )
  } finally {
    docker(host, ['rm', '-f', 'webserver'])
  }
})

test('changes from outside the app appear live and are listed as such; images show their layers', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const name = `outside-${Date.now()}`
  await page.goto(app.url)
  await page.getByTestId('panel-tab-volumes').click()
  docker(host, ['volume', 'create', name])
  try {
    await expect(page.locator('[data-testid="volumes-table"] .row', { hasText: name })).toHaveClass(/added/)
    await page.getByTestId('panel-tab-history').click()
    await expect(page.getByTestId('history-entry').filter({ hasText: name })).toContainText('changed outside the app')

    await page.getByTestId('panel-tab-images').click()
    await page.getByTestId('images-table-filter').fill('nginx:latest')
    await page
      .locator('[data-testid="images-table"] .row', { hasText: 'nginx:latest' })
      .getByTestId('image-actions')
      .click()
    await page.getByRole('menuitem', { name: 'Layers (docker history)' }).click()
    await expect(page.getByTestId('image-history')).toContainText('httpd')

    await page.getByTestId('panel-tab-disk').click()
    await expect(page.getByTestId('disk-panel')).toContainText('Local Volumes')
    await page.getByTestId('prune-volumes').click()
    await expect(page.getByTestId('prune-preview')).toBeVisible()
  } finally {
    docker(host, ['volume', 'rm', '-f', name])
  }
})

test('reset a chapter: a preview that says what stays and why, then only what its steps created is removed', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const user = `vol-user-${Date.now()}`
  docker(host, ['volume', 'rm', '-f', 'my-vol'])
  await page.goto(`${app.url}#/chapter/2.7`)
  await waitForShell(page)
  const step = page.locator('[data-step-id="2.7/1"]')
  await step.getByTestId('step-run').click()
  await expect(step.getByTestId('step-effects')).toContainText('+ volume my-vol', { timeout: 20_000 })
  // Another client starts using the chapter's volume: Reset keeps it, and says why.
  docker(host, ['create', '--name', user, '-v', 'my-vol:/data', TEST_IMAGE, 'true'])
  try {
    await expect(page.locator('[data-testid="containers-table"] .row', { hasText: user })).toBeVisible()
    await page.getByTestId('chapter-reset').click()
    // Nothing to remove: it still asks, as starting the chapter over clears its results.
    await expect(page.getByTestId('confirm-dialog')).toContainText('Nothing this chapter created is left to remove')
    await expect(page.getByTestId('confirm-dialog')).toContainText(`volume my-vol: a container still uses it (${user})`)
    await page.getByTestId('confirm-ok').click()
    await expect(page.getByTestId('chapter-reset-note')).toContainText('Nothing this chapter created is left to remove')
    await expect(page.getByTestId('chapter-reset-kept')).toContainText(
      `volume my-vol: a container still uses it (${user})`,
    )
  } finally {
    docker(host, ['rm', '-f', user])
  }
  await expect(page.locator('[data-testid="containers-table"] .row', { hasText: user })).toHaveCount(0)
  await page.getByTestId('chapter-reset').click()
  await expect(page.getByTestId('confirm-dialog')).toContainText('Will remove:')
  await expect(page.getByTestId('confirm-dialog')).toContainText('volume my-vol')
  await page.getByTestId('confirm-ok').click()
  await expect(page.getByTestId('chapter-reset-note')).toContainText('Removed 1')
  expect(docker(host, ['volume', 'ls', '-q'])).not.toContain('my-vol')
  // The removal is the app's own action, named as such in History (not "changed outside the app").
  await page.getByTestId('panel-tab-history').click()
  await expect(page.getByTestId('history-action').first()).toHaveText('Reset chapter 2.7')
})

test('reset a chapter: an input that named what it removed is emptied, one naming what stays keeps its value', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const name = `ws-${Date.now()}`
  try {
    await page.goto(`${app.url}#/chapter/1.2`)
    await waitForShell(page)
    const run = page.locator('[data-step-id="1.2/7"]')
    const [cname, image] = [run.getByTestId('step-input').nth(0), run.getByTestId('step-input').nth(1)]
    await cname.fill(name)
    await image.fill(TEST_IMAGE)
    await image.dispatchEvent('change')
    // The busybox image has no /bin/bash: the container is created, and the run fails to start it.
    await run.getByTestId('step-run').click()
    await expect(run.getByTestId('step-effects')).toContainText(`+ container ${name}`, { timeout: 20_000 })
    const inspect = page.locator('[data-step-id="1.2/8"]').getByTestId('step-input')
    await expect(inspect).toHaveValue(name)
    await page.getByTestId('chapter-reset').click()
    await expect(page.getByTestId('confirm-dialog')).toContainText(`container ${name}`)
    await page.getByTestId('confirm-ok').click()
    await expect(page.getByTestId('chapter-reset-note')).toContainText('Removed 1')
    // The container is gone, and so is its name from the steps that would act on it...
    await expect(cname).toHaveValue('')
    await expect(inspect).toHaveValue('')
    // ...while the image, there before the step and kept, is still named.
    await expect(image).toHaveValue(TEST_IMAGE)
    await page.reload()
    await expect(page.locator('[data-step-id="1.2/8"]').getByTestId('step-input')).toHaveValue('')
    await expect(page.locator('[data-step-id="1.2/7"]').getByTestId('step-input').nth(1)).toHaveValue(TEST_IMAGE)
  } finally {
    docker(host, ['rm', '-f', name])
  }
})

test('a table wider than its column says so at the edge it continues past, and stops saying so at its end', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.goto(app.url)
  const table = page.getByTestId('containers-table')
  const frame = table.locator('.frame')
  const scroller = table.locator('.scroller')
  const right = table.locator('.edge.right')
  // More to the right (the ports and mounts), none to the left.
  await expect(frame).toHaveAttribute('data-more-right', '')
  await expect(frame).not.toHaveAttribute('data-more-left', '')
  await expect.poll(() => right.evaluate((el) => getComputedStyle(el).opacity)).toBe('1')
  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  await expect(frame).toHaveAttribute('data-more-left', '')
  await expect(frame).not.toHaveAttribute('data-more-right', '')
  await expect.poll(() => right.evaluate((el) => getComputedStyle(el).opacity)).toBe('0')
  // A window where the whole table fits: neither edge.
  await page.setViewportSize({ width: 2400, height: 900 })
  await page.evaluate(() =>
    localStorage.setItem('whalebook.settings', JSON.stringify({ layout: { nav: 10, lab: 75, terminal: 50 } })),
  )
  await page.reload()
  await expect(page.getByTestId('containers-table')).toBeVisible()
  await expect.poll(() => scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1)
  await expect(frame).not.toHaveAttribute('data-more-right', '')
  await expect(frame).not.toHaveAttribute('data-more-left', '')
})

test('the panels’ own changes are named in History, in Chinese too', async ({ page, app }) => {
  const host = testEngineHost()
  const name = `panel-stop-${Date.now()}`
  docker(host, ['run', '-d', '--stop-timeout', '1', '--name', name, TEST_IMAGE, 'sleep', '300'])
  try {
    await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'zh-CN'))
    await page.goto(app.url)
    const row = page.locator('[data-testid="containers-table"] .row', { hasText: name })
    await row.getByTestId('container-actions').click()
    await page.getByTestId('container-stop').click()
    await expect(row).toContainText('已退出', { timeout: 20_000 })
    await page.getByTestId('panel-tab-history').click()
    const entry = page.getByTestId('history-entry').filter({ hasText: `容器面板：停止 ${name}` })
    await expect(entry).toContainText(`■ 已停止 ${name}`)
  } finally {
    docker(host, ['rm', '-f', name])
  }
})

test('an unreachable tcp:// host is explained, and the app switches back to a working engine', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  await page.getByTestId('engine-switch').click()
  await expect(page.getByTestId('engine-switcher')).toContainText(testEngineHost())
  await page.getByTestId('engine-custom').fill('tcp://127.0.0.1:1')
  await page.getByTestId('engine-custom-use').click()
  await expect(page.getByTestId('engine-unavailable')).toHaveAttribute('data-problem', 'unreachable')
  await expect(page.getByTestId('status-bar')).toContainText('cannot be reached')
  // The open terminal still points at the old engine, and says so.
  await expect(page.getByTestId('terminal-stale-engine')).toBeVisible()
  await page.getByTestId('engine-switch').click()
  await page.getByTestId('engine-switcher').getByText(testEngineHost()).click()
  await expect(page.getByTestId('engine-version')).toBeVisible()
  await expect(page.getByTestId('terminal-stale-engine')).toBeHidden()
})

test('building a chapter’s Dockerfile from the page shows its progress', async ({ page, app }) => {
  const host = testEngineHost()
  await page.goto(`${app.url}#/chapter/2.4`)
  const block = page.getByTestId('code-block').first()
  await expect(block.getByTestId('build-tag')).toHaveValue('nginx:v3')
  await block.getByTestId('build-tag').fill('wbtest/e2e-build:1')
  await block.getByTestId('build-here').click()
  const op = block.getByTestId('operation')
  await expect(op).toHaveAttribute('data-done', 'true', { timeout: 60_000 })
  await expect(op).toContainText('step 2 of 2')
  expect(docker(host, ['image', 'inspect', '-f', '{{.RepoTags}}', 'wbtest/e2e-build:1'])).toContain(
    'wbtest/e2e-build:1',
  )
  docker(host, ['rmi', 'wbtest/e2e-build:1'])
})

test('the containers panel stays current: status ages on its own, a created container has no CPU, the icons are drawn', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const tag = Date.now()
  const up = `aging-${tag}`
  const made = `made-${tag}`
  const gone = `gone-${tag}`
  docker(host, ['run', '-d', '--name', up, TEST_IMAGE, 'sleep', '300'])
  docker(host, ['create', '--name', made, TEST_IMAGE, 'true'])
  try {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(app.url)
    const row = (name: string) => page.locator('[data-testid="containers-table"] .row', { hasText: name })
    const cell = (name: string, index: number) => row(name).locator('.td').nth(index)
    const STATUS = 3
    const CPU = 6
    await expect(cell(up, STATUS)).toContainText(/^Up \d+ seconds?$/)
    const seconds = async (): Promise<number> => Number(/\d+/.exec((await cell(up, STATUS).textContent()) ?? '')?.[0])
    const first = await seconds()
    // Nothing happens in the engine meanwhile: the status ages by the clock, as docker ps would say it now.
    await expect.poll(seconds, { timeout: 10_000 }).toBeGreaterThanOrEqual(first + 3)
    const cli = Number(/\d+/.exec(docker(host, ['ps', '--filter', `name=${up}`, '--format', '{{.Status}}']))?.[0])
    expect(Math.abs((await seconds()) - cli)).toBeLessThanOrEqual(2)
    // A row with nothing live in it (a created container has no stats) ages by the clock too: a table row is drawn
    // again when what it shows changes, the clock included.
    const CREATED = 9
    const age = async (): Promise<number> => Number(/\d+/.exec((await cell(made, CREATED).textContent()) ?? '')?.[0])
    const firstAge = await age()
    await expect.poll(age, { timeout: 10_000 }).toBeGreaterThanOrEqual(firstAge + 3)

    // A running container's CPU: its number whole, never cut to "0…".
    await expect(cell(up, CPU)).toContainText(/\d\.\d%/, { timeout: 10_000 })
    const cut = await cell(up, CPU).evaluate((el) => el.scrollWidth > el.clientWidth + 1)
    expect(cut).toBe(false)
    // A created one has none: a dash, not -1 (in the text or the tooltip).
    await expect(cell(made, CPU)).toHaveText('—')
    await expect(cell(made, CPU)).toHaveAttribute('title', '—')
    expect(await row(made).locator('.td').allTextContents()).not.toContain('-1')
    await expect(cell(made, STATUS)).toHaveText('Created')

    // The row's actions are one button that names them; its menu has each with its icon (drawn, not a missing glyph's
    // empty box) and its words, and pausing shows in words.
    const actions = row(up).getByTestId('container-actions')
    // Its name says whose actions they are (one row's button told from the next); its tooltip lists them.
    await expect(actions).toHaveAccessibleName(`Actions for ${up}`)
    await expect(actions).toHaveAttribute('title', /^Actions: Stop, Restart, Pause, Logs, .*Remove$/)
    await actions.click()
    const pause = page.getByTestId('container-pause')
    await expect(pause).toHaveAccessibleName('Pause')
    await expect(page.getByRole('menuitem').first()).toBeFocused()
    const icon = await pause.locator('svg').boundingBox()
    expect(icon?.width).toBeGreaterThan(8)
    // Its strokes are there too, not only the icon's box.
    const strokes = await pause.locator('svg').evaluate((svg) => {
      const box = (svg as SVGSVGElement).getBBox()
      return { width: box.width, height: box.height }
    })
    expect(strokes.width).toBeGreaterThan(4)
    expect(strokes.height).toBeGreaterThan(4)
    await pause.click()
    // The engine has it paused (its truth first), and the row says so.
    await expect.poll(() => docker(host, ['inspect', '-f', '{{.State.Paused}}', up]), { timeout: 20_000 }).toBe('true')
    await expect(page.locator('.wb-error')).toHaveCount(0)
    await expect(cell(up, STATUS)).toContainText(/^Up \d+ seconds? \(paused\)$/, { timeout: 10_000 })
    await expect(page.getByRole('menu')).toHaveCount(0)
    // By keyboard too: the arrow opens the menu on its first action, the keys move through it, Escape closes it.
    await row(up).getByTestId('container-actions').focus()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByRole('menuitem', { name: 'Restart' })).toBeFocused()
    await expect(page.getByTestId('container-unpause').locator('svg')).toBeVisible()
    await page.keyboard.press('End')
    await expect(page.getByRole('menuitem', { name: 'Remove' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('menu')).toHaveCount(0)
    await expect(row(up).getByTestId('container-actions')).toBeFocused()
    // Tab leaves the menu for what follows its button, never for nowhere.
    await page.keyboard.press('ArrowDown')
    await expect(page.getByRole('menuitem', { name: 'Restart' })).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('menu')).toHaveCount(0)
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY')
    await expect(row(up).getByTestId('container-actions')).not.toBeFocused()
    // The mouse closes it with the button that opened it; the button says whether its menu is open.
    await actions.click()
    await expect(page.getByRole('menu')).toHaveCount(1)
    await expect(actions).toHaveAttribute('aria-expanded', 'true')
    await actions.click()
    await expect(page.getByRole('menu')).toHaveCount(0)
    await expect(actions).toHaveAttribute('aria-expanded', 'false')
    // The focus leaving the menu and its button closes it; moving onto its button does not.
    await actions.click()
    await expect(page.getByRole('menuitem').first()).toBeFocused()
    await actions.focus()
    await expect(page.getByRole('menu')).toHaveCount(1)
    await page.getByTestId('containers-table-filter').focus()
    await expect(page.getByRole('menu')).toHaveCount(0)
    await expect(actions).toHaveAttribute('aria-expanded', 'false')
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    await expect(page.getByRole('menu')).toHaveCount(0)
    // A menu open for a row whose container goes (removed outside the app) goes with it: it never offers to act on
    // what is no longer there. The table's one menu, opened for that row, is open first.
    docker(host, ['create', '--name', gone, TEST_IMAGE, 'true'])
    await row(gone).getByTestId('container-actions').click()
    await expect(page.getByRole('menu')).toHaveAccessibleName(`Actions for ${gone}`)
    docker(host, ['rm', '-f', gone])
    await expect(page.getByRole('menu')).toHaveCount(0)
    await expect(row(gone)).toHaveClass(/removed/)

    // In Chinese, the same rows in Chinese words: state, status, age.
    await page.getByTestId('locale').selectOption('zh-CN')
    await expect(cell(made, 2)).toHaveText('已创建')
    await expect(cell(up, STATUS)).toContainText(/^已暂停（已运行 \d+秒钟?）$/)
    await expect(cell(up, 9)).toHaveText(/^\d+秒$/)
    await expect(page.locator('[data-testid="containers-table"] .head')).toContainText('运行情况')
  } finally {
    docker(host, ['rm', '-f', up, made])
    // The test removes it itself, unless it failed first.
    const left = docker(host, ['ps', '-aq', '--filter', `name=^${gone}$`])
    if (left) docker(host, ['rm', '-f', left])
  }
})

test('containers changed outside the app follow row by row in the filtered panel: added, renamed, started, stopped, removed', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  const tag = `follow-${Date.now()}`
  const kept = `${tag}-kept`
  docker(host, ['create', '--name', kept, TEST_IMAGE, 'true'])
  try {
    await page.goto(app.url)
    const table = page.getByTestId('containers-table')
    const row = (name: string) => table.locator('.row', { hasText: name })
    const STATE = 2
    await expect(row(kept)).toBeVisible()
    await page.getByTestId('containers-table-filter').fill(tag)
    const total = (): string => String(docker(host, ['ps', '-aq']).split('\n').filter(Boolean).length)
    await expect(table.locator('.count')).toHaveText(`1 / ${total()}`)

    docker(host, ['create', '--name', `${tag}-a`, TEST_IMAGE, 'sleep', '300'])
    await expect(row(`${tag}-a`)).toHaveClass(/added/)
    await expect(row(`${tag}-a`).locator('.td').nth(STATE)).toHaveText('created')
    await expect(table.locator('.count')).toHaveText(`2 / ${total()}`)
    docker(host, ['start', `${tag}-a`])
    await expect(row(`${tag}-a`).locator('.td').nth(STATE)).toHaveText('running')
    docker(host, ['rename', `${tag}-a`, `${tag}-b`])
    await expect(row(`${tag}-b`)).toBeVisible()
    await expect(row(`${tag}-a`)).toHaveCount(0)
    docker(host, ['stop', '-t', '0', `${tag}-b`])
    await expect(row(`${tag}-b`).locator('.td').nth(STATE)).toHaveText('exited')
    docker(host, ['rm', `${tag}-b`])
    // Struck through for a moment, then gone; the container nobody touched is there throughout.
    await expect(row(`${tag}-b`)).toHaveClass(/removed/)
    await expect(row(`${tag}-b`)).toHaveCount(0, { timeout: 10_000 })
    await expect(table.locator('.count')).toHaveText(`1 / ${total()}`)
    await expect(row(kept)).toBeVisible()
    await expect(row(kept)).not.toHaveClass(/added|changed|removed/)
  } finally {
    const left = dockerQuiet(host, ['ps', '-aq', '--filter', `name=${tag}-`])
    if (left) dockerQuiet(host, ['rm', '-f', ...left.split('\n')])
  }
})
