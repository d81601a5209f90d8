import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { satisfies } from 'semver'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { releaseSecretProblems } from '../../scripts/release-secrets.mjs'
import { projectRoot as root } from '../support/built-app'

/**
 * The forge's workflow (.github/workflows/ci.yml), read as the forge reads it: the release path is a draft first,
 * each OS's job uploading exactly what it built and tested, and one job publishing; each OS sees only its own
 * signing secrets and fails when one is missing; Node 22 LTS; rpm wherever rpm is built.
 */
interface Step {
  name?: string
  uses?: string
  run?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface Job {
  if?: string
  needs?: string | string[]
  'runs-on': string
  permissions?: Record<string, string>
  strategy?: { matrix?: { include?: Array<Record<string, string>> } }
  env?: Record<string, string>
  steps: Step[]
}
const workflow = parse(readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8')) as {
  on: { push: { tags: string[]; branches: string[] }; pull_request: unknown }
  permissions: Record<string, string>
  env: Record<string, string>
  jobs: Record<string, Job>
}
const jobs = Object.entries(workflow.jobs)
const needs = (job: Job): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs))
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n')
const stepIndex = (job: Job, pattern: RegExp): number => job.steps.findIndex((s) => pattern.test(s.run ?? ''))
/** The runners a job runs on, its matrix expanded. */
const runners = (job: Job): string[] =>
  job['runs-on'].includes('matrix.')
    ? (job.strategy?.matrix?.include ?? []).map((entry) => entry[/matrix\.(\w+)/.exec(job['runs-on'])?.[1] ?? ''] ?? '')
    : [job['runs-on']]
/** Every `${{ secrets.X }}` a job's steps (or the job) receive, as env name → secret name. */
function secretsOf(job: Job): Array<[string, string]> {
  const envs = [job.env ?? {}, ...job.steps.map((s) => s.env ?? {})]
  return envs.flatMap((env) =>
    Object.entries(env).flatMap(([name, value]): Array<[string, string]> => {
      const m = /\$\{\{\s*secrets\.(\w+)\s*\}\}/.exec(String(value))
      return m?.[1] ? [[name, m[1]]] : []
    }),
  )
}
const uploaders = jobs.filter(([, job]) => /gh release upload/.test(runs(job)))

