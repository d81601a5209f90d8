import { describe, expect, it } from 'vitest'
import { DockerFailure } from '@shared/contract'
import {
  explainEngineError,
  explainFailure,
  FAILURE_KINDS,
  FAILURE_TEXT,
  withDockerHostMissing,
  withLocalImage,
} from '@shared/docker/failure'
import { localImageMatch } from '@shared/docker/image-ref'

/** Messages as dockerd and the docker CLI print them (Docker 20.10 to 28), each with what it means. */
const PULLS: Array<[string, string, string | null]> = [
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
    'no-space',
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

/** The engine's and the CLI's own words (docker 20.10–27), as they end a failed command's output. */
const OUTPUT = {
  nameInUse:
    'docker: Error response from daemon: Conflict. The container name "/webserver" is already in use by container "3f1b0c2d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b". You have to remove (or rename) that container to be able to reuse that name.',
  portTaken:
    'docker: Error response from daemon: driver failed programming external connectivity on endpoint web (0123): Bind for 0.0.0.0:80 failed: port is already allocated.',
  socket:
    'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": dial unix /var/run/docker.sock: connect: permission denied',
  offline:
    'Unable to find image \'hello-world:latest\' locally\ndocker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host.',
  platform:
    "WARNING: The requested image's platform (linux/arm64/v8) does not match the detected host platform (linux/amd64) and no specific platform was requested\nexec /docker-entrypoint.sh: exec format error",
  disk: 'Error response from daemon: write /var/lib/docker/tmp/GetImageBlob123: no space left on device',
  noBash:
    'docker: Error response from daemon: OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "bash": executable file not found in $PATH: unknown.',
  typographic: "unknown shorthand flag: '\u2014' in \u2014name",
}

const unix = { socketKind: 'unix' as const, dockerInstalled: true }
const tcp = { socketKind: 'tcp' as const, dockerInstalled: true }

describe('the one classifier of docker failures', () => {
  it.each(PULLS)('a pull: %s', (message, kind, host) => {
    const failure = DockerFailure.parse(explainFailure('pull', { message }))
    expect(failure).toMatchObject({ kind, host, via: null })
    // The same words at the end of a terminal command's output read the same.
    expect(explainFailure('command', { message: `some output\n${message}\n` })).toMatchObject({ kind, host })
  })

  it('says whether the mirror or the upstream failed when mirrors are configured', () => {
    const mirrors = ['http://127.0.0.1:5000', 'https://mirror.example.com/']
    const pull = (message: string) => explainFailure('pull', { message, mirrors })
    expect(pull('Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused')).toMatchObject(
      {
        kind: 'refused',
        host: '127.0.0.1:5000',
        via: 'mirror',
      },
    )
    expect(
      pull('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host'),
    ).toMatchObject({ kind: 'dns', via: 'upstream' })
    // Another port on the same address is another server.
    expect(pull('dial tcp 127.0.0.1:5001: connect: connection refused')).toMatchObject({
      host: '127.0.0.1:5001',
      via: 'upstream',
    })
  })

  it('reads a failed command’s output once: the pull’s reason, never a second explanation beside it', () => {
    const run = [
      "Unable to find image 'nginx:latest' locally",
      'docker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host.',
      "See 'docker run --help'.",
    ].join('\r\n')
    expect(explainFailure('command', { message: run, commandLine: 'docker run nginx' })).toMatchObject({
      kind: 'dns',
      host: 'registry-1.docker.io',
      values: { image: 'nginx:latest' },
    })
    const build =
      'ERROR: failed to solve: nginx:alpine: failed to resolve source metadata for docker.io/library/nginx:alpine: failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/alpine": dial tcp 1.2.3.4:443: i/o timeout'
    expect(explainFailure('command', { message: build })).toMatchObject({ kind: 'timeout' })
    expect(explainFailure('command', { message: OUTPUT.offline })).toMatchObject({
      kind: 'dns',
      values: { image: 'hello-world:latest' },
    })
  })

  it('recognises the CLI’s and the engine’s own words, with the names they give', () => {
    const read = (message: string, commandLine?: string) => explainFailure('command', { message, commandLine })
    expect(read(OUTPUT.nameInUse)).toMatchObject({
      kind: 'name-in-use',
      values: { name: 'webserver', id: '3f1b0c2d4e5f' },
    })
    expect(read(OUTPUT.nameInUse)?.text.en.fix).toBe('Remove it first (docker rm -f webserver) or pick another --name.')
    expect(read(OUTPUT.nameInUse)?.text['zh-CN'].what).toBe('名为 webserver 的容器已经存在（3f1b0c2d4e5f）。')
    expect(read(OUTPUT.portTaken)).toMatchObject({ kind: 'port-allocated', values: { port: '80' } })
    expect(read(OUTPUT.socket)?.kind).toBe('engine-permission')
    expect(read(OUTPUT.platform)).toMatchObject({
      kind: 'platform',
      values: { platform: 'linux/arm64/v8', hostPlatform: 'linux/amd64' },
    })
    expect(read(OUTPUT.disk)?.kind).toBe('no-space')
    expect(read(OUTPUT.noBash)).toMatchObject({ kind: 'oci-executable', values: { executable: 'bash' } })
    expect(read('Error response from daemon: No such container: web')).toMatchObject({
      kind: 'no-such-container',
      values: { name: 'web' },
    })
    // The engine's and the CLI's words for a missing volume or network and a bad -p, as docker 28 prints them.
    expect(read('Error response from daemon: get data1: no such volume')).toMatchObject({
      kind: 'no-such-volume',
      values: { name: 'data1' },
    })
    expect(read('Error: No such volume: data1')).toMatchObject({ kind: 'no-such-volume', values: { name: 'data1' } })
    expect(read('Error response from daemon: network mynet not found\nexit status 1')).toMatchObject({
      kind: 'no-such-network',
      values: { name: 'mynet' },
    })
    expect(read("docker: invalid hostPort: 99999\n\nRun 'docker run --help' for more information")).toMatchObject({
      kind: 'invalid-port',
      values: { side: 'hostPort', value: '99999' },
    })
    expect(read('docker: invalid containerPort: abc')?.text.en.what).toBe(
      'The port mapping abc is not one docker can read (it says its containerPort is invalid).',
    )
    expect(read('docker: invalid ranges specified for container and host Ports: 3-5 and 1-2')).toMatchObject({
      kind: 'invalid-port',
      values: { value: '1-2:3-5' },
    })
    expect(read('ls: cannot access /nope: No such file or directory')).toBeNull()
    expect(read('all good')).toBeNull()
    // The book's own trap, not its symptom, when a step was run as printed.
    expect(read(OUTPUT.typographic, 'docker run \u2014name web nginx')?.kind).toBe('typographic-dash')
    expect(read(OUTPUT.typographic, 'docker run --name web nginx')?.kind).toBe('unknown-flag')
    expect(read('bash: -p: command not found', 'docker run -d \\ \n-p 80:80 nginx')?.kind).toBe('broken-continuation')
  })

  it('explains the CLI’s own refusals, typed or run, with the nearest command and the usage', () => {
    const read = (message: string, commandLine?: string) => explainFailure('command', { message, commandLine })
    // Docker 28's words, then 20.10's.
    const rnu = read("docker: unknown command: docker rnu\n\nRun 'docker --help' for more information")
    expect(rnu).toMatchObject({ kind: 'unknown-command', values: { command: 'rnu', suggestion: 'run' } })
    expect(rnu?.text.en.fix).toBe('Did you mean docker run? docker --help lists them all.')
    expect(rnu?.text['zh-CN'].fix).toBe('你是想输入 docker run 吗？docker --help 会列出所有命令。')
    expect(read("docker: 'imagess' is not a docker command.\nSee 'docker --help'")?.values).toMatchObject({
      command: 'imagess',
      suggestion: 'images',
    })
    expect(read('docker: unknown command: docker container lss\n\nUsage:  docker container\n')?.values).toMatchObject({
      command: 'container lss',
      suggestion: 'container ls',
    })
    // Nothing near: no suggestion, and the sentence that would carry it is left out, in both languages.
    const far = read("docker: unknown command: docker qwertyuiop\n\nRun 'docker --help' for more information")
    expect(far?.values.suggestion).toBeUndefined()
    expect(far?.text.en.fix).toBe('docker --help lists them all.')
    expect(far?.text['zh-CN'].fix).not.toMatch(/[{[]/)
    const stop = read(
      "docker: 'docker stop' requires at least 1 argument\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker stop --help' for more information",
    )
    expect(stop).toMatchObject({
      kind: 'missing-argument',
      values: {
        command: 'stop',
        least: '1',
        usage: 'docker stop [OPTIONS] CONTAINER [CONTAINER...]',
      },
    })
    // How many, in the learner's language: docker's own English phrase is never pasted into the Chinese sentence.
    expect(stop?.text['zh-CN'].what).toBe('docker stop 的参数个数不对（至少需要 1 个）。')
    expect(stop?.text.en.what).toBe('docker stop got the wrong number of arguments (it needs at least 1).')
    // A $(…) that listed nothing is the usual cause in the book's `docker image rm $(docker image ls -q …)`.
    expect(stop?.text['zh-CN'].fix).toContain('$(…)')
    // The CLI's wordings of a count: "requires 2 arguments" (docker 24+), "exactly", and a range.
    const tag = read(
      "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information",
    )
    expect(tag).toMatchObject({ kind: 'missing-argument', values: { command: 'tag', exactly: '2' } })
    expect(tag?.text['zh-CN'].what).toBe('docker tag 的参数个数不对（需要正好 2 个）。')
    // Too many is as wrong as too few: a $(…) that listed several where one is wanted.
    expect(tag?.text['zh-CN'].fix).toContain('列出了好几个')
    // Docker 20.10 to 24 quoted the command with double quotes and ended with a full stop.
    expect(read('"docker stop" requires at least 1 argument.\nSee \'docker stop --help\'.')).toMatchObject({
      kind: 'missing-argument',
      values: { command: 'stop', least: '1' },
    })
    expect(read("docker: 'docker exec' requires exactly 1 argument")?.values).toMatchObject({ exactly: '1' })
    const range = read("docker: 'docker network connect' requires at least 1 and at most 2 arguments")
    expect(range?.values).toMatchObject({ command: 'network connect', from: '1', to: '2' })
    expect(range?.text.en.what).toBe('docker network connect got the wrong number of arguments (it needs 1 to 2).')
    for (const failure of [stop, tag, range]) {
      expect(failure?.text['zh-CN'].what).not.toMatch(/argument|[{[]/)
      expect(failure?.text.en.what).not.toMatch(/[{[]/)
    }
    // A flag typed with nothing after it, long and short, in the CLI's own words.
    const format = read(
      "flag needs an argument: --format\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information",
      'docker ps -a --format',
    )
    expect(format).toMatchObject({ kind: 'missing-flag-value', values: { flag: '--format', command: 'ps' } })
    expect(format?.text['zh-CN'].what).toBe('选项 --format 后面缺少它的值。')
    expect(format?.text['zh-CN'].fix).toContain('docker ps --help')
    expect(
      read("flag needs an argument: 'e' in -e\n\nUsage:  docker run [OPTIONS] IMAGE", 'docker run -e'),
    ).toMatchObject({ kind: 'missing-flag-value', values: { flag: '-e' } })
    // The same words from a program in a container, where the line gave docker every value: not docker's refusal.
    expect(read('flag needs an argument: --config', 'docker run --rm myapp serve --config')?.kind).not.toBe(
      'missing-flag-value',
    )
    expect(read('Error response from daemon: container 4f2a9c0e1b3d is not running')).toMatchObject({
      kind: 'container-not-running',
      values: { name: '4f2a9c0e1b3d' },
    })
    // The engine names it by its whole id; the learner typed a name, and `docker start` takes that.
    const id = '8cff6a207aab3c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b883a'
    const stopped = `Error response from daemon: container ${id} is not running`
    const exec = explainFailure('command', { message: stopped, commandLine: 'docker exec -it mybox /bin/bash' })
    expect(exec).toMatchObject({ kind: 'container-not-running', values: { name: 'mybox' } })
    expect(exec?.text['zh-CN'].fix).toContain('docker start mybox')
    // No name typed, or two: docker's own short id.
    for (const commandLine of ['docker exec -it $(docker ps -lq) sh', 'docker exec a sh; docker exec b sh', '']) {
      expect(explainFailure('command', { message: stopped, commandLine })?.values.name).toBe(id.slice(0, 12))
    }
    // With no engine, through the terminal's proxy: docker's own words, naming where DOCKER_HOST points.
    const down = read(
      'Error response from daemon: Cannot connect to the Docker daemon at unix:///run/user/1000/docker.sock. Is the docker daemon running?',
    )
    expect(down).toMatchObject({ kind: 'engine-not-running', values: { address: 'unix:///run/user/1000/docker.sock' } })
    expect(down?.text.en.what).toContain('(unix:///run/user/1000/docker.sock)')
    expect(down?.text.en.fix).toContain('DOCKER_HOST')
  })

  it('tells a URL import’s failed download from a registry’s: no mirror is involved', () => {
    const message =
      'Error response from daemon: Get "http://example.com/exampleimage.tgz": dial tcp: lookup example.com on 127.0.0.53:53: no such host'
    const imported = explainFailure('command', {
      message,
      commandLine: 'docker import http://example.com/exampleimage.tgz example/imagerepo',
      mirrors: ['https://mirror.example.cn'],
    })
    expect(imported).toMatchObject({ kind: 'import-url', host: 'example.com', via: null })
    expect(imported?.text.en.what).toContain('http://example.com/exampleimage.tgz')
    // The same words after a pull are the registry's DNS failure.
    expect(explainFailure('command', { message, commandLine: 'docker pull example.com/x' })?.kind).toBe('dns')
  })

  it('reads the GPU test’s failures, a pull’s included', () => {
    const gpu = (message: string) => explainFailure('gpu', { message })
    expect(
      gpu('docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].')?.kind,
    ).toBe('gpu-no-toolkit')
    expect(gpu('unknown or invalid runtime name: nvidia')?.kind).toBe('gpu-no-runtime')
    expect(
      gpu(
        '(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.1:53: no such host',
      ),
    ).toMatchObject({ kind: 'dns', host: 'registry-1.docker.io' })
    expect(gpu('exit status 3')?.kind).toBe('other')
  })

  it.each([
    [{ code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, unix, 'engine-permission'],
    [{ code: 'ENOENT' }, unix, 'engine-not-running'],
    [{ code: 'ENOENT' }, { ...unix, dockerInstalled: false }, 'engine-not-installed'],
    [{ code: 'ECONNREFUSED' }, unix, 'engine-not-running'],
    [{ code: 'ECONNREFUSED' }, tcp, 'engine-unreachable'],
    [{ code: 'EHOSTUNREACH' }, tcp, 'engine-unreachable'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, tcp, 'engine-tls'],
    [
      { statusCode: 400, message: 'client version 1.12 is too old. Minimum supported API version is 1.24' },
      unix,
      'engine-api-version',
    ],
    [new Error('Timeout'), unix, 'engine-unreachable'],
    [
      {
        statusCode: 409,
        json: {
          message:
            'You cannot remove a running container 0123456789ab. Stop the container before attempting removal or force remove',
        },
      },
      unix,
      'in-use',
    ],
    [new Error('something else'), unix, 'other'],
  ])('the engine’s error %j → %s', (error, opts, expected) => {
    expect(explainEngineError(error, opts).kind).toBe(expected)
  })

  it('an engine not running where DOCKER_HOST names a missing socket: its fix, in both languages, kept in the record', () => {
    const url = 'unix:///nonexistent/docker.sock'
    const down = explainEngineError({ code: 'ENOENT' }, unix)
    // The witness: as classified, the fix is to start the usual engine.
    expect(down.text.en.fix).toContain('systemctl start docker')
    const told = withDockerHostMissing(down, url)
    expect(DockerFailure.parse(told)).toEqual(told)
    expect(told).toMatchObject({ kind: 'engine-not-running', values: { dockerHost: url } })
    expect(told.text.en).toEqual({
      what: down.text.en.what,
      fix: expect.stringContaining(`DOCKER_HOST is set to ${url}`),
    })
    expect(told.text['zh-CN'].fix).toContain(`环境变量 DOCKER_HOST 设为 ${url}`)
    for (const lang of ['en', 'zh-CN'] as const) expect(told.text[lang].fix).not.toContain('systemctl')
    // Any other failure is as it was: not installed (install first), or a refusal of another kind.
    const absent = explainEngineError({ code: 'ENOENT' }, { ...unix, dockerInstalled: false })
    expect(withDockerHostMissing(absent, url)).toBe(absent)
    const denied = explainEngineError({ code: 'EACCES' }, unix)
    expect(withDockerHostMissing(denied, url)).toBe(denied)
    // Another engine named by the command (`docker -H unix:///other.sock ps`) is that engine's failure.
    const other = explainFailure('command', {
      message: 'Cannot connect to the Docker daemon at unix:///other.sock. Is the docker daemon running?',
    })
    expect(other).toMatchObject({ kind: 'engine-not-running', values: { address: 'unix:///other.sock' } })
    if (!other) throw new Error('not explained')
    expect(withDockerHostMissing(other, url)).toBe(other)
    const same = explainFailure('command', {
      message: `Cannot connect to the Docker daemon at ${url}. Is the docker daemon running?`,
    })
    if (!same) throw new Error('not explained')
    expect(withDockerHostMissing(same, url).text.en.fix).toContain('DOCKER_HOST is set to')
  })

  it('keeps what it captures short, however long the hostile output', () => {
    const long = `${'noise '.repeat(5000)}No such container: ${'x'.repeat(3000)}`
    const failure = explainFailure('command', { message: long })
    expect(failure?.values.name?.length).toBeLessThanOrEqual(200)
    expect(failure?.message.length).toBeLessThanOrEqual(4000)
  })

  it('has both languages for every kind, every slot filled from the same names', () => {
    const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    const optional = (s: string) => [...s.matchAll(/\[\[(.*?)\]\]/g)].map((m) => slots(m[1] ?? ''))
    for (const kind of FAILURE_KINDS) {
      const { en, 'zh-CN': zh } = FAILURE_TEXT[kind]
      for (const part of ['what', 'fix'] as const) {
        expect(en[part], kind).not.toBe('')
        expect(slots(zh[part]), `${kind}.${part}`).toEqual(slots(en[part]))
        expect(optional(zh[part]), `${kind}.${part} [[…]]`).toEqual(optional(en[part]))
      }
    }
  })

  it('puts what the engine already has first: the image asked for, or one a typo away', () => {
    const local = ['ubuntu:latest', 'ubuntu:18.04', 'nginx:1.25', 'whalebook/busybox:latest']
    expect(localImageMatch('ubuntu:18.04', local)).toEqual({ here: 'ubuntu:18.04' })
    expect(localImageMatch('docker.io/library/ubuntu', local)).toEqual({ here: 'ubuntu:latest' })
    expect(localImageMatch('ubunt', local)).toEqual({ nearest: 'ubuntu' })
    // Another tag is another image; a short name is no typo of another; the engine's odd entries are no names.
    expect(localImageMatch('ubunt:22.04', local)).toEqual({})
    expect(localImageMatch('a', ['b:latest'])).toEqual({})
    expect(localImageMatch('ubunt', [42, null, '<none>:<none>', 'ubuntu:latest'])).toEqual({ nearest: 'ubuntu' })
    expect(localImageMatch('ngnix:1.25', local)).toEqual({ nearest: 'nginx:1.25' })
    expect(localImageMatch('whalebook/busybx', local)).toEqual({ nearest: 'whalebook/busybox' })
    // Nothing near, another registry's name, an id: nothing to add.
    expect(localImageMatch('redis', local)).toEqual({})
    expect(localImageMatch('4f2a9c0e1b3d', local)).toEqual({})
    const dns = explainFailure('command', {
      message:
        'Unable to find image \'ubunt:latest\' locally\ndocker: Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host.',
      commandLine: 'docker run -it ubunt',
    })
    expect(dns?.kind).toBe('dns')
    const typo = withLocalImage(dns as DockerFailure, 'ubunt', localImageMatch('ubunt', local))
    expect(typo.values).toMatchObject({ image: 'ubunt:latest', nearest: 'ubuntu' })
    expect(typo.text['zh-CN'].what).toMatch(
      /^本机没有 ubunt:latest，Docker 便去仓库下载它；本机有 ubuntu，你是想输入 ubuntu 吗？[^ ]/,
    )
    expect(typo.text.en.what.endsWith(dns?.text.en.what ?? '')).toBe(true)
    expect(typo.text.en.fix).toBe(dns?.text.en.fix)
    const here = withLocalImage(dns as DockerFailure, 'ubuntu:18.04', localImageMatch('ubuntu:18.04', local))
    expect(here.text.en.what).toMatch(
      /^ubuntu:18\.04 is already on this machine: there is no need to pull it; use it as it is\. /,
    )
    // Nothing here: the failure as it was (the positive witness above shows the same call adding to it).
    expect(withLocalImage(dns as DockerFailure, 'redis', localImageMatch('redis', local))).toEqual(dns)
  })
})
