import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A stand-in `nvidia-smi` on PATH for machines without a GPU: it prints a real captured output
 * (a fixture), hangs like a wedged driver, or fails like an unloaded one. Returns the directory to
 * put first on PATH.
 */
export function fakeNvidiaSmi(mode: { xml: string } | 'hang' | { fail: string; exitCode: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-fake-smi-'))
  let body: string
  if (mode === 'hang') {
    // A child that keeps the pipes open, as a wedged driver call inside a wrapper would.
    body = 'sleep 600\necho never\n'
  } else if ('xml' in mode) {
    writeFileSync(join(dir, 'smi.xml'), mode.xml)
    body = `case "$*" in\n  *-q*-x*|*-x*-q*) cat "${join(dir, 'smi.xml')}" ;;\n  *) echo "unsupported: $*" >&2; exit 2 ;;\nesac\n`
  } else {
    writeFileSync(join(dir, 'message.txt'), mode.fail)
    body = `cat "${join(dir, 'message.txt')}"\nexit ${mode.exitCode}\n`
  }
  writeFileSync(join(dir, 'nvidia-smi'), `#!/bin/sh\n${body}`)
  chmodSync(join(dir, 'nvidia-smi'), 0o755)
  return dir
}

/** PATH with only the system directories (no real nvidia tools), optionally after a fake's directory. */
export function pathWith(first?: string): string {
  return [first, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
    .filter(Boolean)
    .join(':')
}

/** A PCI bus with no NVIDIA device on it, whatever machine the test runs on. */
export function busWithoutNvidia(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pci-'))
  mkdirSync(join(dir, '0000:00:00.0'))
  writeFileSync(join(dir, '0000:00:00.0', 'vendor'), '0x8086\n')
  writeFileSync(join(dir, '0000:00:00.0', 'class'), '0x060000\n')
  return dir
}
