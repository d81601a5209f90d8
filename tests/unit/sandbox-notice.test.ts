import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  appArmorProfile,
  confirmUnsandboxedStart,
  diagnoseAppImageSandbox,
  sandboxChoiceFile,
  sandboxNotice,
  type MessageBox,
} from '../../src/main/app/sandbox-notice'

/** A fake /proc: only the files given exist, with those contents. */
function fakeProc(files: Record<string, string>): (path: string) => string | undefined {
  const root = mkdtempSync(join(tmpdir(), 'wb-proc-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return (path) => {
    try {
      return readFileSync(join(root, path), 'utf8')
    } catch {
      return undefined
    }
  }
}

const APPIMAGE = '/home/learner/Apps/Whalebook-x86_64.AppImage'
const appImageEnv = { APPIMAGE, APPDIR: '/tmp/.mount_WhalebXyZ' }
const UBUNTU_24 = {
  '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1\n',
  '/proc/sys/user/max_user_namespaces': '63448\n',
}

describe('the AppImage’s sandbox notice', () => {
  it('says why the sandbox is off: AppArmor, a refused or an absent user namespace, or unknown', () => {
    const facts = { platform: 'linux' as const, env: appImageEnv, noSandbox: true }
    expect(diagnoseAppImageSandbox({ ...facts, readProc: fakeProc(UBUNTU_24) })).toEqual({
      problem: 'apparmor',
      appImage: APPIMAGE,
    })
    expect(
      diagnoseAppImageSandbox({
        ...facts,
        readProc: fakeProc({
          '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '0\n',
          '/proc/sys/kernel/unprivileged_userns_clone': '0\n',
        }),
      }),
    ).toMatchObject({ problem: 'userns-disabled' })
    expect(
      diagnoseAppImageSandbox({ ...facts, readProc: fakeProc({ '/proc/sys/user/max_user_namespaces': '0\n' }) }),
    ).toMatchObject({ problem: 'no-userns' })
    expect(
      diagnoseAppImageSandbox({ ...facts, readProc: fakeProc({ '/proc/sys/user/max_user_namespaces': '1000\n' }) }),
    ).toMatchObject({ problem: 'unknown' })
  })

  it('stays quiet where the sandbox runs, outside an AppImage, and off Linux', () => {
    const readProc = fakeProc(UBUNTU_24)
    expect(diagnoseAppImageSandbox({ platform: 'linux', env: appImageEnv, noSandbox: false, readProc })).toBeUndefined()
    expect(diagnoseAppImageSandbox({ platform: 'linux', env: {}, noSandbox: true, readProc })).toBeUndefined()
    expect(diagnoseAppImageSandbox({ platform: 'darwin', env: appImageEnv, noSandbox: true, readProc })).toBeUndefined()
    // The witness: the same facts with the switch on are diagnosed.
    expect(diagnoseAppImageSandbox({ platform: 'linux', env: appImageEnv, noSandbox: true, readProc })).toBeDefined()
  })

  it('points at the .deb and gives an AppArmor profile for this AppImage, in both languages', () => {
    const en = sandboxNotice({ problem: 'apparmor', appImage: APPIMAGE }, 'en-US')
    expect(en.detail).toContain('AppArmor')
    expect(en.detail).toContain('.deb')
    expect(en.detail).toContain(`profile "whalebook-appimage" "${APPIMAGE}" flags=(unconfined) {`)
    expect(en.detail).toContain('sudo apparmor_parser -r /etc/apparmor.d/whalebook-appimage')
    expect(en.buttons).toEqual(['Quit', 'Start without the sandbox'])
    const zh = sandboxNotice({ problem: 'apparmor', appImage: APPIMAGE }, 'zh-CN')
    expect(zh.title).toContain('沙箱')
    expect(zh.detail).toContain('.deb')
    expect(zh.buttons).toEqual(['退出', '不使用沙箱继续启动'])
    // Where AppArmor is not the reason, no profile is offered (it would not help).
    expect(sandboxNotice({ problem: 'userns-disabled', appImage: APPIMAGE }, 'en').detail).not.toContain(
      'apparmor_parser',
    )
  })

  it('writes the profile the .deb installs (electron-builder’s template), attached to this AppImage', () => {
    // AppArmor 4 (Ubuntu 24.04) is not on these machines (Debian's 3.0 knows no abi/4.0 and no userns rule), so the
    // profile is held to the one electron-builder ships for the .deb and installs after checking it with
    // apparmor_parser: same lines, with this AppImage's path for the installed executable.
    const template = readFileSync(
      join(
        dirname(createRequire(import.meta.url).resolve('app-builder-lib/package.json')),
        'templates/linux/apparmor-profile.tpl',
      ),
      'utf8',
    )
    const significant = (text: string): string[] =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('include if exists'))
    const path = '/home/learner/My Apps/Whalebook.AppImage'
    const expected = significant(
      template
        .replace('"/opt/${sanitizedProductName}/${executable}"', JSON.stringify(path))
        .replaceAll('${executable}', 'whalebook-appimage'),
    )
    expect(significant(appArmorProfile(path))).toEqual(expected)
  })

  it('asks once, quits by default, and remembers “do not ask again” for that AppImage', async () => {
    const diagnosis = { problem: 'apparmor' as const, appImage: APPIMAGE }
    const choices = sandboxChoiceFile(join(mkdtempSync(join(tmpdir(), 'wb-choice-')), 'sandbox-choice.json'))
    const asked: unknown[] = []
    const dialog = (answer: { response: number; checkboxChecked: boolean }): MessageBox => ({
      showMessageBox: (options) => {
        asked.push(options)
        return Promise.resolve(answer)
      },
    })
    const err: string[] = []
    const stderr = (t: string): void => void err.push(t)
    expect(
      await confirmUnsandboxedStart(diagnosis, 'en', dialog({ response: 0, checkboxChecked: true }), choices, stderr),
    ).toBe(false)
    expect(asked).toHaveLength(1)
    expect(asked[0]).toMatchObject({ defaultId: 0, cancelId: 0, type: 'warning' })
    // Quit ignores the box; going on with it ticked is remembered.
    expect(choices.accepted(APPIMAGE)).toBe(false)
    expect(
      await confirmUnsandboxedStart(diagnosis, 'en', dialog({ response: 1, checkboxChecked: true }), choices, stderr),
    ).toBe(true)
    expect(choices.accepted(APPIMAGE)).toBe(true)
    expect(
      await confirmUnsandboxedStart(diagnosis, 'en', dialog({ response: 0, checkboxChecked: false }), choices, stderr),
    ).toBe(true)
    expect(asked).toHaveLength(2)
    // Another AppImage (moved, or a new download) is asked about again.
    expect(choices.accepted('/tmp/Other.AppImage')).toBe(false)
    // A terminal start says it on stderr every time.
    expect(err).toHaveLength(3)
    expect(err[0]).toContain('.deb')
  })
})
