import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What @electron/fuses looks for: the sentinel, then the wire's version (1), its length, and one byte per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/**
 * Electron 40's fuses as it ships them, before any flip (docs: "Electron Fuses"): RunAsNode on, cookie encryption
 * off, NODE_OPTIONS on, the inspect arguments on, asar integrity validation off, app only from the asar off, the
 * browser-process V8 snapshot off, extra file:// privileges on, WebAssembly trap handlers on.
 */
export const SHIPPED_FUSES = '101100011'

/**
 * A stand-in for an unpacked Electron distribution for Linux (what electron-builder's `electronDist` names), for
 * packing the app where the Electron binary cannot be downloaded: an `electron` executable that carries the fuse
 * wire, so electron-builder's @electron/fuses flips it and a test reads it back, and the files beside it that a
 * Linux Electron zip has. It runs nothing: it says what it is.
 */
export function standInElectronDist(dir: string, version: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  const executable = Buffer.concat([
    Buffer.from('#!/bin/sh\n# fuse wire: '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, SHIPPED_FUSES.length]),
    Buffer.from(SHIPPED_FUSES),
    Buffer.from('\necho "a stand-in for Electron, for packaging tests: it runs nothing" >&2\nexit 1\n'),
  ])
  writeFileSync(join(dir, 'electron'), executable, { mode: 0o755 })
  writeFileSync(join(dir, 'chrome-sandbox'), '', { mode: 0o755 })
  writeFileSync(join(dir, 'version'), version)
  writeFileSync(join(dir, 'LICENSE'), 'Electron is MIT-licensed; this folder is a stand-in for tests.\n')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n')
  return dir
}
