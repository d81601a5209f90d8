import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import Ajv from 'ajv'
import { minimatch } from 'minimatch'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const root = new URL('../..', import.meta.url).pathname
const config = require('../../electron-builder.config.cjs') as {
  files: string[]
  asarUnpack: string[]
  electronFuses: Record<string, boolean>
  linux: { category: string; desktop: { entry: Record<string, string> } }
  extraMetadata: { version: string }
  afterPack: string
}
const afterPack = require('../../build/after-pack.cjs') as (context: unknown) => Promise<string[]>

/** electron-builder's `files` semantics: patterns in order, `!` excludes, the last match wins; dependencies are in. */
function shipped(path: string): boolean {
  let included = path.startsWith('node_modules/')
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!')
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated
  }
  return included
}

const unpacked = (path: string): boolean => config.asarUnpack.some((p) => minimatch(path, p, { dot: true }))

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  )
}

describe('the installers’ configuration (electron-builder.config.cjs)', () => {
  it('is valid by electron-builder’s own JSON schema (app-builder-lib/scheme.json)', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema)
    const ok = validate(config)
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([])
    expect(ok).toBe(true)
    // The schema has teeth: a wrong type or an unknown option fails it.
    expect(validate({ ...config, npmRebuild: 'no' })).toBe(false)
    expect(validate({ ...config, asarUnpak: [] })).toBe(false)
  })

  it('unpacks node-pty’s native files, macOS spawn-helper, Windows conpty files and its package.json', () => {
    const pty = join(root, 'node_modules/node-pty')
    // What node-pty loads at run time lives in build/Release and prebuilds/ (third_party/ only feeds its own build).
    const files = walk(pty)
      .map((f) => relative(root, f))
      .filter((f) => /node-pty\/(build\/Release|prebuilds)\//.test(f))
    const needed = files.filter((f) =>
      /\/(pty\.node|conpty\.node|conpty_console_list\.node|spawn-helper|winpty\.dll|winpty-agent\.exe|conpty\.dll|OpenConsole\.exe)$/.test(
        f,
      ),
    )
    expect(needed.some((f) => f.endsWith('spawn-helper'))).toBe(true)
    expect(needed.some((f) => f.endsWith('conpty.dll'))).toBe(true)
    for (const f of [
      ...needed,
      'node_modules/node-pty/package.json',
      'node_modules/node-pty/lib/worker/conoutSocketWorker.js',
    ]) {
      expect(unpacked(f), f).toBe(true)
      expect(shipped(f), f).toBe(true)
    }
  })

  it('ships only what runs: the built app, never sources, maps or tests', () => {
    expect(shipped('out/main/index.js')).toBe(true)
    expect(shipped('out/renderer/index.html')).toBe(true)
    expect(shipped('out/preload/index.cjs')).toBe(true)
    expect(shipped('package.json')).toBe(true)
    for (const f of ['src/main/index.ts', 'tests/unit/packaging.test.ts', 'docs/api.md', 'bench/terminal.bench.ts']) {
      expect(shipped(f), f).toBe(false)
    }
    const deps = ['node-pty', 'dockerode', 'ws', 'zod', 'docker-modem'].flatMap((d) =>
      walk(join(root, 'node_modules', d)).map((f) => relative(root, f)),
    )
    const unwanted = deps.filter((f) => /\.(ts|map)$|\.test\.js$|\/(test|tests)\//.test(f))
    expect(unwanted.length).toBeGreaterThan(0)
    expect(unwanted.filter(shipped)).toEqual([])
    // What does run is kept.
    for (const f of ['node_modules/node-pty/lib/index.js', 'node_modules/dockerode/lib/docker.js']) {
      expect(shipped(f), f).toBe(true)
    }
  })

  it('turns off RunAsNode and NODE_OPTIONS; inspect arguments only in the end-to-end build', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    })
    const saved = process.env.WHALEBOOK_E2E_BUILD
    process.env.WHALEBOOK_E2E_BUILD = '1'
    try {
      delete require.cache[require.resolve('../../electron-builder.config.cjs')]
      const e2e = require('../../electron-builder.config.cjs') as typeof config
      expect(e2e.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: true })
    } finally {
      if (saved === undefined) delete process.env.WHALEBOOK_E2E_BUILD
      else process.env.WHALEBOOK_E2E_BUILD = saved
      delete require.cache[require.resolve('../../electron-builder.config.cjs')]
    }
  })

  it('names the app, its version and category, as the About page and package.json do', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    expect(config.extraMetadata.version).toBe(pkg.version)
    expect(config.linux.category).toBe('Development')
    expect(config.linux.desktop.entry.Categories).toMatch(/^Development;/)
  })
})

