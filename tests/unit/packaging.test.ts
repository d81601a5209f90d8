import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { extractAll, listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import Ajv from 'ajv'
import { minimatch } from 'minimatch'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { elfArch, glibcNeeded, isAbove } from '../../scripts/linux-binary-facts.mjs'
import { builtApp, projectRoot as root } from '../support/built-app'
import { SHIPPED_FUSES, standInElectronDist } from '../support/electron-dist-stand-in'

const require = createRequire(import.meta.url)
const config = require('../../electron-builder.config.cjs') as {
  files: string[]
  asarUnpack: string[]
  electronFuses: Record<string, boolean>
  linux: { category: string; desktop: { entry: Record<string, string> } }
  deb: { depends: string[] }
  rpm: { depends: string[] }
  appImage: { artifactName: string; executableArgs: string[] }
  mac: { target: Array<{ target: string; arch: string[] }> }
  win: { target: Array<{ target: string; arch: string[] }> }
  publish: { provider: string; owner: string; repo: string }
  extraMetadata: { version: string }
  afterPack: string
}
/** A fuse's byte in the wire: '1' on, '0' off (@electron/fuses' FuseState). */
const FUSE_ON = '1'.charCodeAt(0)
const FUSE_OFF = '0'.charCodeAt(0)
const afterPack = require('../../build/after-pack.cjs') as (context: unknown) => Promise<string[]>

interface Target {
  platform: 'linux' | 'darwin' | 'win32'
  arch: 'x64' | 'arm64'
}

/**
 * electron-builder's `files` semantics (app-builder-lib util/filter.js): patterns in order, `!` excludes, the last
 * match wins; dependencies are in; `${platform}` and `${arch}` are the build's.
 */
function shipped(path: string, target: Target = { platform: 'linux', arch: 'x64' }): boolean {
  let included = path.startsWith('node_modules/')
  for (const raw of config.files) {
    const pattern = raw.replaceAll('${platform}', target.platform).replaceAll('${arch}', target.arch)
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

/** The glibc the Linux packages declare: the deb's `libc6 (>= X)`. */
const declaredGlibc = (): string =>
  /^libc6 \(>= ([\d.]+)\)$/.exec(config.deb.depends.find((d) => d.startsWith('libc6')) ?? '')?.[1] ?? ''

/** What only a native build reads, or types: never loaded at run time, never shipped. */
const BUILD_ONLY = ['node-addon-api', 'nan', 'cpu-features', 'buildcheck', 'undici-types', '@types/node']
/** Files that are build inputs or documentation, wherever they are. */
const NOT_SHIPPED =
  /\.(ts|mts|cts|map|c|cc|cpp|cxx|h|hh|hpp|hxx|inl|gyp|gypi|mk|pdb|md|markdown)$|(^|\/)(Makefile|CMakeLists\.txt|binding\.gyp)$|(^|\/)(test|tests|__tests__|docs|example|examples)\//

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

  it('ships and unpacks node-pty’s binaries for each target’s platform and architecture, and no other’s', () => {
    const pty = join(root, 'node_modules/node-pty')
    const files = walk(pty).map((f) => relative(root, f))
    const runtime =
      /\/(pty\.node|conpty\.node|conpty_console_list\.node|spawn-helper|winpty\.dll|winpty-agent\.exe|conpty\.dll|OpenConsole\.exe)$/
    const targets: Target[] = [
      { platform: 'darwin', arch: 'x64' },
      { platform: 'darwin', arch: 'arm64' },
      { platform: 'win32', arch: 'x64' },
      { platform: 'win32', arch: 'arm64' },
    ]
    for (const target of targets) {
      const own = `node_modules/node-pty/prebuilds/${target.platform}-${target.arch}/`
      const needed = files.filter((f) => f.startsWith(own) && runtime.test(f))
      expect(needed.length, own).toBeGreaterThan(0)
      for (const f of [...needed, 'node_modules/node-pty/package.json', 'node_modules/node-pty/lib/index.js']) {
        expect(shipped(f, target), `${f} for ${own}`).toBe(true)
        expect(unpacked(f), f).toBe(true)
      }
      const others = files.filter((f) => f.includes('/prebuilds/') && !f.startsWith(own))
      expect(others.length).toBeGreaterThan(0)
      expect(others.filter((f) => shipped(f, target))).toEqual([])
    }
    expect(files.some((f) => f.endsWith('darwin-arm64/spawn-helper'))).toBe(true)
    expect(files.some((f) => f.endsWith('win32-x64/conpty/conpty.dll'))).toBe(true)
    // Linux has no prebuild: it ships the pty.node compiled at `npm ci` (build/Release) and no prebuild at all.
    expect(shipped('node_modules/node-pty/build/Release/pty.node')).toBe(true)
    expect(unpacked('node_modules/node-pty/build/Release/pty.node')).toBe(true)
    expect(files.filter((f) => f.includes('/prebuilds/') && shipped(f))).toEqual([])
  })

  it('ships only what runs: the built app, never sources, maps, tests, C sources and headers, or build-only packages', () => {
    expect(shipped('out/main/index.js')).toBe(true)
    expect(shipped('out/renderer/index.html')).toBe(true)
    expect(shipped('out/preload/index.cjs')).toBe(true)
    expect(shipped('package.json')).toBe(true)
    for (const f of ['src/main/index.ts', 'tests/unit/packaging.test.ts', 'docs/api.md', 'bench/terminal.bench.ts']) {
      expect(shipped(f), f).toBe(false)
    }
    const deps = ['node-pty', 'dockerode', 'ws', 'zod', 'docker-modem', 'ssh2', ...BUILD_ONLY].flatMap((d) =>
      existsSync(join(root, 'node_modules', d))
        ? walk(join(root, 'node_modules', d)).map((f) => relative(root, f))
        : [],
    )
    const unwanted = deps.filter(
      (f) => NOT_SHIPPED.test(f) || BUILD_ONLY.some((b) => f.startsWith(`node_modules/${b}/`)) || /\.test\.js$/.test(f),
    )
    expect(unwanted.filter((f) => /\.(c|cc|h)$/.test(f)).length).toBeGreaterThan(0)
    expect(unwanted.filter((f) => shipped(f))).toEqual([])
    // What does run is kept.
    for (const f of ['node_modules/node-pty/lib/index.js', 'node_modules/dockerode/lib/docker.js']) {
      expect(shipped(f), f).toBe(true)
    }
  })

  it('turns off RunAsNode, NODE_OPTIONS and file://’s extra privileges; inspect arguments only in the end-to-end build', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      // The flipped macOS binary is signed ad hoc again where no identity signs it.
      resetAdHocDarwinSignature: true,
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

  it('keeps electron-builder’s default Linux dependencies, adds ours, and declares the glibc pty.node needs', () => {
    const fpm = require('app-builder-lib/out/targets/FpmTarget') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } }
    }
    const defaults = (target: string): string[] => fpm.default.prototype.getDefaultDepends(target)
    expect(defaults('deb')).toContain('xdg-utils')
    expect(config.deb.depends).toEqual(expect.arrayContaining(defaults('deb')))
    expect(config.rpm.depends).toEqual(expect.arrayContaining(defaults('rpm')))
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libasound2 | libasound2t64', 'libgbm1']))
    const floor = declaredGlibc()
    expect(floor).toMatch(/^2\.\d+$/)
    expect(config.rpm.depends).toContain(`glibc >= ${floor}`)
    // The pty.node this machine built (what a Linux package built here ships) needs no newer glibc than the packages
    // declare (built on glibc 2.34 or later, it needs exactly 2.34: forkpty and openpty moved into libc then).
    const need = glibcNeeded(join(root, 'node_modules/node-pty/build/Release/pty.node'))
    expect(need).not.toBeNull()
    expect(isAbove(need, floor), `pty.node needs glibc ${need}`).toBe(false)
  })

  it('builds both architectures on macOS and Windows, an AppImage electron-updater can replace in place, and the forge’s feed', () => {
    for (const t of [...config.mac.target, ...config.win.target]) expect(t.arch).toEqual(['x64', 'arm64'])
    expect(config.appImage.artifactName).not.toContain('${version}')
    expect(config.appImage.executableArgs).toEqual([])
    expect(config.publish).toMatchObject({ provider: 'github', owner: 'whalebook', repo: 'whalebook' })
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

interface PackedMainReport {
  loads: Array<{ url?: string; file?: string }>
  privileged: Array<{ scheme: string; privileges: Record<string, boolean>; beforeReady: boolean }>
  served: Array<{ file: string; status: number; type: string | null }>
  escape: number
  imported: Record<string, string>
  loadedOutside: string[]
  info: unknown
  shellOutput: string
}

/**
 * The packed app: electron-builder --dir for Linux, as `npm run dist:dir` runs it, with a stand-in Electron
 * distribution (these machines cannot download Electron), then its app.asar extracted and its main process run under
 * Node with the stand-in `electron` module. Only the npm registry is reachable here: the build is pointed at
 * unreachable mirrors and empty caches, so any download electron-builder tried would fail it.
 */
describe('the packed app (electron-builder --dir for Linux with a stand-in Electron)', () => {
  const work = mkdtempSync(join(tmpdir(), 'wb-packed-'))
  const output = join(work, 'dist')
  const appDir = join(output, 'linux-unpacked')
  const resources = join(appDir, 'resources')
  const extracted = join(work, 'extracted')
  let buildLog = ''
  let asarFiles: string[] = []
  let unpackedFiles: string[] = []
  let report: PackedMainReport

  beforeAll(() => {
    builtApp()
    const electronVersion = (require('electron/package.json') as { version: string }).version
    const dist = standInElectronDist(join(work, 'electron-dist'), electronVersion)
    const unreachable = 'http://127.0.0.1:9/'
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_MIRROR: unreachable,
      ELECTRON_BUILDER_BINARIES_MIRROR: unreachable,
      ELECTRON_BUILDER_CACHE: join(work, 'builder-cache'),
      ELECTRON_CACHE: join(work, 'electron-cache'),
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    }
    delete env.WHALEBOOK_E2E_BUILD
    const r = spawnSync(
      'npx',
      [
        'electron-builder',
        '--config',
        'electron-builder.config.cjs',
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${dist}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, env, encoding: 'utf8', timeout: 180_000 },
    )
    buildLog = `${r.stdout}\n${r.stderr}`
    if (r.status !== 0) throw new Error(`electron-builder failed (${String(r.status)}):\n${buildLog}`)
    const asar = join(resources, 'app.asar')
    asarFiles = listPackage(asar, { isPack: false }).map((f) =>
      f
        .replace(/^[/\\]/, '')
        .split(sep)
        .join('/'),
    )
    unpackedFiles = walk(join(resources, 'app.asar.unpacked')).map((f) =>
      relative(join(resources, 'app.asar.unpacked'), f).split(sep).join('/'),
    )
    extractAll(asar, extracted)

    const userData = join(work, 'userdata')
    mkdirSync(userData)
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './tests/support/packed-main/loader.mjs',
        'tests/support/packed-main/run.ts',
        extracted,
        userData,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          DOCKER_HOST: 'unix:///nonexistent/whalebook-packaging-test.sock',
          HOME: mkdtempSync(join(tmpdir(), 'wb-home-')),
          SHELL: '/bin/bash',
        },
      },
    )
    const last = run.stdout.trim().split('\n').at(-1) ?? ''
    if (run.status !== 0 || !last.startsWith('{')) {
      throw new Error(`the packed main process failed (${String(run.status)}):\n${run.stdout}\n${run.stderr}`)
    }
    report = JSON.parse(last) as PackedMainReport
  }, 240_000)
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('packs offline from the stand-in Electron: nothing downloaded', () => {
    // The app's executable is the stand-in, renamed; no Electron was fetched into the (empty) caches.
    expect(readFileSync(join(appDir, 'whalebook'), 'latin1')).toContain('a stand-in for Electron')
    expect(statSync(join(appDir, 'whalebook')).mode & 0o111).not.toBe(0)
    expect(existsSync(join(work, 'electron-cache'))).toBe(false)
    expect(buildLog).not.toMatch(/downloading|ENOTFOUND|ECONNREFUSED/i)
  })

  it('reads back the fuses as configured (flipped from what Electron ships)', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'whalebook'))
    const names: Record<string, FuseV1Options> = {
      runAsNode: FuseV1Options.RunAsNode,
      enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
      enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
      grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
    }
    for (const [key, option] of Object.entries(names)) {
      expect(wire[option], key).toBe(config.electronFuses[key] ? FUSE_ON : FUSE_OFF)
    }
    // The witness: Electron ships file:// with extra privileges and RunAsNode on; the packed binary has both off.
    expect(SHIPPED_FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe('1')
    expect(SHIPPED_FUSES[FuseV1Options.RunAsNode]).toBe('1')
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FUSE_OFF)
  })

  it('loads the renderer from whalebook://app, which serves every packed renderer file: no file://, which the fuse blocks', () => {
    expect(report.loads).toEqual([{ url: 'whalebook://app/index.html' }])
    expect(report.privileged).toEqual([
      expect.objectContaining({
        scheme: 'whalebook',
        beforeReady: true,
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
    const renderer = walk(join(extracted, 'out', 'renderer')).map((f) =>
      relative(join(extracted, 'out', 'renderer'), f),
    )
    expect(report.served.map((s) => s.file).sort()).toEqual(renderer.map((f) => f.split(sep).join('/')).sort())
    for (const s of report.served) {
      expect(s.status, s.file).toBe(200)
      expect(s.type, s.file).toMatch(/^(text\/html|text\/javascript|text\/css|image\/|font\/)/)
    }
    expect(report.escape).toBe(400)
    const main = walk(join(extracted, 'out', 'main'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    expect(main).not.toMatch(/\.loadFile\(/)
    expect(report.info).toMatchObject({ result: { name: 'Whalebook', transport: 'ipc' } })
  })

  it('resolves and loads every runtime dependency from the extracted asar', () => {
    const pkg = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(Object.keys(report.imported).sort()).toEqual(Object.keys(pkg.dependencies).sort())
    for (const [name, result] of Object.entries(report.imported)) expect(result, name).toBe('ok')
    // Every dependency of every shipped package is in the packed tree (Node's lookup, from the package's own folder),
    // but what only a native build or a type checker reads.
    const missing: string[] = []
    const seen = new Set<string>()
    const queue: Array<{ name: string; from: string; optional: boolean }> = Object.keys(pkg.dependencies).map(
      (name) => ({
        name,
        from: extracted,
        optional: false,
      }),
    )
    while (queue.length > 0) {
      const { name, from, optional } = queue.shift() as (typeof queue)[number]
      let dir: string | undefined
      for (let at = from; at.startsWith(extracted); at = dirname(at)) {
        if (existsSync(join(at, 'node_modules', name, 'package.json'))) {
          dir = join(at, 'node_modules', name)
          break
        }
        if (at === extracted) break
      }
      if (!dir) {
        if (!optional && !BUILD_ONLY.includes(name))
          missing.push(`${name} (for ${relative(extracted, from) || 'the app'})`)
        continue
      }
      if (seen.has(dir)) continue
      seen.add(dir)
      const dep = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>
        optionalDependencies?: Record<string, string>
      }
      for (const d of Object.keys(dep.dependencies ?? {})) queue.push({ name: d, from: dir, optional: false })
      for (const d of Object.keys(dep.optionalDependencies ?? {})) queue.push({ name: d, from: dir, optional: true })
    }
    expect(missing).toEqual([])
    expect(seen.size).toBeGreaterThan(50)
    // The packed main process loaded its CommonJS modules, native ones included, from the packed tree only.
    expect(report.loadedOutside.filter((p) => !/node_modules[/\\](tsx|electron)[/\\]/.test(p))).toEqual([])
  })

  it('spawns a shell through the packed node-pty (its unpacked pty.node, for this CPU and the declared glibc)', () => {
    expect(report.shellOutput).toContain('packed-42')
    const pty = join(resources, 'app.asar.unpacked', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node')
    expect(existsSync(pty)).toBe(true)
    expect(elfArch(pty)).toBe(process.arch)
    expect(isAbove(glibcNeeded(pty), declaredGlibc())).toBe(false)
    // Unpacked: every native file, with node-pty's package.json and lib beside it.
    expect(unpackedFiles).toEqual(
      expect.arrayContaining(['node_modules/node-pty/package.json', 'node_modules/node-pty/lib/index.js']),
    )
    expect(asarFiles.filter((f) => f.endsWith('.node') && !unpackedFiles.includes(f))).toEqual([])
  })

  it('ships no .ts, .map, C sources, headers, tests, docs, build-only packages, or other systems’ binaries', () => {
    const all = [...new Set([...asarFiles, ...unpackedFiles])]
    expect(all.length).toBeGreaterThan(500)
    expect(all.filter((f) => NOT_SHIPPED.test(f))).toEqual([])
    expect(all.filter((f) => BUILD_ONLY.some((b) => f.startsWith(`node_modules/${b}/`)))).toEqual([])
    expect(all.filter((f) => /\/prebuilds\/|\.(dll|exe|pdb)$|spawn-helper$/.test(f))).toEqual([])
    expect(all.filter((f) => f.endsWith('.node'))).toEqual(['node_modules/node-pty/build/Release/pty.node'])
    expect(all.filter((f) => /^(src|tests|bench|docs|content|build)\//.test(f))).toEqual([])
  })

  it('writes the update feed electron-updater reads: the forge’s releases', () => {
    const feed = parse(readFileSync(join(resources, 'app-update.yml'), 'utf8')) as Record<string, string>
    expect(feed).toMatchObject({ provider: 'github', owner: 'whalebook', repo: 'whalebook' })
  })

  it('has the asar size docs/packaging.md records (within a fifth)', () => {
    const size = statSync(join(resources, 'app.asar')).size
    const doc = readFileSync(join(root, 'docs/packaging.md'), 'utf8')
    const recorded = /app\.asar[^\n]*?\*\*([\d.]+) MB\*\*/.exec(doc)?.[1]
    expect(recorded, 'docs/packaging.md names the asar’s size as **N MB**').toBeDefined()
    const mb = size / 1e6
    expect(Math.abs(mb - Number(recorded)) / mb, `measured ${mb.toFixed(1)} MB`).toBeLessThan(0.2)
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
