import { docker } from '../support/docker-cli'
import { expect, runMarker, step, terminalText, test, testEngineHost, waitForShell } from './fixtures'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!localStorage.getItem('whalebook.locale')) localStorage.setItem('whalebook.locale', 'zh-CN')
  })
})

test('chapter 2.3: the webserver step runs in the terminal, reports exit 0 and is marked done', async ({
  page,
  app,
}) => {
  const host = testEngineHost()
  docker(host, ['rm', '-f', 'webserver'])
  try {
    await page.goto(app.url)
    await page.getByTestId('chapter-link-2.3').click()
    await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.3')
    await expect(page.getByTestId('chapter-notes')).toContainText('Docker Toolbox')
    // The commit syntax line is a template: with nothing filled in, it cannot run.
    const syntax = step(page, '2.3/5')
    await expect(syntax).toContainText('docker commit [选项] <容器ID或容器名> [<仓库名>[:<标签>]]')
    await expect(syntax.getByTestId('step-run')).toBeDisabled()
    await syntax.getByTestId('step-input').first().fill('webserver')
    await expect(syntax.getByTestId('step-run')).toBeEnabled()
    // The page's code copies cleanly: the prompt lines of 2.3 show without `$ ` or `root@…:/# `.
    await expect(step(page, '2.3/3')).toContainText("echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html")
    await expect(step(page, '2.3/3').locator('pre')).not.toContainText('root@')
    await waitForShell(page)

    await step(page, '2.3/1').getByTestId('step-run').click()
    await expect(step(page, '2.3/1').getByTestId('step-result')).toHaveAttribute('data-exit-code', '0', {
      timeout: 20_000,
    })
    await expect.poll(() => terminalText(page)).toContain('docker run --name webserver -d -p 80:80 nginx')
    // Ticked because it was verified: webserver created, running, publishing 80 on 80 (not merely exit 0).
    const verdict = step(page, '2.3/1').getByTestId('step-verdict')
    await expect(verdict).toHaveAttribute('data-verdict', 'verified', { timeout: 20_000 })
    await expect(verdict).toContainText('✓ 已验证')
    await expect(verdict).toContainText('容器 webserver 正在运行')
    await expect(verdict).toContainText('已发布端口 80:80')
    await expect(step(page, '2.3/1').getByTestId('step-done')).toBeChecked()
    await expect(page.getByTestId('chapter-progress')).toContainText('已验证 1/9 步')
    expect(docker(host, ['inspect', '-f', '{{.State.Running}}', 'webserver'])).toBe('true')
    // What the step did, in the UI's language.
    await expect(step(page, '2.3/1').getByTestId('step-effects')).toContainText('+ 容器 webserver', { timeout: 20_000 })
  } finally {
    docker(host, ['rm', '-f', 'webserver'])
  }
})

test('a template step cannot run until it is filled, and the filled value is remembered', async ({ page, app }) => {
  await page.goto(`${app.url}#/chapter/1.2`)
  const run = step(page, '1.2/7').getByTestId('step-run')
  await expect(run).toBeDisabled()
  const inputs = step(page, '1.2/7').getByTestId('step-input')
  await expect(inputs).toHaveCount(2)
  await inputs.nth(0).fill('ws')
  await inputs.nth(0).dispatchEvent('change')
  await expect(run).toBeDisabled()
  await inputs.nth(1).fill('whalebook/busybox:latest')
  await inputs.nth(1).dispatchEvent('change')
  await expect(run).toBeEnabled()
  await page.reload()
  await expect(step(page, '1.2/7').getByTestId('step-input').nth(0)).toHaveValue('ws')
  // The same template in another step of the chapter is filled too.
  await expect(step(page, '1.2/10').getByTestId('step-input')).toHaveValue('ws')
  // And so are the book's other spellings of a container (`docker inspect <容器>`, `docker rm [containername]`) and of
  // an image (`docker rmi [image]`); a search term is nobody's name.
  await expect(step(page, '1.2/8').getByTestId('step-input')).toHaveValue('ws')
  await expect(step(page, '1.2/14').getByTestId('step-input')).toHaveValue('ws')
  await expect(step(page, '1.2/17').getByTestId('step-input')).toHaveValue('whalebook/busybox:latest')
  await expect(step(page, '1.2/2').getByTestId('step-input')).toHaveValue('')
  // A value typed for one of them is that template's own from then on; the others follow the latest name.
  const rm = step(page, '1.2/14').getByTestId('step-input')
  await rm.fill('other')
  await rm.dispatchEvent('change')
  await expect(step(page, '1.2/8').getByTestId('step-input')).toHaveValue('other')
  await page.reload()
  await expect(step(page, '1.2/7').getByTestId('step-input').nth(0)).toHaveValue('ws')
  await expect(step(page, '1.2/14').getByTestId('step-input')).toHaveValue('other')
  await expect(step(page, '1.2/9').getByTestId('step-input')).toHaveValue('other')
})

