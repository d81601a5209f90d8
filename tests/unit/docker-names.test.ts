import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { methods } from '@shared/contract'
import { isImageRef, isObjectName } from '../../src/shared/docker-names'
import { dockerExecShellArgs } from '../../src/main/services/resources/docker-argv'
import type { Resources } from '@shared/contract'
import { pickableNames } from '../../src/renderer/src/book/pickable-names'
import { placeholderKind } from '@shared/tutorial/input-kind'

describe('resource names by the engine’s grammar', () => {
  it('accepts the book’s images and the forms the distribution grammar allows', () => {
    for (const ref of [
      'ubuntu:18.04',
      'nginx',
      'nginx:alpine',
      'nginx:v2',
      'training/webapp',
      'hello-world',
      'nvidia/cuda:11.0-base',
      '127.0.0.1:5000/ubuntu:latest',
      'localhost:5000/team/app_v2:1.0-rc.1',
      'registry.example.com/a/b/c',
      '[::1]:5000/x:y',
      `busybox@sha256:${'a'.repeat(64)}`,
      `sha256:${'0'.repeat(64)}`,
      'f0e1d2c3',
    ]) {
      expect(isImageRef(ref), ref).toBe(true)
    }
  })

  it('refuses options, shell syntax, traversal and what the engine itself refuses', () => {
    for (const bad of [
      '-rf',
      '--privileged',
      'a b',
      'nginx;rm -rf /',
      '$(id)',
      'Ubuntu',
      'ubuntu:',
      'ubuntu::1',
      '../../etc/passwd',
      'a/../b',
      'a//b',
      '',
      `x:${'t'.repeat(129)}`,
      'nginx\n',
    ]) {
      expect(isImageRef(bad), JSON.stringify(bad)).toBe(false)
    }
    for (const bad of ['-it', '--rm', 'web server', '/etc', 'a/b', '.hidden', 'x'.repeat(256), 'ü', '']) {
      expect(isObjectName(bad), JSON.stringify(bad)).toBe(false)
    }
    for (const good of ['webserver', 'my_vol.1', 'abc-DEF', 'a'.repeat(64)]) expect(isObjectName(good)).toBe(true)
  })

  it('property: nothing that starts with "-" or holds whitespace or a shell metacharacter passes either grammar', () => {
    const risky = fc
      .tuple(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('-', ' ', '\t', '\n', ';', '|', '&', '$', '`', '>', '/../'),
        fc.string({ maxLength: 20 }),
      )
      .map(([a, b, c]) => (b === '-' ? `-${a}${c}` : `${a}${b}${c}`))
    fc.assert(
      fc.property(risky, (value) => {
        expect(isObjectName(value)).toBe(false)
        expect(isImageRef(value)).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })

  it('holds every resource call to them, and puts -- before the id on a command line', () => {
    const bad = { kind: 'container', id: '--privileged' }
    expect(methods['resources.inspect'].params.safeParse(bad).success).toBe(false)
    expect(methods['resources.inspect'].params.safeParse({ kind: 'image', id: 'ubuntu:18.04' }).success).toBe(true)
    expect(methods['resources.inspect'].params.safeParse({ kind: 'volume', id: 'ubuntu:18.04' }).success).toBe(false)
    expect(methods['resources.execShell'].params.safeParse({ id: '-it', cols: 80, rows: 24 }).success).toBe(false)
    expect(methods['resources.remove'].params.safeParse({ kind: 'image', id: 'a b' }).success).toBe(false)
    expect(methods['resources.stats'].params.safeParse({ ids: ['ok', '-x'] }).success).toBe(false)
    expect(methods['resources.pull'].params.safeParse({ image: '--help' }).success).toBe(false)
    expect(dockerExecShellArgs('webserver')).toEqual(['exec', '-it', '--', 'webserver', 'sh'])
  })
})

describe('the names a template input offers to pick', () => {
  it('are only the engine’s names that pass its grammars: a network named x;id>pwned;# is never offered', () => {
    const state = {
      containers: [],
      images: [{ id: 'sha256:1', tags: ['nginx:latest', '<none>:<none>'], size: 1, created: 0 }],
      volumes: [],
      networks: [
        { id: 'n1', name: 'x;id>pwned;#', driver: 'bridge', scope: 'local' },
        { id: 'n2', name: '$(id)', driver: 'bridge', scope: 'local' },
        { id: 'n3', name: 'lab-net', driver: 'bridge', scope: 'local' },
      ],
      syncedAt: 0,
    } as unknown as Resources
    expect(pickableNames(placeholderKind('<网络名>'), state)).toEqual(['lab-net'])
    expect(pickableNames(placeholderKind('[image]'), state)).toEqual(['nginx:latest'])
    expect(pickableNames(placeholderKind('[选项]'), state)).toBeUndefined()
  })
})
