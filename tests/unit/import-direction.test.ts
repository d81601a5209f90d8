import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The folder tree is the architecture: imports run down it, never up, never in a circle. Read from the source itself
 * (every relative and `@shared` import of every .ts and .vue file), so a new upward import fails here, with its line.
 */
const root = resolve(__dirname, '../..')
const src = join(root, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@shared/') ? join(src, 'shared', spec.slice(8)) : resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // not this one
    }
  }
  return undefined
}

/** Every file's imports of the project's own files (a `?raw` asset is no module). */
const graph = new Map<string, string[]>()
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8')
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((s) => (s.startsWith('.') || s.startsWith('@shared/')) && !s.includes('?'))
  graph.set(
    file,
    specs.map((s) => resolveImport(file, s)).filter((f): f is string => f !== undefined),
  )
}
const rel = (f: string): string => relative(src, f)

/**
 * The layers, lowest first: a file may import its own folder and any layer below its own. Services are layered among
 * themselves too: what they know of each other runs one way (the runs know the engine, the proxy and the terminals'
 * commands; the resources, the GPU check and the tutorial know the runs).
 */
const LAYERS: Array<[string, RegExp]> = [
  ['shared', /^shared\//],
  ['util', /^main\/util\//],
  ['engine', /^main\/services\/engine\//],
  [
    'engine-proxy, registry, terminal, display, updater',
    /^main\/services\/(?:engine-proxy|registry|terminal|display|updater)\//,
  ],
  ['runs', /^main\/services\/runs\//],
  ['resources', /^main\/services\/resources\//],
  ['gpu, tutorial', /^main\/services\/(?:gpu|tutorial)\//],
  ['the services’ catalogue', /^main\/services\/services\.ts$/],
  ['rpc', /^main\/rpc\//],
  ['the composition root', /^main\/backend\.ts$/],
  ['transports, app, entry points', /^main\/(?:transports\/|app\/|index\.ts$|serve\.ts$|serve-args\.ts$)/],
  ['preload', /^preload\//],
  ['the renderer’s client and languages', /^renderer\/src\/(?:api|i18n)\//],
  ['the page’s start-up order (when the first view is drawn)', /^renderer\/src\/startup\//],
  ['the renderer’s logic', /^renderer\/src\/(?:book|keyboard|terminal)\//],
  ['the renderer’s stores', /^renderer\/src\/stores\//],
  ['the renderer’s composables and directives', /^renderer\/src\/(?:composables|directives)\//],
  ['the renderer’s components', /^renderer\/src\/components\//],
  ['the renderer’s page', /^renderer\/src\/(?:App\.vue|main\.ts)$/],
]

function layerOf(file: string): number {
  const at = LAYERS.findIndex(([, re]) => re.test(rel(file)))
  return at
}

describe('import direction', () => {
  it('knows every source file’s layer', () => {
    expect([...graph.keys()].filter((f) => layerOf(f) === -1).map(rel)).toEqual([])
  })

  it('has no import running up a layer, or across to a sibling of its own layer', () => {
    const wrong: string[] = []
    for (const [file, imports] of graph) {
      for (const target of imports) {
        const [a, b] = [layerOf(file), layerOf(target)]
        const sameFolder = dirname(file) === dirname(target) || dirname(target).startsWith(`${dirname(file)}/`)
        // The renderer and the preload reach main only through the contract in shared.
        const crossesProcess = /^(renderer|preload)\//.test(rel(file)) && /^main\//.test(rel(target))
        const siblingServices =
          b === a && !sameFolder && /^main\/services\//.test(rel(file)) && !sameLayerFolder(file, target)
        if (crossesProcess || (!sameFolder && b > a) || siblingServices) wrong.push(`${rel(file)} → ${rel(target)}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('has no circle of imports', () => {
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].map(rel).join(' → '))
        return
      }
      state.set(file, 'open')
      for (const next of graph.get(file) ?? []) visit(next, [...path, file])
      state.set(file, 'done')
    }
    for (const file of graph.keys()) visit(file, [])
    expect(circles).toEqual([])
  })
})

/** Two folders of one layer (engine-proxy and terminal) know nothing of each other; within one folder anything goes. */
function sameLayerFolder(file: string, target: string): boolean {
  const top = (f: string): string => rel(f).split('/').slice(0, 3).join('/')
  return top(file) === top(target)
}
