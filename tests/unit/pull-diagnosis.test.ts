import { describe, expect, it } from 'vitest'
import { PullProblem } from '@shared/contract'
import { diagnosePull, looksLikePullFailure, pullFailureLine } from '../../src/main/services/registry/pull-diagnosis'

/** Messages as dockerd and the docker CLI print them (Docker 20.10 to 28), each with what it means. */
const CASES: Array<[string, string, string | null]> = [
  [
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host',
    'dns',
    'registry-1.docker.io',
  ],
  [
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    'timeout',
    'registry-1.docker.io',
  ],
  [
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp 54.236.113.205:443: i/o timeout',
    'timeout',
    'registry-1.docker.io',
  ],
  [
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority',
    'tls',
    'registry-1.docker.io',
  ],
  [
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": proxyconnect tcp: dial tcp 10.0.0.1:3128: connect: connection refused',
    'proxy',
    'registry-1.docker.io',
  ],
  [
    'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    'rate-limited',
    null,
  ],
  [
    "Error response from daemon: pull access denied for trainning/webapp, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    'not-found-or-private',
    null,
  ],
  [
    'Error response from daemon: manifest for nginx:lates not found: manifest unknown: manifest unknown',
    'not-found',
    null,
  ],
  [
    'Error response from daemon: [DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default and will be removed in an upcoming release. Suggest the author of docker.io/training/webapp:latest to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2.',
    'v1-schema',
    null,
  ],
  [
    'Error response from daemon: not implemented: media type "application/vnd.docker.distribution.manifest.v1+prettyjws" is no longer supported since containerd v2.0, please rebuild the image as "application/vnd.docker.distribution.manifest.v2+json" or "application/vnd.oci.image.manifest.v1+json"',
    'v1-schema',
    null,
  ],
  [
    'Error response from daemon: no matching manifest for linux/arm64/v8 in the manifest list entries',
    'platform',
    null,
  ],
  [
    'docker: Error response from daemon: write /var/lib/docker/tmp/GetImageBlob2431: no space left on device.',
    'disk-full',
    null,
  ],
  [
    'Error response from daemon: Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client',
    'insecure-registry',
    '127.0.0.1:5000',
  ],
  ['Error response from daemon: unauthorized: authentication required', 'unauthorized', null],
  [
    // A private registry asking for a login (seen here from dockerd 26 against a registry answering 401).
    'Error response from daemon: Head "http://127.0.0.1:39297/v2/team/app/manifests/v1": no basic auth credentials',
    'unauthorized',
    '127.0.0.1:39297',
  ],
  [
    'Error response from daemon: Head "https://registry.example.com/v2/team/app/manifests/v1": unauthorized: ',
    'unauthorized',
    'registry.example.com',
  ],
]

describe('diagnosePull', () => {
  it.each(CASES)('%s', (message, kind, host) => {
    const problem = PullProblem.parse(diagnosePull(message))
    expect(problem).toMatchObject({ kind, host, via: null })
    expect(looksLikePullFailure(message)).toBe(true)
  })

  it('says whether the mirror or the upstream failed when mirrors are configured', () => {
    const mirrors = ['http://127.0.0.1:5000', 'https://mirror.example.com/']
    expect(
      diagnosePull('Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused', mirrors),
    ).toMatchObject({ kind: 'refused', host: '127.0.0.1:5000', via: 'mirror' })
    expect(
      diagnosePull(
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
        mirrors,
      ),
    ).toMatchObject({ kind: 'dns', via: 'upstream' })
    // Another port on the same address is another server.
    expect(diagnosePull('dial tcp 127.0.0.1:5001: connect: connection refused', mirrors)).toMatchObject({
      host: '127.0.0.1:5001',
      via: 'upstream',
    })
  })

  it('finds the failing line in a command’s output: docker run, and BuildKit’s docker build', () => {
    const run = [
      "Unable to find image 'nginx:latest' locally",
      'docker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host.',
      "See 'docker run --help'.",
    ].join('\r\n')
    expect(diagnosePull(pullFailureLine(run) ?? '')).toMatchObject({ kind: 'dns', host: 'registry-1.docker.io' })
    const build =
      'ERROR: failed to solve: nginx:alpine: failed to resolve source metadata for docker.io/library/nginx:alpine: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/alpine": dial tcp 1.2.3.4:443: i/o timeout'
    expect(diagnosePull(pullFailureLine(build) ?? '')).toMatchObject({ kind: 'timeout' })
  })

  it('does not take a program’s own failure for a pull', () => {
    expect(looksLikePullFailure('ls: cannot access /nope: No such file or directory')).toBe(false)
    expect(diagnosePull('exit status 3').kind).toBe('other')
  })
})