describe('the afterPack hook', () => {
  function fakeApp(platform: 'darwin' | 'linux'): { context: unknown; helper: string } {
    const out = mkdtempSync(join(tmpdir(), 'wb-pack-'))
    const resources =
      platform === 'darwin' ? join(out, 'Whalebook.app', 'Contents', 'Resources') : join(out, 'resources')
    const dir = join(resources, 'app.asar.unpacked', 'node_modules', 'node-pty', 'prebuilds', `${platform}-x64`)
    mkdirSync(dir, { recursive: true })
    const helper = join(dir, 'spawn-helper')
    writeFileSync(helper, '#!/bin/sh\n')
    // As node-pty publishes it: no executable bit.
    chmodSync(helper, 0o644)
    writeFileSync(join(dir, 'pty.node'), '')
    return {
      context: {
        electronPlatformName: platform,
        appOutDir: out,
        packager: { appInfo: { productFilename: 'Whalebook' } },
      },
      helper,
    }
  }

  it('makes node-pty’s spawn-helper executable in the packed macOS app', async () => {
    const { context, helper } = fakeApp('darwin')
    expect(await afterPack(context)).toEqual([helper])
    expect(statSync(helper).mode & 0o777).toBe(0o755)
    expect(statSync(join(helper, '..', 'pty.node')).mode & 0o111).toBe(0)
  })

  it('finds the unpacked folder of other platforms too, and does nothing where there is none', async () => {
    const { context, helper } = fakeApp('linux')
    expect(await afterPack(context)).toEqual([helper])
    expect(
      await afterPack({
        electronPlatformName: 'win32',
        appOutDir: tmpdir() + '/nowhere',
        packager: { appInfo: { productFilename: 'W' } },
      }),
    ).toEqual([])
  })
})

describe('the forge’s CI workflow (.github/workflows/ci.yml)', () => {
  const workflow = parse(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')) as {
    on: { push: { tags: string[] } }
    jobs: Record<string, { strategy?: { matrix?: { os?: string[] } }; steps: Array<{ uses?: string; run?: string }> }>
  }
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps)

  it('builds and tests on Ubuntu, macOS and Windows, packaged app included, and releases on a version tag', () => {
    const os = workflow.jobs.build?.strategy?.matrix?.os ?? []
    expect(os.some((o) => o.startsWith('ubuntu'))).toBe(true)
    expect(os.some((o) => o.startsWith('macos'))).toBe(true)
    expect(os.some((o) => o.startsWith('windows'))).toBe(true)
    const runs = (workflow.jobs.build?.steps ?? []).map((s) => s.run ?? '').join('\n')
    for (const command of [
      'npm ci',
      'npm run typecheck',
      'npm run lint',
      'npm run dist',
      'xvfb-run -a npx playwright test --project electron',
    ]) {
      expect(runs).toContain(command)
    }
    expect(workflow.on.push.tags).toEqual(['v*'])
    expect(workflow.jobs.release?.steps.map((s) => s.run ?? '').join('\n')).toContain('--publish always')
  })

  it('pins every action by version', () => {
    const uses = steps.flatMap((s) => (s.uses ? [s.uses] : []))
    expect(uses.length).toBeGreaterThan(0)
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@v\d+\.\d+\.\d+$/)
  })
})

describe('npm start without an Electron binary', () => {
  const hasBinary = (() => {
    try {
      const path = require('electron') as unknown as string
      return typeof path === 'string' && existsSync(path)
    } catch {
      return false
    }
  })()

  it.skipIf(hasBinary)('says what is missing and how to fix it, not a stack trace', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/start.mjs')], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('the Electron binary is not installed')
    expect(r.stderr).toContain('npm rebuild electron')
    expect(r.stderr).toContain('npm run serve')
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  })
})
