import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseApiPath } from '@shared/docker/api-path'
import {
  canonicalImageRef,
  imageKey,
  imageRepository,
  normalizedImageRef,
  parseImageRef,
  registryPath,
  sameImageRef,
} from '@shared/docker/image-ref'
import { JsonLines, loadedImage, parseJsonLines, streamError } from '@shared/docker/json-lines'

describe('image references', () => {
  it('names one image one way, as the engine does', () => {
    for (const same of [
      ['nginx', 'nginx:latest', 'library/nginx', 'docker.io/library/nginx:latest', 'index.docker.io/nginx'],
      ['team/app:v1', 'docker.io/team/app:v1'],
      ['localhost:5000/app', 'localhost:5000/app:latest'],
    ]) {
      expect(new Set(same.map(canonicalImageRef)).size, same.join(' ')).toBe(1)
    }
    expect(canonicalImageRef('docker.io/library/nginx')).toBe('nginx:latest')
    expect(canonicalImageRef('registry.example.com/library/nginx')).toBe('registry.example.com/library/nginx:latest')
    expect(canonicalImageRef(`busybox@sha256:${'a'.repeat(64)}`)).toBe(`busybox@sha256:${'a'.repeat(64)}`)
    expect(normalizedImageRef('ubuntu:18.04')).toBe('docker.io/library/ubuntu:18.04')
    expect(parseImageRef('Registry.Example.com/team/app:v2')).toEqual({
      domain: 'Registry.Example.com',
      path: 'team/app',
      tag: 'v2',
      digest: null,
    })
    expect(imageRepository('docker.io/library/redis:7')).toBe('redis')
    expect(sameImageRef('redis', 'docker.io/library/redis:latest')).toBe(true)
    expect(sameImageRef('redis:6', 'redis:7')).toBe(false)
    expect(imageKey('sha256:' + 'b'.repeat(64))).toBe('sha256:' + 'b'.repeat(64))
  })

  it('is idempotent: a canonical name is its own canonical name', () => {
    const part = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/)
    const ref = fc
      .tuple(
        fc.option(fc.constantFrom('docker.io', 'localhost:5000', 'registry.example.com', 'index.docker.io')),
        fc.array(part, { minLength: 1, maxLength: 3 }),
        fc.option(fc.stringMatching(/^\w[\w.-]{0,9}$/)),
      )
      .map(([domain, path, tag]) => `${domain ? `${domain}/` : ''}${path.join('/')}${tag ? `:${tag}` : ''}`)
    fc.assert(
      fc.property(ref, (r) => {
        const c = canonicalImageRef(r)
        expect(canonicalImageRef(c)).toBe(c)
        expect(canonicalImageRef(normalizedImageRef(r))).toBe(c)
      }),
    )
  })

  it('says where a registry keeps the manifest: Docker Hub names as library/…', () => {
    expect(registryPath('nginx')).toEqual({ name: 'library/nginx', reference: 'latest' })
    expect(registryPath('ubuntu:18.04')).toEqual({ name: 'library/ubuntu', reference: '18.04' })
    expect(registryPath('training/webapp')).toEqual({ name: 'training/webapp', reference: 'latest' })
    expect(registryPath(`busybox@sha256:${'a'.repeat(64)}`)).toEqual({
      name: 'library/busybox',
      reference: `sha256:${'a'.repeat(64)}`,
    })
    expect(registryPath('127.0.0.1:5000/team/app:v1')).toEqual({ name: 'team/app', reference: 'v1' })
  })
})

describe('Engine API paths', () => {
  it('takes the version prefix off in one place, and decodes each part', () => {
    expect(parseApiPath('/v1.45/containers/create?name=web')).toMatchObject({
      version: '1.45',
      path: '/containers/create',
      parts: ['containers', 'create'],
    })
    expect(parseApiPath('/v1.45/containers/create?name=web').query.get('name')).toBe('web')
    expect(parseApiPath('/images/team%2Fapp/json')).toMatchObject({
      version: null,
      parts: ['images', 'team/app', 'json'],
    })
    expect(parseApiPath('/v1.41')).toMatchObject({ version: '1.41', path: '/', parts: [] })
    expect(parseApiPath('/v1x/containers')).toMatchObject({ version: null, path: '/v1x/containers' })
    // The absolute form, which the engine routes by its path: read as that path.
    expect(parseApiPath('http://x/v1.41/containers/create?name=web')).toMatchObject({
      version: '1.41',
      parts: ['containers', 'create'],
    })
    expect(parseApiPath('HTTP://docker:2375')).toMatchObject({ path: '/', parts: [] })
    // Broken escapes stay as written rather than throwing.
    expect(parseApiPath('/containers/%E0%A4%A/json').parts[1]).toBe('%E0%A4%A')
  })
})

describe('JSON lines', () => {
  it('reads values split anywhere across chunks, skipping what is not JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), (values, cuts) => {
        const text = values.map((v) => `${JSON.stringify(v)}\nnot json\n`).join('')
        const seen: unknown[] = []
        const reader = new JsonLines((v) => seen.push(v))
        let at = 0
        for (const cut of [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
          reader.push(text.slice(at, Math.max(at, cut)))
          at = Math.max(at, cut)
        }
        expect(seen).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))))
      }),
    )
  })

  it('drops a line longer than its bound, and reads the last line at the end', () => {
    const seen: unknown[] = []
    const reader = new JsonLines((v) => seen.push(v), 16)
    reader.push(`"${'x'.repeat(100)}`)
    reader.push('"\n{"a":1}\n{"b":2}')
    reader.end()
    expect(seen).toEqual([{ a: 1 }, { b: 2 }])
  })

  it('names the images a load reports and the errors a stream reports', () => {
    const lines = parseJsonLines<{ stream?: string; error?: string }>(
      '{"stream":"Loaded image: nginx:latest\\n"}\n{"stream":"Loaded image ID: sha256:abc\\n"}\n{"errorDetail":{"message":"bad"},"error":"bad"}\n',
    )
    expect(lines.map(loadedImage)).toEqual(['nginx:latest', 'sha256:abc', undefined])
    expect(lines.map(streamError)).toEqual([undefined, undefined, 'bad'])
  })
})
