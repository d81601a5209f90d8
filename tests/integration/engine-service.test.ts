import { describe, expect, inject, it } from 'vitest'
import { createDockerClient } from '../../src/main/services/engine/create-engine-client'
import { resolveDockerEndpoint } from '../../src/main/services/engine/docker-endpoint'
import { EngineService } from '../../src/main/services/engine/engine-service'
import { dockerFailure } from '@shared/docker/failure'
import { docker, serverVersion } from '../support/docker-cli'

function serviceFor(host: string, dockerInstalled = true): EngineService {
  const endpoint = resolveDockerEndpoint({ env: { DOCKER_HOST: host }, platform: 'linux', homeDir: '/nonexistent' })
  return new EngineService({
    connection: { endpoint, docker: createDockerClient(endpoint, 3000) },
    dockerInstalled: () => dockerInstalled,
  })
}

describe('EngineService against a real engine', () => {
  const host = inject('dockerHost')

  it('reports the identity the docker CLI sees', async () => {
    const identity = await serviceFor(host).identity()
    expect(identity.version).toBe(serverVersion(host))
    expect(identity.apiVersion).toBe(docker(host, ['version', '--format', '{{.Server.APIVersion}}']))
    expect(identity.os).toBe('linux')
    expect(identity.rootless).toBe(false)
    expect(identity.images).toBeGreaterThanOrEqual(1)
  })

  it('explains a socket with no daemon behind it, and throws a typed error for identity', async () => {
    const svc = serviceFor('unix:///tmp/whalebook-no-such-engine.sock')
    // DOCKER_HOST names a path with no socket: said so, for the page to name DOCKER_HOST.
    expect(await svc.probe()).toMatchObject({
      state: 'unavailable',
      problem: 'not-running',
      socketMissing: true,
      endpoint: { source: 'DOCKER_HOST' },
    })
    await expect(svc.identity()).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' })
    const notInstalled = serviceFor('unix:///tmp/whalebook-no-such-engine.sock', false)
    expect(await notInstalled.probe()).toMatchObject({ problem: 'not-installed' })
  })

  it('gives DOCKER_HOST’s fix where its socket is missing, in the status and in what it accounts for, and only there', async () => {
    const url = 'unix:///tmp/whalebook-no-such-engine.sock'
    const svc = serviceFor(url)
    const status = await svc.probe()
    if (status.state !== 'unavailable') throw new Error('an engine answered')
    expect(status.failure).toMatchObject({ kind: 'engine-not-running', values: { dockerHost: url } })
    expect(status.failure.text.en.fix).toContain(`DOCKER_HOST is set to ${url}`)
    await expect(svc.identity()).rejects.toMatchObject({
      details: { failure: { values: { dockerHost: url } } },
    })
    // A terminal's command that failed meanwhile is recorded with the same fix...
    const typed = dockerFailure(
      'engine-not-running',
      'Cannot connect to the Docker daemon. Is the docker daemon running?',
    )
    expect(svc.account(typed).text.en.fix).toContain('DOCKER_HOST is set to')
    // ...and once an engine answers there, as classified (the witness: the same failure, told as the classifier does).
    const up = serviceFor(host)
    await up.probe()
    expect(up.account(typed)).toBe(typed)
    // Not installed at all: the install comes first.
    const absent = serviceFor(url, false)
    const absentStatus = await absent.probe()
    if (absentStatus.state !== 'unavailable') throw new Error('an engine answered')
    expect(absentStatus.failure.kind).toBe('engine-not-installed')
    expect(absentStatus.failure.values).not.toHaveProperty('dockerHost')
  })

  it('explains a tcp host that refuses connections', async () => {
    expect(await serviceFor('tcp://127.0.0.1:1').probe()).toMatchObject({
      state: 'unavailable',
      problem: 'unreachable',
      socketMissing: false,
    })
  })
})
