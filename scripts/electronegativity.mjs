// Runs Doyensec's Electronegativity over src/ and fails on any finding (part of `npm run lint`).
// A reviewed false positive is suppressed where it occurs, with an `eng-disable` comment and its reason.
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const run = require('@doyensec/electronegativity')
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const electron = require('electron/package.json').version

const result = await run(
  {
    input: resolve(root, 'src'),
    isRelative: true,
    customScan: [],
    excludeFromScan: [],
    parserPlugins: [],
    // The installed Electron: the scanner otherwise asks the network, which these machines do not reach.
    electronVersionOverride: electron,
  },
  false,
)
for (const error of result.errors)
  console.error(`electronegativity: could not read ${error.file}: ${error.message ?? ''}`)
for (const issue of result.issues) {
  console.error(`${issue.file}:${issue.location.line}:${issue.location.column} ${issue.id} ${issue.description}`)
}
if (result.issues.length > 0 || result.errors.length > 0) {
  console.error(`electronegativity: ${result.issues.length} finding(s), ${result.errors.length} unreadable file(s)`)
  process.exit(1)
}
console.log(
  `electronegativity: no findings (${result.globalChecks} global and ${result.atomicChecks} atomic checks, Electron ${electron})`,
)
