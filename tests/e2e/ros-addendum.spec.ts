import { docker } from '../support/docker-cli'
import { startServe, type ServeProcess } from '../support/serve-process'
import { startXvfb, type Xvfb } from '../support/xvfb'
import { expect, locale, step, terminalText, test as base, testEngineHost, waitForShell } from './fixtures'

/** The app served with a real X display (Xvfb with a cookie), as on a desktop: the display helper has one to find. */
const test = base.extend<{ desktop: { app: ServeProcess; x: Xvfb } }>({
  desktop: async ({}, use) => {
    const x = await startXvfb()
    const app = await startServe({
      DOCKER_HOST: testEngineHost(),
      WHALEBOOK_LIVENESS_MS: '500',
      DISPLAY: x.display,
      XAUTHORITY: x.authFile,
    })
    await use({ app, x })
    await app.stop()
    await x.stop()
  },
})

const WORDS = {
  en: {
    mark: 'Whalebook addition, not part of the original text.',
    display: 'X11, display',
    heard: 'the listener heard the talker (Hello World:',
  },
  'zh-CN': {
    mark: 'Whalebook 补充内容，不属于原书。',
    display: 'X11，显示',
    heard: 'listener 听到了 talker（Hello World:',
  },
} as const

for (const lang of ['en', 'zh-CN'] as const) {
  test(`[${lang}] chapter 4's addendum follows the book's text, marked as Whalebook's, its GUI step with the display flags`, async ({
    page,
    desktop,
  }) => {
    const w = WORDS[lang]
    await locale(page, lang)
    await page.goto(`${desktop.app.url}#/chapter/4`)
    const addendum = page.getByTestId('addendum')
    await expect(addendum.getByTestId('addendum-mark')).toContainText(w.mark)
    // After the book's own text (its two links), never inside it.
    const order = await page.evaluate(() => {
      const book = document.querySelector('[data-testid="chapter"] > .markdown')
      const added = document.querySelector('[data-testid="addendum"]')
      return {
        bookHasLinks: book?.textContent?.includes('ruffsl/ros_docker_demos') ?? false,
        bookHasAddendum: book?.textContent?.includes('Whalebook') ?? true,
        after: book && added ? Boolean(book.compareDocumentPosition(added) & Node.DOCUMENT_POSITION_FOLLOWING) : false,
      }
    })
    expect(order).toEqual({ bookHasLinks: true, bookHasAddendum: false, after: true })
    await expect(addendum.locator('[data-step-id="4/2"] pre.cmd')).toHaveText(
      'docker run -d --net ros-net --name talker osrf/ros:jazzy-desktop ros2 run demo_nodes_cpp talker',
    )
    // The readiness box lists the chapter's two images.
    await expect(page.getByTestId('chapter-images').locator('[data-image]')).toHaveCount(2)

    // The GUI step: the display found, each flag explained, and the flags in the command that Run sends.
    const gui = step(page, '4/7')
    const helper = gui.getByTestId('display-helper')
    await expect(helper).toHaveAttribute('data-kind', 'x11')
    await expect(helper).toContainText(`${w.display} ${desktop.x.display}`)
    await expect(helper.getByTestId('display-flags').locator('tr[data-purpose]')).toHaveCount(5)
    await expect(helper.locator('tr[data-purpose="xauth-file"] code')).toContainText(':/tmp/.whalebook.xauth:ro')
    await expect(helper.getByTestId('display-cookie')).toContainText("sed -e 's/^..../ffff/'")
    await expect(gui.locator('pre.cmd')).toContainText(
      `docker run -e DISPLAY=${desktop.x.display} -v /tmp/.X11-unix:/tmp/.X11-unix:ro -v `,
    )
    await expect(gui.locator('pre.cmd')).toContainText('-it --rm --net ros-net osrf/ros:jazzy-desktop rviz2')
  })
}

test('[en] the listener is verified by what it heard, after Ctrl+C in the terminal', async ({ page, desktop }) => {
  const host = testEngineHost()
  try {
    await locale(page, 'en')
    await page.goto(`${desktop.app.url}#/chapter/4`)
    await waitForShell(page)
    for (const id of ['4/1', '4/2']) {
      await step(page, id).getByTestId('step-run').click()
      await expect(step(page, id).getByTestId('step-verdict')).toHaveAttribute('data-verdict', 'verified', {
        timeout: 30_000,
      })
    }
    const listener = step(page, '4/4')
    await listener.getByTestId('step-run').click()
    // The terminal wraps long lines: read it as one text.
    await expect
      .poll(async () => (await terminalText(page)).replace(/\n/g, ''), { timeout: 30_000 })
      .toMatch(/I heard: \[Hello World: \d+\]/)
    await page.locator('.xterm').first().click()
    await page.keyboard.press('Control+C')
    const verdict = listener.getByTestId('step-verdict')
    await expect(verdict).toHaveAttribute('data-verdict', 'verified', { timeout: 30_000 })
    await expect(verdict).toContainText(WORDS.en.heard)
  } finally {
    for (const args of [
      ['rm', '-f', 'talker'],
      ['network', 'rm', 'ros-net'],
    ]) {
      try {
        docker(host, args)
      } catch {
        // not made
      }
    }
  }
})