describe('the forge’s workflow: release path', () => {
  it('releases on a version tag only, from one job that creates a draft first', () => {
    expect(workflow.on.push.tags).toEqual(['v*'])
    const creators = jobs.filter(([, job]) => /gh release create/.test(runs(job)))
    expect(creators.map(([name]) => name)).toEqual(['draft'])
    const draft = workflow.jobs.draft as Job
    expect(draft.if).toMatch(/startsWith\(github\.ref, 'refs\/tags\/v'\)/)
    expect(runs(draft)).toMatch(/gh release create "\$TAG" --draft/)
    // A published release is never touched again.
    expect(runs(draft)).toContain('already published')
    // The draft waits for the whole suite and every target's end-to-end build.
    expect(needs(draft)).toEqual(expect.arrayContaining(['test', 'package']))
  })

  it('has each OS’s job build, test its packaged app, then upload exactly what it built to that draft', () => {
    expect(uploaders.map(([name]) => name).sort()).toEqual(['release-linux', 'release-mac', 'release-windows'])
    const artifacts: Record<string, RegExp> = {
      'release-linux':
        /^gh release upload "\$\{\{ github\.ref_name \}\}" dist\/\*\.AppImage dist\/\*\.deb dist\/\*\.rpm dist\/latest-linux\*\.yml --clobber$/,
      'release-mac':
        /^gh release upload "\$\{\{ github\.ref_name \}\}" dist\/\*\.dmg dist\/\*\.zip dist\/\*\.blockmap dist\/latest-mac\.yml --clobber$/,
      'release-windows':
        /^gh release upload "\$\{\{ github\.ref_name \}\}" dist\/\*\.exe dist\/\*\.blockmap dist\/latest\.yml --clobber$/,
    }
    for (const [name, job] of uploaders) {
      expect(needs(job), name).toContain('draft')
      const secrets = stepIndex(job, /node scripts\/release-secrets\.mjs (linux|mac|windows)$/)
      const build = stepIndex(job, /^npm run dist$/)
      const suite = job.steps.findIndex(
        (s) => /playwright test --project electron/.test(s.run ?? '') && s.env?.WHALEBOOK_APP_FUSES === 'release',
      )
      const upload = stepIndex(job, /gh release upload/)
      expect(
        [secrets, build, suite, upload].every((i) => i >= 0),
        name,
      ).toBe(true)
      expect(secrets < build && build < suite && suite < upload, `${name}: secrets, build, test, upload`).toBe(true)
      // The packaged app the job just built (the matrix's app paths, where the job has a matrix).
      const executable = job.steps[suite]?.env?.WHALEBOOK_APP_EXECUTABLE ?? ''
      const apps = executable.includes('matrix.app')
        ? (job.strategy?.matrix?.include ?? []).map((entry) => executable.replace('${{ matrix.app }}', entry.app ?? ''))
        : [executable]
      for (const app of apps) expect(app, name).toMatch(/^\$\{\{ github\.workspace \}\}[/\\]dist[/\\]/)
      expect(job.steps[upload]?.run?.trim(), name).toMatch(artifacts[name] as RegExp)
      expect(job.permissions?.contents, name).toBe('write')
    }
  })

  it('tests the architectures a job cannot run on the uploaded installers, on machines of that kind', () => {
    const verifiers = jobs.filter(([name]) => name.startsWith('verify-'))
    expect(verifiers.map(([name, job]) => [name, job['runs-on'], needs(job)])).toEqual([
      ['verify-mac-x64', 'macos-15-intel', ['release-mac']],
      ['verify-windows-arm64', 'windows-11-arm', ['release-windows']],
    ])
    for (const [name, job] of verifiers) {
      expect(runs(job), name).toContain('gh release download')
      expect(
        job.steps.some((s) => /playwright test --project electron/.test(s.run ?? '')),
        name,
      ).toBe(true)
    }
  })

  it('publishes from one job, after every upload and every verification', () => {
    const publishers = jobs.filter(([, job]) => /--draft=false/.test(runs(job)))
    expect(publishers.map(([name]) => name)).toEqual(['publish'])
    const publish = workflow.jobs.publish as Job
    expect(needs(publish).sort()).toEqual(
      [...uploaders.map(([name]) => name), 'verify-mac-x64', 'verify-windows-arm64'].sort(),
    )
    for (const file of ['latest-linux.yml', 'latest-linux-arm64.yml', 'latest-mac.yml', 'latest.yml']) {
      expect(runs(publish)).toContain(file)
    }
    // Nothing publishes by itself: electron-builder is never asked to, and `npm run dist` says never.
    for (const [name, job] of jobs) expect(runs(job), name).not.toMatch(/--publish (always|onTag|onTagOrDraft)/)
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.dist).toContain('--publish never')
    // Only the release path may write; everything else reads.
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const writers = jobs.filter(([, job]) => job.permissions?.contents === 'write').map(([name]) => name)
    expect(writers.sort()).toEqual(
      [
        'draft',
        'publish',
        'release-linux',
        'release-mac',
        'release-windows',
        'verify-mac-x64',
        'verify-windows-arm64',
      ].sort(),
    )
  })
})

