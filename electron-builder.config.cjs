// electron-builder configuration (26.14.0, pinned: from 26.15 its helper binaries, 7-Zip and app-builder, are
// downloaded while building instead of coming from npm packages; see docs/packaging.md).
// Held to electron-builder's own JSON schema and to the real node_modules tree by tests/unit/packaging.test.ts.

const { version } = require('./package.json')

/** The end-to-end build keeps Node's inspect arguments: Playwright's _electron launcher needs them. */
const e2e = process.env.WHALEBOOK_E2E_BUILD === '1'
/** Notarize only where Apple's credentials are present (the forge's release job). */
const notarize = Boolean(process.env.APPLE_ID && process.env.APPLE_APP_SPECIFIC_PASSWORD && process.env.APPLE_TEAM_ID)

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.github.whalebook',
  productName: 'Whalebook',
  executableName: 'whalebook',
  copyright:
    'Whalebook: MIT licence. The bundled book, Docker 简明教程 by Shuai Wang (with parts after yeasy/docker_practice): CC BY-NC-SA 4.0.',
  directories: { output: 'dist', buildResources: 'build' },
  extraMetadata: { version, main: 'out/main/index.js' },
  // Only what runs: the built app and the production dependencies (electron-builder adds those itself).
  files: [
    'out/**/*',
    'package.json',
    '!**/*.map',
    '!**/*.{ts,tsx,mts,cts}',
    '!**/*.d.ts',
    '!**/{test,tests,__tests__,docs,example,examples}/**',
    '!**/*.test.js',
    '!**/*.{md,markdown}',
    '!**/{CHANGELOG,AUTHORS,CONTRIBUTING}*',
    '!node_modules/node-pty/{src,deps,third_party,scripts,typings}/**',
    '!node_modules/node-pty/binding.gyp',
    '!node_modules/node-pty/**/*.pdb',
  ],
  extraResources: [
    { from: 'content/ATTRIBUTION.md', to: 'licences/BOOK-ATTRIBUTION.md' },
    { from: 'content/LICENSE.md', to: 'licences/BOOK-LICENSE.md' },
  ],
  asar: true,
  // node-pty's native module, its macOS spawn-helper and Windows conpty files are loaded from disk, so they leave the
  // asar; its own package.json goes with them, or its worker would find ours ("type": "module") and load as ESM.
  asarUnpack: [
    'node_modules/node-pty/package.json',
    'node_modules/node-pty/build/Release/*',
    'node_modules/node-pty/prebuilds/**/*',
    'node_modules/node-pty/lib/**/*',
  ],
  // node-pty is an N-API module: the same binary runs under Node and Electron, nothing is rebuilt.
  npmRebuild: false,
  afterPack: './build/after-pack.cjs',
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: e2e,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    category: 'Development',
    icon: 'build/icons',
    synopsis: 'A Docker tutorial you can run',
    description: 'A Chinese Docker tutorial turned into a live lab: chapters, a real terminal and live engine panels.',
    maintainer: 'Whalebook <whalebook@users.noreply.github.com>',
    desktop: { entry: { Name: 'Whalebook', 'Name[zh_CN]': 'Whalebook', Categories: 'Development;Education;' } },
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2 | libasound2t64'] },
  mac: {
    target: ['dmg', 'zip'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    notarize,
  },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, shortcutName: 'Whalebook' },
  publish: { provider: 'github', releaseType: 'release' },
}
