/**
 * A tiny X client for containers, made from this machine's own binaries since no registry is reachable: Debian
 * x11-utils' `xmessage`, the shared libraries `ldd` names for it and the dynamic loader, at the same paths.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const X_CLIENT_IMAGE = 'whalebook/xclient:latest'
export const XMESSAGE = '/usr/bin/xmessage'

/** The files `xmessage` needs to run in an otherwise empty root: itself, its libraries and the loader. */
export function xClientFiles(binary = XMESSAGE): string[] {
  const ldd = execFileSync('ldd', [binary], { encoding: 'utf8' })
  const libs = [...ldd.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1] ?? '')
  return [binary, ...new Set(libs.filter(Boolean))]
}

/** Copies the X client's files under `root`, keeping their paths (links followed: the libraries' real contents). */
export function copyXClient(root: string): void {
  for (const file of xClientFiles()) {
    const to = join(root, file)
    mkdirSync(dirname(to), { recursive: true })
    copyFileSync(file, to)
  }
}

/** `whalebook/xclient:latest`: nothing but xmessage and what it links, imported from a tar of those files. */
export function buildXClientImage(dockerHost: string): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  if (spawnSync('docker', ['image', 'inspect', X_CLIENT_IMAGE], { env, stdio: 'ignore' }).status === 0) return
  const root = mkdtempSync(join(tmpdir(), 'wb-xclient-'))
  try {
    copyXClient(root)
    mkdirSync(join(root, 'tmp'))
    const tar = spawnSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 256 * 1024 * 1024 })
    if (tar.status !== 0) throw new Error(`tar failed: ${String(tar.stderr)}`)
    const imported = spawnSync('docker', ['import', '--change', `ENTRYPOINT ["${XMESSAGE}"]`, '-', X_CLIENT_IMAGE], {
      env,
      input: tar.stdout,
    })
    if (imported.status !== 0) throw new Error(`docker import failed: ${String(imported.stderr)}`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
