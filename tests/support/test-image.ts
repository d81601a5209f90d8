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

/**
 * A local stand-in for the book's `nginx` (no registry is reachable): busybox's httpd serving
 * /usr/share/nginx/html on port 80, tagged `nginx:latest`, so chapter 2.3 and 2.4 run as printed.
 */
export function buildNginxStandIn(dockerHost: string): void {
  const env = { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }
  if (spawnSync('docker', ['image', 'inspect', 'nginx:latest'], { env, stdio: 'ignore' }).status === 0) return
  const context = mkdtempSync(join(tmpdir(), 'wb-nginx-'))
  try {
    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${TEST_IMAGE}`,
        "RUN mkdir -p /usr/share/nginx/html && echo '<h1>Welcome to nginx!</h1>' > /usr/share/nginx/html/index.html",
        'EXPOSE 80',
        'CMD ["httpd", "-f", "-p", "80", "-h", "/usr/share/nginx/html"]',
      ].join('\n'),
    )
    const built = spawnSync('docker', ['build', '-q', '-t', 'nginx:latest', context], { env, encoding: 'utf8' })
    if (built.status !== 0) throw new Error(`building the nginx stand-in failed: ${built.stderr}`)
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}
