import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** A production build, made here into a folder of its own (whatever `out/` holds, an end-to-end build perhaps). */
function productionBuild(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'wb-prod-'))
  const env = { ...process.env }
  delete env.WHALEBOOK_TEST_HOOKS
  const r = spawnSync('npx', ['electron-vite', 'build', '--outDir', outDir, '--logLevel', 'error'], {
    env,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
  return outDir
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
}

describe('the production bundle', () => {
  it('has none of the end-to-end tests’ probes and no source maps', () => {
    const out = productionBuild()
    const files = filesUnder(out)
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    for (const file of files.filter((f) => /\.(js|cjs|mjs|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8')
      expect(text.includes('__whalebook'), file).toBe(false)
    }
  }, 120_000)
})