describe('the forge’s workflow: signing secrets, tools, Node', () => {
  it('gives each OS only its own signing secrets, under the names electron-builder reads for that OS', () => {
    const given = Object.fromEntries(jobs.map(([name, job]) => [name, secretsOf(job)]))
    const names = (job: string): string[] => [...new Set((given[job] ?? []).map(([env]) => env))].sort()
    expect(names('release-mac')).toEqual(
      ['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK'].sort(),
    )
    expect(names('release-windows')).toEqual(['WIN_CSC_KEY_PASSWORD', 'WIN_CSC_LINK'])
    for (const [name, pairs] of Object.entries(given)) {
      if (name !== 'release-mac' && name !== 'release-windows') expect(pairs, name).toEqual([])
      // The env name is the secret's own: the Apple certificate never reaches a Windows build as CSC_LINK.
      for (const [env, secret] of pairs) expect(env, name).toBe(secret)
    }
    expect(JSON.stringify(workflow.env)).not.toContain('secrets.')
  })

  it('checks the secrets before building, and the check fails when one is missing or foreign', () => {
    const mac = {
      CSC_LINK: 'x',
      CSC_KEY_PASSWORD: 'x',
      APPLE_ID: 'x',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'x',
    }
    expect(releaseSecretProblems('mac', mac)).toEqual([])
    expect(releaseSecretProblems('mac', { ...mac, APPLE_TEAM_ID: '' })).toEqual([
      'APPLE_TEAM_ID is missing (a repository secret)',
    ])
    expect(releaseSecretProblems('windows', { WIN_CSC_LINK: 'x', WIN_CSC_KEY_PASSWORD: 'x' })).toEqual([])
    expect(releaseSecretProblems('windows', { WIN_CSC_LINK: 'x' })).toEqual([
      'WIN_CSC_KEY_PASSWORD is missing (a repository secret)',
    ])
    expect(
      releaseSecretProblems('windows', { WIN_CSC_LINK: 'x', WIN_CSC_KEY_PASSWORD: 'x', CSC_LINK: 'apple' }),
    ).toEqual(["CSC_LINK is set, but it belongs to another OS's signing"])
    expect(releaseSecretProblems('linux', {})).toEqual([])
    expect(releaseSecretProblems('linux', { CSC_LINK: 'x' })).toHaveLength(1)
    expect(releaseSecretProblems('solaris', {})).toHaveLength(1)
    // Each release job runs the check for its own OS, with the secrets it is given.
    const os = { 'release-linux': 'linux', 'release-mac': 'mac', 'release-windows': 'windows' }
    for (const [name, job] of uploaders) {
      const check = job.steps.find((s) => /release-secrets\.mjs/.test(s.run ?? ''))
      expect(check?.run, name).toBe(`node scripts/release-secrets.mjs ${os[name as keyof typeof os]}`)
      expect(Object.keys(check?.env ?? {}).sort(), name).toEqual(
        secretsOf(job)
          .map(([env]) => env)
          .filter((v, i, a) => a.indexOf(v) === i)
          .sort(),
      )
    }
  })

  it('installs rpm on every Linux runner that builds the packages, before it builds them', () => {
    const linuxBuilders = jobs.filter(
      ([, job]) => /npm run dist/.test(runs(job)) && runners(job).some((r) => r.startsWith('ubuntu')),
    )
    expect(linuxBuilders.map(([name]) => name).sort()).toEqual(['package', 'release-linux'])
    for (const [name, job] of linuxBuilders) {
      const apt = job.steps.findIndex((s) => /apt-get install[^\n]*\brpm\b/.test(s.run ?? ''))
      expect(apt, name).toBeGreaterThanOrEqual(0)
      expect(apt, name).toBeLessThan(stepIndex(job, /npm run dist/))
    }
  })

  it('builds and tests every target on its own kind of machine, Linux on Ubuntu 22.04 (glibc 2.35)', () => {
    const pkg = workflow.jobs.package as Job
    expect(runners(pkg).sort()).toEqual(
      ['macos-15', 'macos-15-intel', 'ubuntu-22.04', 'ubuntu-22.04-arm', 'windows-11-arm', 'windows-2022'].sort(),
    )
    expect(runners(workflow.jobs['release-linux'] as Job)).toEqual(['ubuntu-22.04', 'ubuntu-22.04-arm'])
    expect(runs(pkg)).toContain('npm run dist')
    expect(pkg.steps.filter((s) => /playwright test --project electron/.test(s.run ?? ''))).not.toHaveLength(0)
    for (const [name, job] of jobs.filter(([, j]) => /linux-binary-facts\.mjs/.test(runs(j)))) {
      expect(runs(job), name).toContain('--glibc-floor 2.34')
    }
    expect(runs(workflow.jobs.test as Job)).toContain('npx vitest run')
  })

  it('uses Node 22 LTS everywhere, which package.json’s engines admit (as they admit the Node 20.19 here)', () => {
    expect(workflow.env.NODE_VERSION).toBe('22')
    const setups = jobs.flatMap(([, job]) => job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@')))
    expect(setups.length).toBeGreaterThanOrEqual(jobs.length - 2)
    for (const s of setups) expect(s.with?.['node-version']).toBe('${{ env.NODE_VERSION }}')
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    for (const version of ['22.12.0', '22.20.0', '24.1.0', '20.19.0', process.version.slice(1)]) {
      expect(satisfies(version, pkg.engines.node), version).toBe(true)
    }
    for (const version of ['18.20.0', '20.18.0', '22.11.0'])
      expect(satisfies(version, pkg.engines.node), version).toBe(false)
  })

  it('pins every action by version', () => {
    const uses = jobs.flatMap(([, job]) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])))
    expect(uses.length).toBeGreaterThan(0)
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@v\d+\.\d+\.\d+$/)
  })
})
