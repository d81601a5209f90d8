// electron-builder configuration (26.14.0, pinned: from 26.15 its helper binaries, 7-Zip and app-builder, are
// downloaded while building instead of coming from npm packages; see docs/packaging.md).
// Held to electron-builder's own JSON schema, to the real node_modules tree and to a packed app (electron-builder --dir
// with a stand-in Electron) by tests/unit/packaging.test.ts.

const { version } = require('./package.json')

/** The end-to-end build keeps Node's inspect arguments: Playwright's _electron launcher needs them. */
const e2e = process.env.WHALEBOOK_E2E_BUILD === '1'
/** Notarize only where Apple's credentials are present (the forge's release job). */
const notarize = Boolean(process.env.APPLE_ID && process.env.APPLE_APP_SPECIFIC_PASSWORD && process.env.APPLE_TEAM_ID)

/**
 * The oldest glibc the Linux packages run on. node-pty's pty.node calls forkpty and openpty, which glibc 2.34 moved
 * from libutil into libc itself; Electron needs less. The Linux packages are built on Ubuntu 22.04 (glibc 2.35), and
 * the packed pty.node is checked against this floor (scripts/linux-binary-facts.mjs, here and in CI).
 */
const GLIBC_FLOOR = '2.34'

/** electron-builder's own dependency lists (app-builder-lib FpmTarget.getDefaultDepends): a custom list replaces them. */
const DEB_DEFAULTS = [
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
]
const RPM_DEFAULTS = [
  'gtk3',
  'libnotify',
  'nss',
  'libXScrnSaver',
  '(libXtst or libXtst6)',
  'xdg-utils',
  'at-spi2-core',
  '(libuuid or libuuid1)',
]

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.github.whalebook',
  productName: 'Whalebook',
  executableName: 'whalebook',
  copyright:
    'Whalebook: MIT licence. The bundled book, Docker 简明教程 by Shuai Wang (with parts after yeasy/docker_practice): CC BY-NC-SA 4.0.',
  directories: { output: 'dist', buildResources: 'build' },
  extraMetadata: { version, main: 'out/main/index.js' },
  // Only what runs: the built app and the production dependencies (electron-builder adds those itself, and drops .dll
  // and .exe files outside Windows builds).
  files: [
    'out/**/*',
    'package.json',
    '!**/*.map',
    '!**/*.{ts,tsx,mts,cts}',
    '!**/*.d.ts',
    '!**/{test,tests,__tests__,docs,example,examples,benchmark,benchmarks}/**',
    '!**/*.test.js',
    '!**/*.{md,markdown}',
    '!**/{CHANGELOG,AUTHORS,CONTRIBUTING}*',
    // Build inputs of native modules: C and C++ sources and headers, gyp and make files, CMake and Bazel files.
    '!**/*.{c,cc,cpp,cxx,h,hh,hpp,hxx,inl,gyp,gypi,mk,d,cmake,bazel,bzl,patch,cs}',
    '!**/{Makefile,*.Makefile,CMakeLists.txt,config.gypi}',
    '!**/{.vscode,.github,.eslintignore,.eslintrc*,.dockerignore,.prettierrc*,.editorconfig,.grenrc.yml}',
    // Packages only a native build reads (node-pty's headers; ssh2's optional cpu-features, never built here) and type
    // definitions: nothing loads them at run time.
    '!**/node_modules/{node-addon-api,nan,cpu-features,buildcheck,undici-types}/**',
    '!**/node_modules/@types/**',
    '!node_modules/node-pty/{src,deps,third_party,scripts,typings,node-addon-api}/**',
    '!node_modules/node-pty/build/Release/{obj.target,.deps}/**',
    '!node_modules/node-pty/**/*.pdb',
    // node-pty's binaries for this build's platform and architecture only (each OS is packaged on its own runners;
    // Linux has no prebuilds and loads the pty.node compiled at `npm ci`, in build/Release).
    '!node_modules/node-pty/prebuilds/**',
    'node_modules/node-pty/prebuilds/${platform}-${arch}/**',
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
  // node-pty is an N-API module: the same binary runs under Node and Electron, nothing is rebuilt. It ships prebuilds
  // for macOS and Windows (x64 and arm64), and none for Linux: there it is compiled at `npm ci` on a runner of the
  // target's architecture (see docs/packaging.md).
  npmRebuild: false,
  afterPack: './build/after-pack.cjs',
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: e2e,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // file:// keeps the browser's rules; the renderer is served from whalebook://app (src/main/app/renderer-files.ts).
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses changes the binary: without a signing identity (pull requests) macOS would kill an arm64 app
    // whose signature no longer matches, so it is signed ad hoc again. With an identity, electron-builder signs after.
    resetAdHocDarwinSignature: true,
  },
  linux: {
    // For the architecture of the machine that builds (node-pty's pty.node is compiled there).
    target: ['AppImage', 'deb', 'rpm'],
    category: 'Development',
    icon: 'build/icons',
    synopsis: 'A Docker tutorial you can run',
    description: 'A Chinese Docker tutorial turned into a live lab: chapters, a real terminal and live engine panels.',
    maintainer: 'Whalebook <whalebook@users.noreply.github.com>',
    desktop: { entry: { Name: 'Whalebook', 'Name[zh_CN]': 'Whalebook', Categories: 'Development;Education;' } },
  },
  appImage: {
    // No version in the name: electron-updater replaces an AppImage in place only when its name has none (otherwise
    // it writes the new version beside it and deletes the one every launcher points at).
    artifactName: '${productName}-${arch}.${ext}',
    // electron-builder's default puts --no-sandbox into the desktop entry; the sandbox stays on where it can start
    // (where it cannot, the app explains: src/main/app/sandbox-notice.ts).
    executableArgs: [],
  },
  // Ours: Electron's GPU buffers and sound, and what pty.node links against (glibc, and libstdc++ for its C++).
  deb: {
    depends: [...DEB_DEFAULTS, 'libgbm1', 'libasound2 | libasound2t64', `libc6 (>= ${GLIBC_FLOOR})`, 'libstdc++6'],
  },
  rpm: { depends: [...RPM_DEFAULTS, 'mesa-libgbm', 'alsa-lib', `glibc >= ${GLIBC_FLOOR}`, 'libstdc++'] },
  mac: {
    // Both architectures from one machine (node-pty has prebuilds for both): one latest-mac.yml lists both zips.
    target: [
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    notarize,
  },
  win: {
    // One installer for both architectures (it installs the one the machine has): one latest.yml for the updater.
    target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
    icon: 'build/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: 'Whalebook',
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
  // The forge's releases: what the updater reads (resources/app-update.yml) and where latest*.yml point. Builds never
  // publish themselves: the release workflow creates a draft, uploads what each runner built and tested, publishes.
  publish: { provider: 'github', owner: 'whalebook', repo: 'whalebook', releaseType: 'draft' },
}
