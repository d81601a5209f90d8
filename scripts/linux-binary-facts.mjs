// What a Linux package's native files need: the newest glibc symbol version each one imports (objdump -T) and the
// CPU it is built for (the ELF header). Used by tests/unit/packaging.test.ts and by the forge's Linux jobs:
//
//   node scripts/linux-binary-facts.mjs [--glibc-floor 2.34] [--arch x64|arm64] FILE...
//
// prints one JSON line per file and exits 1 when a file needs a newer glibc than the floor the packages declare, or
// is built for another CPU than the package's.
import { spawnSync } from 'node:child_process'
import { Buffer } from 'node:buffer'
import { openSync, readSync, closeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const MACHINES = { 62: 'x64', 183: 'arm64', 40: 'arm', 3: 'ia32' }

/** The CPU an ELF file is built for, from e_machine (offset 18, in the file's byte order). */
export function elfArch(file) {
  const fd = openSync(file, 'r')
  const header = Buffer.alloc(20)
  try {
    readSync(fd, header, 0, 20, 0)
  } finally {
    closeSync(fd)
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`)
  const machine = header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18)
  return MACHINES[machine] ?? `elf-machine-${machine}`
}

const byVersion = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number))
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** The newest GLIBC_x.y version among the symbols a file imports, or null when it imports none. */
export function glibcNeeded(file) {
  const r = spawnSync('objdump', ['-T', file], { encoding: 'utf8' })
  if (r.error || r.status !== 0) throw new Error(`objdump -T ${file} failed: ${r.error?.message ?? r.stderr}`)
  const versions = [...r.stdout.matchAll(/\bGLIBC_(\d+(?:\.\d+)+)\b/g)].map((m) => m[1])
  return versions.sort(byVersion).at(-1) ?? null
}

export function isAbove(version, floor) {
  return version !== null && byVersion(version, floor) > 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const option = (name) => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args.splice(i, 2)[1]
  }
  const floor = option('--glibc-floor')
  const arch = option('--arch')
  let failed = false
  for (const file of args) {
    const facts = { file, arch: elfArch(file), glibc: glibcNeeded(file) }
    console.log(JSON.stringify(facts))
    if (floor && isAbove(facts.glibc, floor)) {
      console.error(`${file} needs glibc ${facts.glibc}, newer than the ${floor} the packages declare`)
      failed = true
    }
    if (arch && facts.arch !== arch) {
      console.error(`${file} is built for ${facts.arch}, not ${arch}`)
      failed = true
    }
  }
  process.exit(failed ? 1 : 0)
}
