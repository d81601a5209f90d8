import { describe, expect, it } from 'vitest'
import { KeptResource, ResetPreview, type ContainerSummary, type Resources } from '@shared/contract'
import { rememberedKind } from '@shared/tutorial/input-kind'
import { namesRemoved, planReset, previewOf, type Touched } from '../../src/main/services/tutorial/reset-plan'

const container = (id: string, name: string, imageId: string): ContainerSummary => ({
  id,
  name,
  image: imageId,
  imageId,
  state: 'exited',
  status: 'Exited (0)',
  startedAt: null,
  finishedAt: null,
  exitCode: 0,
  ports: [],
  mounts: [],
  created: 0,
})

function engine(parts: Partial<Resources>): Resources {
  return { containers: [], images: [], volumes: [], networks: [], syncedAt: 1, ...parts }
}

describe('planReset: Reset removes only what the chapter created, and says why it keeps the rest', () => {
  const web = container('c1', 'web', 'sha256:made')
  const theirs = container('c2', 'theirs', 'sha256:made')
  const now = engine({
    containers: [web, theirs, container('c3', 'old', 'sha256:nginx')],
    images: [
      { id: 'sha256:made', tags: ['made:v1'], size: 1, created: 0 },
      { id: 'sha256:nginx', tags: ['nginx:latest', 'mine:v1'], size: 1, created: 0 },
      { id: 'sha256:rebuilt', tags: ['app:v1'], size: 1, created: 0 },
      { id: 'sha256:lonely', tags: [], size: 1, created: 0 },
    ],
    volumes: [
      { name: 'data', driver: 'local', mountpoint: '/x', usedBy: ['web'] },
      { name: 'shared', driver: 'local', mountpoint: '/y', usedBy: ['theirs'] },
      { name: 'mine', driver: 'local', mountpoint: '/z', usedBy: [] },
    ],
    networks: [{ id: 'n1', name: 'lab', driver: 'bridge', scope: 'local' }],
  })

  it('removes what the steps created (containers first), keeps what was there before, what others use, and renamed names', () => {
    const touched: Touched[] = [
      { kind: 'volume', id: 'data', name: 'data' },
      { kind: 'image', id: 'sha256:made', name: 'made:v1' },
      { kind: 'container', id: 'c1', name: 'web' },
      { kind: 'container', id: 'c3', name: 'old', hadBefore: true },
      { kind: 'image', id: 'sha256:nginx', name: 'nginx:latest', hadBefore: true },
      { kind: 'image', id: 'sha256:nginx', name: 'mine:v1' },
      { kind: 'image', id: 'sha256:first', name: 'app:v1' },
      { kind: 'image', id: 'sha256:lonely', name: 'gone:v1' },
      { kind: 'volume', id: 'shared', name: 'shared' },
      { kind: 'volume', id: 'mine', name: 'mine' },
      { kind: 'network', id: 'n1', name: 'lab' },
      { kind: 'container', id: 'vanished', name: 'vanished' },
    ]
    const plan = planReset(touched, now)
    expect(plan.remove.map((r) => `${r.kind} ${r.name} → ${r.target}`)).toEqual([
      'container web → c1',
      // A name the step gave an image it had: only that name goes (rmi by name untags, never forced).
      'image mine:v1 → mine:v1',
      // An image left with no name at all is still the step's own.
      'image gone:v1 → sha256:lonely',
      // Used only by `web`, which goes first.
      'volume data → data',
      'volume mine → mine',
      'network lab → n1',
    ])
    expect(plan.keep).toEqual([
      { kind: 'container', id: 'c3', name: 'old', reason: 'had-before', by: [] },
      { kind: 'image', id: 'sha256:made', name: 'made:v1', reason: 'in-use', by: ['theirs'] },
      { kind: 'image', id: 'sha256:nginx', name: 'nginx:latest', reason: 'had-before', by: [] },
      { kind: 'image', id: 'sha256:first', name: 'app:v1', reason: 'renamed', by: [] },
      { kind: 'volume', id: 'shared', name: 'shared', reason: 'in-use', by: ['theirs'] },
    ])
    for (const k of plan.keep) KeptResource.parse(k)
    // What leaves main is the contract's shape: no engine targets.
    const preview = previewOf(plan)
    expect(ResetPreview.parse(preview)).toEqual(preview)
    expect(preview.remove[0]).toEqual({ kind: 'container', id: 'c1', name: 'web' })
  })

  it('matches image names as the engine does (docker.io/library/nginx is nginx:latest)', () => {
    const plan = planReset(
      [{ kind: 'image', id: 'sha256:made', name: 'docker.io/library/made:v1' }],
      engine({ images: now.images }),
    )
    expect(plan.remove.map((r) => r.target)).toEqual(['docker.io/library/made:v1'])
  })

  it('says nothing would be removed when nothing the steps created is left', () => {
    expect(planReset([{ kind: 'container', id: 'x', name: 'x' }], now)).toEqual({ remove: [], keep: [] })
  })
})

describe('namesRemoved: a step input that named what Reset removed', () => {
  const id = 'a1b2c3d4e5f6'.padEnd(64, '0')
  const gone = [
    { kind: 'container' as const, id, name: 'webserver', target: id },
    { kind: 'image' as const, id: `sha256:${'f'.repeat(64)}`, name: 'nginx:v2', target: 'nginx:v2' },
  ]
  it('a container by name, by id or its shown prefix; an image by any spelling of the reference removed', () => {
    for (const v of ['webserver', id, 'a1b2c3d4e5f6', 'nginx:v2', 'docker.io/library/nginx:v2'])
      expect(namesRemoved(v, gone), v).toBe(true)
  })
  it('and nothing else: another name or tag, too short a prefix, an image by id (it may have kept other names)', () => {
    for (const v of [
      'webserver2',
      'nginx',
      'nginx:latest',
      'a1b2c3',
      '',
      '  ',
      'ffffffffffff',
      `sha256:${'f'.repeat(64)}`,
    ])
      expect(namesRemoved(v, gone), v).toBe(false)
  })
  it('an image removed by id (no name left) by its id too: it is gone', () => {
    const image = `sha256:${'d'.repeat(64)}`
    const byId = [{ kind: 'image' as const, id: image, name: 'old:tag', target: image }]
    expect(namesRemoved('dddddddddddd', byId)).toBe(true)
    expect(namesRemoved(image, byId)).toBe(true)
    // The witness: the same id, the image removed by one of its names, stays named.
    expect(namesRemoved('dddddddddddd', [{ ...byId[0]!, target: 'old:tag' }])).toBe(false)
  })

  it('only of the kind the input names, where known; a search term names nothing', () => {
    const both = [
      { kind: 'image' as const, id: `sha256:${'e'.repeat(64)}`, name: 'nginx:latest', target: 'nginx:latest' },
      { kind: 'volume' as const, id: 'data', name: 'data', target: 'data' },
    ]
    expect(namesRemoved('nginx', both, 'container')).toBe(false)
    expect(namesRemoved('nginx', both, 'image')).toBe(true)
    expect(namesRemoved('nginx', both)).toBe(true)
    expect(namesRemoved('data', both, 'term')).toBe(false)
    expect(namesRemoved('data', both, 'volume')).toBe(true)
    // The kind of what a chapter remembers: by its kind key, or by the template's spelling.
    expect(rememberedKind([], '@container')).toBe('container')
    expect(rememberedKind([], '@nothing')).toBeUndefined()
    expect(rememberedKind([], '[cname]')).toBe('container')
    expect(rememberedKind([], '<数据卷>')).toBe('volume')
  })
})
