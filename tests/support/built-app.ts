import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const projectRoot = new URL('../..', import.meta.url).pathname

/**
 * The built app in out/, as `npm test` leaves it (`npm run build` runs before vitest); built here when a test file is
 * run on its own on a fresh checkout.
 */
export function builtApp(): { out: string; renderer: string } {
  const out = join(projectRoot, 'out')
  const needed = ['main/index.js', 'preload/index.cjs', 'renderer/index.html'].map((f) => join(out, f))
  if (!needed.every((f) => existsSync(f))) {
    const r = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
      cwd: projectRoot,
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
  }
  return { out, renderer: join(out, 'renderer') }
}