test('a destructive step asks first, and Cancel sends nothing', async ({ page, app }) => {
  await page.goto(`${app.url}#/chapter/2.5`)
  await waitForShell(page)
  const prune = step(page, '2.5/14')
  await expect(prune.locator('[data-badge="destructive"]')).toBeVisible()
  await prune.getByTestId('step-run').click()
  await expect(page.getByTestId('confirm-dialog')).toContainText('docker container prune')
  await page.getByTestId('confirm-cancel').click()
  await expect(page.getByTestId('confirm-dialog')).toBeHidden()
  // A marker sent after Cancel arrives: had the prune been sent, it would have reached the terminal before it.
  await runMarker(page, 'MARK-after-cancel')
  expect(await terminalText(page)).not.toContain('docker container prune')
  await prune.getByTestId('step-run').click()
  await page.getByTestId('confirm-ok').click()
  await expect.poll(() => terminalText(page)).toContain('docker container prune')
})

test('search finds Chinese text and highlights it in the chapter', async ({ page, app }) => {
  await page.goto(app.url)
  await page.getByTestId('book-search').fill('数据卷')
  await expect(page.getByTestId('search-hit').first()).toContainText('数据')
  await page.getByTestId('search-hit').first().click()
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.7')
  await expect(page.locator('mark.wb-hit').first()).toHaveText('数据卷')
})

test('a search belongs to its edition: switching the language clears it, and the new edition is searched', async ({
  page,
  app,
}) => {
  await page.goto(app.url)
  const box = page.getByTestId('book-search')
  await box.fill('数据卷')
  await expect(page.getByTestId('search-hit').first()).toContainText('数据')
  await page.getByTestId('locale').selectOption('en')
  // Not a Chinese query left to find nothing in the English edition: the box is empty and the chapters are back.
  await expect(page.getByTestId('chapter-link-1.1')).toContainText('Installing Docker')
  await expect(box).toHaveValue('')
  await expect(page.getByTestId('search-hits')).toHaveCount(0)
  await box.fill('volume')
  await expect(page.getByTestId('search-hit').first()).toContainText(/volume/i)
})

test('the English edition and UI, the linter and the explainer', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  await page.goto(`${app.url}#/chapter/3`)
  await expect(page.getByTestId('chapter-link-1.1')).toContainText('Installing Docker')
  const caffe = step(page, '3/5')
  await expect(caffe.getByTestId('step-lint')).toContainText('typographic dash')
  await expect(caffe.getByTestId('step-lint')).toContainText(
    'nvidia-docker run --rm -ti -u $(id -u):$(id -g) --name caffe -v $(pwd):/workspace',
  )
  await expect(step(page, '3/2').locator('[data-note="nv-gpu"]')).toContainText('--gpus')
  await step(page, '3/9').getByTestId('step-explain').click()
  await expect(step(page, '3/9').getByTestId('docker-run-explain')).toContainText('remove the container when it exits')
})

