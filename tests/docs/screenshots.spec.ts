import { fileURLToPath } from 'node:url'
import { expect, test } from '../e2e/fixtures'

/** Regenerates the screenshots in docs/ from the real renderer: `npm run docs:screenshots`. */
test.skip(!process.env.WHALEBOOK_SCREENSHOTS, 'screenshots are regenerated only by npm run docs:screenshots')

const shot = (name: string): string => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url))

test('main window', async ({ page, app }) => {
  await page.addInitScript(() => localStorage.setItem('whalebook.locale', 'zh-CN'))
  await page.goto(app.url)
  await expect(page.getByTestId('engine-version')).toBeVisible()
  await page.screenshot({ path: shot('main-zh-CN') })
})
