// electron-builder afterPack hook. node-pty publishes its macOS spawn-helper without the executable bit; without it
// every terminal fails with "posix_spawnp failed". Set it on every spawn-helper in the unpacked node-pty.
const { chmodSync, existsSync, readdirSync, statSync } = require('node:fs')
const { join } = require('node:path')

/** The folder holding app.asar.unpacked for a packed app of this platform. */
function resourcesDir(context) {
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    return join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
  }
  return join(context.appOutDir, 'resources')
}

function spawnHelpers(dir) {
  if (!existsSync(dir)) return []
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...spawnHelpers(path))
    else if (entry.name === 'spawn-helper') found.push(path)
  }
  return found
}

/** @param {import('electron-builder').AfterPackContext} context */
async function afterPack(context) {
  const ptyDir = join(resourcesDir(context), 'app.asar.unpacked', 'node_modules', 'node-pty')
  const helpers = spawnHelpers(ptyDir)
  for (const helper of helpers) chmodSync(helper, statSync(helper).mode | 0o755)
  return helpers
}

module.exports = afterPack
module.exports.default = afterPack