test('chapter 2.4: the Dockerfile is saved to the lab folder and builds there', async ({ page, app }) => {
  const host = testEngineHost()
  await page.goto(`${app.url}#/chapter/2.4`)
  await page.getByTestId('save-to-lab').first().click()
  await expect(page.getByTestId('lab-saved').first()).toContainText('labs')
  await page.getByTestId('terminal-in-lab').first().click()
  await expect.poll(() => terminalText(page)).toMatch(/[#$] $/m)
  await step(page, '2.4/1').getByTestId('step-run').click()
  await expect(step(page, '2.4/1').getByTestId('step-result')).toHaveAttribute('data-exit-code', '0', {
    timeout: 60_000,
  })
  expect(docker(host, ['run', '--rm', 'nginx:v3', 'cat', '/usr/share/nginx/html/index.html'])).toBe(
    '<h1>Hello, Docker!</h1>',
  )
  docker(host, ['rmi', 'nginx:v3'])
})

test('progress survives a reload, and the app resumes at the last chapter; About credits the author', async ({
  page,
  app,
}) => {
  await page.goto(`${app.url}#/chapter/2.2`)
  await step(page, '2.2/2').getByTestId('step-done').check()
  await expect(page.getByTestId('chapter-link-2.2').locator('..')).toContainText('1/10')
  await page.goto(app.origin + '/')
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.2')
  await expect(step(page, '2.2/2').getByTestId('step-done')).toBeChecked()
  await page.getByTestId('about-link').click()
  await expect(page.getByTestId('about-author')).toHaveText('Shuai Wang')
  await expect(page.getByTestId('about-licence')).toContainText('CC BY-NC-SA 4.0')
  await expect(page.getByTestId('about-sources')).toContainText('yeasy.gitbooks.io')
})

test('notes and a step’s comment show their `code` as code, never raw backticks; an image, its state and size stand apart', async ({
  page,
  app,
}) => {
  await page.goto(`${app.url}#/chapter/2.2`)
  const note = page.locator('[data-testid="step-note"][data-note="ubuntu-eol"]').first()
  await expect(note.locator('code')).toHaveText(['ubuntu:24.04', 'ubuntu:22.04'])
  await expect(note).not.toContainText('`')
  // A note that offers a command to use instead shows it, ready to copy.
  await page.evaluate(() => (window.location.hash = '#/chapter/3'))
  const gpu = page.locator('[data-testid="step"][data-step-id="3/2"] [data-testid="step-note"][data-note="nv-gpu"]')
  await expect(gpu.locator('.modern')).toContainText(`docker run --rm --gpus '"device=1,3"'`)
  await expect(gpu).toContainText('NV_GPU')
  await page.evaluate(() => (window.location.hash = '#/chapter/2.5'))
  const caption = page.locator('[data-testid="step"] .caption', { hasText: '伪终端' }).first()
  await expect(caption.locator('code').first()).toHaveText('-it')
  await expect(caption).not.toContainText('`')

  // "nginx:latest", "已有" and its size, each apart, not run together as "nginx:latest已有1.9 MiB".
  await page.evaluate(() => (window.location.hash = '#/chapter/2.3'))
  const image = page.locator('[data-testid="chapter-images"] li[data-image="nginx:latest"]')
  await expect(image.locator('.size')).toBeVisible()
  const boxes = await image.evaluate((li) => [...li.children].map((c) => c.getBoundingClientRect().toJSON()))
  for (let i = 1; i < boxes.length; i++) {
    const [a, b] = [boxes[i - 1] as DOMRect, boxes[i] as DOMRect]
    // Each next part starts a clear gap after the one before, or on a line of its own.
    expect(b.left - a.right >= 4 || b.top >= a.bottom).toBe(true)
  }
})

test('search takes you to the match: in this chapter too, scrolled to and marked; snippets are plain text; "mirror" finds the mirror note', async ({
  page,
  app,
}) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'en'))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`${app.url}#/chapter/2.4`)
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.4')
  await expect(page.locator('[data-testid="code-block"]').first()).toBeVisible()
  const content = page.locator('main.content')
  const inView = async (): Promise<boolean> =>
    page.evaluate(() => {
      const mark = document.querySelector('mark.wb-hit')
      const view = document.querySelector('main.content')?.getBoundingClientRect()
      const r = mark?.getBoundingClientRect()
      return !!r && !!view && r.top >= view.top && r.bottom <= view.bottom
    })
  await page.getByTestId('book-search').fill('WORKDIR')
  const hit = page.getByTestId('search-hit').first()
  await expect(hit).toContainText('WORKDIR')
  // A snippet is what a reader sees: no backticks, no code fences.
  for (const text of await page.getByTestId('search-hit').allTextContents()) expect(text).not.toMatch(/`/)
  await hit.click()
  await expect(page.locator('mark.wb-hit').first()).toHaveText(/workdir/i)
  await expect.poll(inView).toBe(true)
  expect(await content.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000)
  // Back at the top, the same hit clicked again goes there again.
  await content.evaluate((el) => el.scrollTo({ top: 0 }))
  await expect.poll(inView).toBe(false)
  await hit.click()
  await expect.poll(inView).toBe(true)

  // "mirror" finds Whalebook's note on registry mirrors (chapter 2.2), and marks it there.
  await page.getByTestId('book-search').fill('mirror')
  await expect(page.getByTestId('search-hit').first()).toContainText('mirror')
  await page.getByTestId('search-hit').filter({ hasText: 'Using Docker images' }).first().click()
  await expect(page.getByTestId('chapter')).toHaveAttribute('data-chapter-id', '2.2')
  await expect(page.locator('[data-testid="chapter-notes"] mark.wb-hit').first()).toHaveText(/mirror/i)
  await expect.poll(inView).toBe(true)
})
