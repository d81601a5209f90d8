import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { compareOutput, referenceFor } from '@shared/tutorial/output-compare'
import { TEST_IMAGE } from '../support/test-image'

/** The learner's real output (the docker CLI against the private engine) beside Whalebook's typical one. */
describe('your output beside a typical one', () => {
  const host = inject('dockerHost')
  const tag = Math.random().toString(36).slice(2, 8)
  const cli = (line: string): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile('sh', ['-c', line], { env: { ...process.env, DOCKER_HOST: host } }, (e, out, err) =>
        e ? reject(new Error(`${line}: ${err}`)) : resolve(out),
      )
    })
  beforeAll(async () => {
    await cli(`docker run -d --name webserver-${tag} -p 80 nginx && docker volume create my-vol-${tag}`)
  })
  afterAll(async () => {
    await cli(`docker rm -f webserver-${tag}; docker volume rm -f my-vol-${tag}`).catch(() => '')
  })

  const statuses = async (
    line: string,
  ): Promise<Array<{ status: string; reasons: string[]; yours: string | null }>> => {
    const cmp = compareOutput(line, await cli(line))
    expect(cmp, line).toBeDefined()
    return cmp?.rows.map(({ status, reasons, yours }) => ({ status, reasons, yours })) ?? []
  }

  it('docker image ls: the nginx row aligned with the typical one, differing only in id, age and size', async () => {
    const rows = await statuses('docker image ls')
    expect(rows[0]?.status).toBe('same')
    const nginx = rows.find((r) => r.yours?.startsWith('nginx ') && r.yours.includes('latest'))
    expect(nginx).toMatchObject({ status: 'expected' })
    expect(nginx?.reasons).toEqual(expect.arrayContaining(['id']))
    // Rows only the example has (ubuntu:18.04 here is not pulled) and rows only yours are told apart.
    expect(rows.some((r) => r.status === 'missing')).toBe(true)
    expect(rows.some((r) => r.status === 'extra' && r.yours?.startsWith('whalebook/busybox'))).toBe(true)
    expect(rows.some((r) => r.status === 'unexpected')).toBe(false)
  })

  it('docker ps, docker volume ls and docker system df align by name, with nothing unexpected', async () => {
    for (const line of ['docker ps', 'docker volume ls', 'docker system df']) {
      const rows = await statuses(line)
      expect(
        rows.filter((r) => r.status === 'unexpected'),
        line,
      ).toEqual([])
    }
    const df = await statuses('docker system df')
    expect(df.filter((r) => r.status !== 'extra' && r.status !== 'missing').length).toBe(5)
  })

  it('docker volume inspect: field by field, the date and the path explained', async () => {
    const rows = await statuses(`docker volume inspect my-vol-${tag}`)
    expect(rows.find((r) => r.yours?.startsWith('"CreatedAt"'))).toMatchObject({
      status: 'expected',
      reasons: ['date'],
    })
    expect(rows.find((r) => r.yours?.startsWith('"Driver"'))).toMatchObject({ status: 'same' })
    // The typical volume is my-vol; this one has another name: the one difference that is the learner's own doing.
    expect(rows.find((r) => r.yours?.startsWith('"Name"'))).toMatchObject({ status: 'unexpected' })
  })

  it('knows which commands it has a typical output for', () => {
    expect(referenceFor('docker images')?.id).toBe('image-ls')
    expect(referenceFor('docker container ls -a')?.id).toBe('ps')
    expect(referenceFor('docker ps -q')).toBeUndefined()
    expect(referenceFor('docker run hello-world')?.id).toBe('hello-world')
    expect(referenceFor(`docker run ${TEST_IMAGE} true`)).toBeUndefined()
  })
})

describe('hello-world on a first run', () => {
  it('aligns the message line by line; the download before it is expected', () => {
    const first = `Unable to find image 'hello-world:latest' locally
latest: Pulling from library/hello-world
c1ec31eb5944: Pull complete
Digest: sha256:d211f485f2dd1dee407a80973c8f129f00d54604d2c90732e8e320e5038a0348
Status: Downloaded newer image for hello-world:latest

Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (arm64v8)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
`
    const rows = compareOutput('docker run hello-world', first)?.rows ?? []
    expect(rows.filter((r) => r.status === 'expected').map((r) => r.reasons)).toEqual([
      ['pull'],
      ['pull'],
      ['pull'],
      ['pull'],
      ['pull'],
    ])
    // Another machine's architecture: the typical line is missing, the learner's own is shown as theirs.
    expect(rows.filter((r) => r.status === 'missing').map((r) => r.typical?.trim())).toEqual(['(amd64)'])
    expect(rows.filter((r) => r.status === 'extra').map((r) => r.yours?.trim())).toEqual(['(arm64v8)'])
    expect(rows.filter((r) => r.status === 'same').length).toBeGreaterThan(10)
  })
})
