// Renders build/icon.svg (the one icon source) to every size the platforms want, as part of `npm run dist`:
// build/icons/<n>x<n>.png for Linux, build/icon.png (1024) from which electron-builder makes macOS's .icns, and
// build/icon.ico for Windows. The outputs are build products (git ignores them).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import pngToIco from 'png-to-ico'

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build')
const svg = readFileSync(join(build, 'icon.svg'))

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

function render(size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()
}

mkdirSync(join(build, 'icons'), { recursive: true })
const pngs = new Map(LINUX_SIZES.map((size) => [size, render(size)]))
for (const [size, png] of pngs) writeFileSync(join(build, 'icons', `${size}x${size}.png`), png)
writeFileSync(join(build, 'icon.png'), pngs.get(1024))
writeFileSync(join(build, 'icon.ico'), await pngToIco(ICO_SIZES.map((size) => pngs.get(size) ?? render(size))))
console.log(`icons: ${LINUX_SIZES.length} PNG sizes, icon.png (1024), icon.ico (${ICO_SIZES.join(', ')})`)
