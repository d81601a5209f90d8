import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDockerEndpoint, toModemOptions } from '../../src/main/services/engine/docker-endpoint'

const home = mkdtempSync(join(tmpdir(), 'wb-home-'))

function withContext(name: string, host: string, tls = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-dockercfg-'))
  const id = createHash('sha256').update(name).digest('hex')
  mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true })
  writeFileSync(
    join(dir, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  )
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: name }))
  if (tls) {
    mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), { recursive: true })
    for (const f of ['ca', 'cert', 'key'])
      writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', `${f}.pem`), `${f}-pem`)
  }
  return dir
}

describe('resolveDockerEndpoint', () => {
  it('honours DOCKER_HOST first', () => {
    expect(
      resolveDockerEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/x.sock' }, platform: 'linux', homeDir: home }),
    ).toMatchObject({
      url: 'unix:///tmp/x.sock',
      kind: 'unix',
      source: 'DOCKER_HOST',
      tls: false,
    })
  })

  it('reads TLS settings for tcp hosts', () => {
    const e = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      platform: 'linux',
      homeDir: home,
    })
    expect(e).toMatchObject({ kind: 'tcp', tls: true, certPath: '/certs', tlsVerify: true })
  })

  it('falls back to the platform default socket', () => {
    expect(resolveDockerEndpoint({ env: {}, platform: 'linux', homeDir: home }).url).toBe('unix:///var/run/docker.sock')
    expect(resolveDockerEndpoint({ env: {}, platform: 'win32', homeDir: home }).url).toBe(
      'npipe:////./pipe/docker_engine',
    )
  })

  it('uses the current context from ~/.docker/config.json, as the CLI does', () => {
    const cfg = withContext('rootless', 'unix:///run/user/1000/docker.sock')
    const e = resolveDockerEndpoint({ env: { DOCKER_CONFIG: cfg }, platform: 'linux', homeDir: home })
    expect(e).toMatchObject({ url: 'unix:///run/user/1000/docker.sock', source: 'context', contextName: 'rootless' })
  })

  it('lets DOCKER_CONTEXT override the config, and finds the context TLS material', () => {
    const cfg = withContext('remote', 'tcp://build.example:2376', true)
    const e = resolveDockerEndpoint({
      env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'remote' },
      platform: 'linux',
      homeDir: home,
    })
    expect(e).toMatchObject({ kind: 'tcp', tls: true, source: 'context' })
    expect(toModemOptions(e)).toMatchObject({
      host: 'build.example',
      port: 2376,
      protocol: 'https',
      ca: 'ca-pem',
      cert: 'cert-pem',
      key: 'key-pem',
    })
  })

  it('rejects a scheme the CLI would not accept', () => {
    expect(() => resolveDockerEndpoint({ env: { DOCKER_HOST: 'ftp://x' }, platform: 'linux', homeDir: home })).toThrow(
      /Unsupported Docker host/,
    )
  })
})

describe('toModemOptions', () => {
  it('maps each kind to docker-modem options', () => {
    expect(toModemOptions({ url: 'unix:///var/run/docker.sock', kind: 'unix', source: 'default', tls: false })).toEqual(
      { socketPath: '/var/run/docker.sock' },
    )
    expect(
      toModemOptions({ url: 'npipe:////./pipe/docker_engine', kind: 'npipe', source: 'default', tls: false }),
    ).toEqual({ socketPath: '\\\\.\\pipe\\docker_engine' })
    expect(toModemOptions({ url: 'tcp://127.0.0.1:2375', kind: 'tcp', source: 'DOCKER_HOST', tls: false })).toEqual({
      host: '127.0.0.1',
      port: 2375,
      protocol: 'http',
    })
    expect(toModemOptions({ url: 'ssh://me@gpu-box:2222', kind: 'ssh', source: 'DOCKER_HOST', tls: false })).toEqual({
      protocol: 'ssh',
      host: 'gpu-box',
      port: 2222,
      username: 'me',
    })
  })
})
