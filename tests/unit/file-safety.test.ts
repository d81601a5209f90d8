import { lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundledBook } from '../../src/main/services/tutorial/book-files'
import { PROGRESS_LIMITS, ProgressStore } from '../../src/main/services/tutorial/progress-store'
import { BookSearch } from '../../src/main/services/tutorial/search-index'
import type { AppActions } from '../../src/main/services/runs/app-actions'
import { TutorialService } from '../../src/main/services/tutorial/tutorial-service'
import { writeFileAtomic } from '../../src/main/util/atomic-file'
import { ensurePrivateDir } from '../../src/main/util/private-dir'

const book = bundledBook()
const search = new BookSearch([])
/** No effects tracker here: the app's actions claim nothing. */
const untrackedActions: AppActions = { begin: () => ({ claim: () => {}, end: () => {} }) }

function service(dataDir: string): TutorialService {
  return new TutorialService({
    book,
    search,
    progress: new ProgressStore(join(dataDir, 'progress.json')),
    labsDir: join(dataDir, 'labs'),
    attribution: '',
    onProgress: () => {},
    current: async () => ({ containers: [], images: [], volumes: [], networks: [], syncedAt: 0 }),
    removeResource: async () => {},
    actions: untrackedActions,
  })
}

/** The chapter with a Dockerfile block, and that block's index. */
function dockerfileBlock(): { chapterId: string; blockIndex: number } {
  for (const c of book.chapters['zh-CN']) {
    const i = c.blocks.findIndex((b) => b.kind === 'dockerfile')
    if (i !== -1) return { chapterId: c.id, blockIndex: i }
  }
  throw new Error('the book has no Dockerfile block')
}

describe('files the app writes never follow a planted symbolic link', () => {
  it('replaces a link at the destination instead of writing through it, and keeps the file private', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-atomic-'))
    const victim = join(dir, 'bashrc')
    writeFileSync(victim, 'the user’s own file\n')
    symlinkSync(victim, join(dir, 'progress.json'))
    writeFileAtomic(join(dir, 'progress.json'), '{"version":1}')
    expect(readFileSync(victim, 'utf8')).toBe('the user’s own file\n')
    expect(lstatSync(join(dir, 'progress.json')).isSymbolicLink()).toBe(false)
    expect(statSync(join(dir, 'progress.json')).mode & 0o777).toBe(0o600)
  })

  it('“Save to lab” with Dockerfile -> ~/.bashrc planted by a container leaves ~/.bashrc alone', () => {
    const data = mkdtempSync(join(tmpdir(), 'wb-data-'))
    const home = mkdtempSync(join(tmpdir(), 'wb-home-'))
    const bashrc = join(home, '.bashrc')
    writeFileSync(bashrc, 'export PS1=mine\n')
    const { chapterId, blockIndex } = dockerfileBlock()
    const tutorial = service(data)
    const lab = tutorial.labDir(chapterId)
    symlinkSync(bashrc, join(lab, 'Dockerfile'))
    const saved = tutorial.saveLabFile(chapterId, blockIndex)
    expect(readFileSync(bashrc, 'utf8')).toBe('export PS1=mine\n')
    expect(lstatSync(saved.path).isSymbolicLink()).toBe(false)
    expect(readFileSync(saved.path, 'utf8')).toMatch(/^\s*FROM /im)
    expect(statSync(saved.path).mode & 0o777).toBe(0o600)
  })

  it('refuses a lab folder that was replaced by a link', () => {
    const data = mkdtempSync(join(tmpdir(), 'wb-data-'))
    const elsewhere = mkdtempSync(join(tmpdir(), 'wb-elsewhere-'))
    const { chapterId, blockIndex } = dockerfileBlock()
    mkdirSync(join(data, 'labs'), { recursive: true })
    symlinkSync(elsewhere, join(data, 'labs', chapterId))
    expect(() => service(data).saveLabFile(chapterId, blockIndex)).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    )
  })

  it('keeps the data folder private (0700), tightening one the user owns', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wb-parent-')), 'whalebook')
    mkdirSync(dir, { mode: 0o755 })
    expect(ensurePrivateDir(dir)).toBeUndefined()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    // A folder that cannot be made (its parent is a file) is reported, not thrown.
    writeFileSync(join(dir, 'a-file'), '')
    expect(ensurePrivateDir(join(dir, 'a-file', 'whalebook'))).toMatch(/could not be prepared/)
  })
})

describe('progress cannot grow without bound', () => {
  it('takes only the book’s own step and chapter ids', () => {
    const tutorial = service(mkdtempSync(join(tmpdir(), 'wb-data-')))
    expect(() => tutorial.markStep('9.9/999', true)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    expect(() => tutorial.setInputs('99.9', { a: 'b' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    const step = book.chapters['zh-CN'][0]?.stepIds[0] ?? ''
    expect(tutorial.markStep(step, true).done[step]).toBeDefined()
  })

  it('caps the inputs remembered per chapter, and what a chapter is recorded to have created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-data-'))
    const store = new ProgressStore(join(dir, 'progress.json'))
    const many = Object.fromEntries(
      Array.from({ length: PROGRESS_LIMITS.inputsPerChapter + 1 }, (_, i) => [`k${i}`, 'v']),
    )
    expect(() => store.setInputs('2.3', many)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }))
    expect(store.get().inputs['2.3']).toBeUndefined()
    for (let round = 0; round < 3; round++) {
      const added = Array.from({ length: 400 }, (_, i) => ({
        kind: 'container' as const,
        id: `${round}-${i}`,
        name: `c${round}-${i}`,
      }))
      store.recordCreated('2.3', added, [])
    }
    expect(store.created('2.3')).toHaveLength(PROGRESS_LIMITS.createdPerChapter)
    expect(store.created('2.3').at(-1)?.id).toBe('2-399')
  })
})
