/**
 * The tests' image, made locally since no registry is reachable: Debian busybox-static's
 * /bin/busybox plus a link per applet, imported as `whalebook/busybox:latest`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TEST_IMAGE = 'whalebook/busybox:latest'

export function buildTestImage(dockerHost: string, busybox = '/bin/busybox'): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost }
  if (spawnSync('docker', ['image', 'inspect', TEST_IMAGE], { env, stdio: 'ignore' }).status === 0) return
  const root = mkdtempSync(join(tmpdir(), 'wb-rootfs-'))
  try {
    for (const d of ['bin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'var/www'])
      mkdirSync(join(root, d), { recursive: true })
    copyFileSync(busybox, join(root, 'bin/busybox'))
    chmodSync(join(root, 'bin/busybox'), 0o755)
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' })
      .split('\n')
      .filter((a) => a && a !== 'busybox')
    for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet))
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n')
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n')
    const tar = spawnSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 })
    if (tar.status !== 0) throw new Error(`tar failed: ${String(tar.stderr)}`)
    const imported = spawnSync(
      'docker',
      ['import', '--change', 'CMD ["sh"]', '--change', 'ENV PATH=/bin', '-', TEST_IMAGE],
      { env, input: tar.stdout, encoding: 'buffer' },
    )
    if (imported.status !== 0) throw new Error(`docker import failed: ${String(imported.stderr)}`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
