import {
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  fsyncSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { atomicTempPath, isAtomicTemp } from '../../src/main/util/atomic-file'
import { bundledBook } from '../../src/main/services/tutorial/book-files'
import { ProgressStore } from '../../src/main/services/tutorial/progress-store'
import { BookSearch, plainMarkdown, tokenize } from '../../src/main/services/tutorial/search-index'
import { NOTES_NAME } from '@shared/tutorial/notes-name'
import { explainDockerRun } from '@shared/tutorial/docker-run'
import { dockerRunOf } from '@shared/docker/command'
import { fillPlaceholders, findPlaceholders, isUsableValue } from '@shared/tutorial/templates'

const book = bundledBook()
const search = new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en])

describe('book search', () => {
  it('tokenizes Chinese into bigrams and keeps English words', () => {
    expect(tokenize('数据卷 my-vol')).toEqual(['数据', '据卷', 'my-vol', 'my', 'vol'])
  })

  it('finds Chinese text without spaces', () => {
    const hits = search.search('数据卷', 'zh-CN')
    expect(hits[0]?.chapterId).toBe('2.7')
    expect(hits[0]?.snippet).toContain('数据卷')
    expect(search.search('构建上下文', 'zh-CN')[0]).toMatchObject({ chapterId: '2.4' })
  })

  it('finds English words, by prefix too, only in the edition asked for', () => {
    const hits = search.search('context', 'en')
    expect(hits[0]?.chapterId).toBe('2.4')
    expect(hits.every((h) => h.lang === 'en')).toBe(true)
    expect(search.search('volum', 'en').some((h) => h.chapterId === '2.7')).toBe(true)
  })

  it('shows a table as its cells in a hit, never its markdown', () => {
    expect(plainMarkdown('Text\n\n| 镜像 | 内容 |\n| --- | :-: |\n| `ros:jazzy` | 基础 \\| 工具 |\n')).toBe(
      'Text\n\n镜像 · 内容\nros:jazzy · 基础 | 工具\n',
    )
    // In a code block, a line is a command as written: a pipeline's | and YAML's --- stay.
    expect(plainMarkdown('```\n| grep x\n---\n```')).toBe('| grep x\n---')
    // Every hit on the book's own tables (chapter 4's addendum has one) reads as text.
    const hits = ['镜像', 'ros'].flatMap((q) => [...search.search(q, 'zh-CN'), ...search.search(q, 'en')])
    expect(hits.some((h) => h.chapterId === '4')).toBe(true)
    for (const h of hits) expect(h.snippet, h.snippet).not.toMatch(/\|\s*-{3,}|^\||\| \|/)
  })

  it('ranks the chapter about a word first, and the book’s text above Whalebook’s notes, which say whose they are', () => {
    // 镜像 (image): chapter 2.2 is "使用 Docker 镜像", and a short note of ours on it mentions 镜像 too.
    expect(search.search('镜像', 'zh-CN')[0]).toMatchObject({ chapterId: '2.2', section: '2.2 使用 Docker 镜像' })
    expect(search.search('image', 'en')[0]).toMatchObject({ chapterId: '2.2', section: '2.2 Using Docker images' })
    expect(search.search('容器', 'zh-CN')[0]?.chapterId).toBe('2.5')
    const notes = search.search('镜像', 'zh-CN').filter((h) => h.section === NOTES_NAME['zh-CN'])
    expect(notes.length).toBeGreaterThan(0)
    // Every hit shows what it found, in its snippet or its heading: none for a title word alone.
    for (const [q, lang] of [
      ['镜像', 'zh-CN'],
      ['容器', 'zh-CN'],
      ['image', 'en'],
      ['docker', 'en'],
    ] as const)
      for (const h of search.search(q, lang))
        expect(`${h.section} ${h.snippet}`.toLowerCase(), `${q}: ${h.chapterId} ${h.section}`).toContain(q)
    // The notes are found under their own name, first where only they have the word.
    expect(search.search('mirror', 'en')[0]).toMatchObject({ chapterId: '2.2', section: 'Notes from Whalebook' })
  })

  it('finds commands', () => {
    expect(search.search('docker commit', 'zh-CN')[0]?.chapterId).toBe('2.3')
    expect(search.search('nvidia-docker', 'en')[0]?.chapterId).toBe('3')
  })

  it('finds Whalebook’s addendum too, in its own section of the chapter', () => {
    expect(search.search('ROS_DOMAIN_ID', 'en')[0]).toMatchObject({
      chapterId: '4',
      slug: '2-run-the-talker-in-the-background',
    })
    expect(search.search('共享内存', 'zh-CN')[0]).toMatchObject({ chapterId: '4' })
  })

  it('finds the registry-mirror note in both editions, in either number (mirror, mirrors)', () => {
    for (const q of ['mirror', 'mirrors', 'registry mirror', 'Mirror']) {
      expect(search.search(q, 'en').map((h) => h.chapterId)).toContain('2.2')
    }
    expect(search.search('镜像加速器', 'zh-CN').map((h) => h.chapterId)).toContain('2.2')
    // Plurals meet their singular both ways.
    expect(search.search('registries', 'en').map((h) => h.chapterId)).toContain('2.6')
    expect(search.search('volume', 'en').map((h) => h.chapterId)).toContain('2.7')
  })

  it('snippets are the plain text a reader sees: no fences, no backticks, no link targets', () => {
    for (const [q, lang] of [
      ['docker commit', 'zh-CN'],
      ['WORKDIR', 'en'],
      ['nvidia-docker', 'en'],
      ['Docker Hub', 'en'],
      ['mirror', 'en'],
    ] as const) {
      const hits = search.search(q, lang)
      expect(hits.length).toBeGreaterThan(0)
      for (const h of hits) expect(h.snippet).not.toMatch(/```|`|\]\(https?:/)
    }
  })

  it('builds its index when first used, not when made (start-up waits for none of it), and finds the same', () => {
    const fresh = new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en])
    expect(fresh.ready).toBe(false)
    const hits = fresh.search('数据卷', 'zh-CN')
    expect(fresh.ready).toBe(true)
    expect(hits.length).toBeGreaterThan(0)
    expect(hits).toEqual(search.search('数据卷', 'zh-CN'))
    // Prepared ahead (main's idle moment after start-up), the same index serves every search after.
    const ahead = new BookSearch([...book.chapters['zh-CN'], ...book.chapters.en])
    const index = ahead.prepare()
    expect(ahead.ready).toBe(true)
    expect(ahead.prepare()).toBe(index)
    expect(ahead.search('context', 'en')).toEqual(search.search('context', 'en'))
  })

  it('returns nothing for nothing', () => {
    expect(search.search('   ')).toEqual([])
    expect(search.search('量子纠缠', 'zh-CN')).toEqual([])
  })
})

describe('progress store', () => {
  const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'wb-progress-')), 'progress.json')

  it('persists marks, inputs and the last location across restarts', () => {
    const file = fresh()
    const a = new ProgressStore(file, () => 42)
    a.mark('2.3/1', true, true)
    a.setInputs('1.2', { '[cname]': 'ws' })
    a.setLocation('2.3', '23-利用-commit-理解镜像构成')
    const b = new ProgressStore(file).get()
    expect(b.done).toEqual({ '2.3/1': { at: 42, auto: true } })
    expect(b.inputs).toEqual({ '1.2': { '[cname]': 'ws' } })
    expect(b.last).toEqual({ chapterId: '2.3', slug: '23-利用-commit-理解镜像构成' })
    expect(b.warning).toBeNull()
  })

  it('loses nothing when the process dies between write and rename', () => {
    const file = fresh()
    new ProgressStore(file).mark('1.1/1', true)
    // A write that gets as far as the synced temp file, then dies before the rename.
    const crashing = (target: string, data: string): void => {
      const fd = openSync(atomicTempPath(dirname(target)), 'w')
      writeSync(fd, data.slice(0, 10))
      fsyncSync(fd)
      closeSync(fd)
      throw new Error('killed')
    }
    const store = new ProgressStore(file, Date.now, crashing)
    expect(() => store.mark('1.1/2', true)).toThrow('killed')
    expect(store.get().done['1.1/2']).toBeUndefined()
    const reopened = new ProgressStore(file)
    expect(Object.keys(reopened.get().done)).toEqual(['1.1/1'])
    expect(readdirSync(join(file, '..')).filter(isAtomicTemp)).toEqual([])
  })

  it('sets a corrupt file aside with a warning instead of crashing', () => {
    const file = fresh()
    writeFileSync(file, '{"version":1,"done":{"1.1/1":')
    const store = new ProgressStore(file, () => 7)
    expect(store.get().warning).toMatch(/set aside as progress\.json\.corrupt-7/)
    expect(store.get().done).toEqual({})
    expect(existsSync(`${file}.corrupt-7`)).toBe(true)
    expect(readFileSync(`${file}.corrupt-7`, 'utf8')).toContain('"1.1/1"')
    store.mark('1.1/1', true)
    expect(new ProgressStore(file).get().warning).toBeNull()
  })
})

describe('templates and the docker run explainer', () => {
  it('fills templates and refuses multi-line values', () => {
    const cmd = 'docker run --name [cname] -it [image:tag] /bin/bash'
    expect(findPlaceholders(cmd)).toEqual(['[cname]', '[image:tag]'])
    expect(fillPlaceholders(cmd, { '[cname]': 'ws', '[image:tag]': 'ubuntu:24.04' })).toBe(
      'docker run --name ws -it ubuntu:24.04 /bin/bash',
    )
    expect(isUsableValue('ubuntu')).toBe(true)
    expect(isUsableValue('  ')).toBe(false)
    expect(isUsableValue('a\nrm -rf ~')).toBe(false)
    expect(findPlaceholders("echo '<h1>Hello, Docker!</h1>' > /usr/share/nginx/html/index.html")).toEqual([])
  })

  it('quotes every filled value for the terminal’s shell: a name is one word, options are their words', () => {
    const cmd = 'docker network rm [network]'
    expect(fillPlaceholders(cmd, { '[network]': 'x;id>pwned;#' })).toBe("docker network rm 'x;id>pwned;#'")
    expect(fillPlaceholders(cmd, { '[network]': "$(id)'`id`" })).toBe(`docker network rm '$(id)'\\''\`id\`'`)
    expect(fillPlaceholders(cmd, { '[network]': "it's" }, 'fish')).toBe("docker network rm 'it\\'s'")
    // A syntax line: the options are words, an optional part left out takes its space along.
    const syntax = 'docker image rm [选项] <镜像1> [<镜像2> ...]'
    expect(fillPlaceholders(syntax, { '[选项]': '-f --no-prune', '<镜像1>': 'a b', '[<镜像2> ...]': '' })).toBe(
      "docker image rm -f --no-prune 'a b' ",
    )
    expect(fillPlaceholders(syntax, { '[选项]': '--force; rm -rf ~', '<镜像1>': 'x', '[<镜像2> ...]': '' })).toBe(
      "docker image rm --force rm -rf '~' x ",
    )
    // A template inside quotes is text, and stays.
    expect(fillPlaceholders("echo '[name]' [name]", { '[name]': 'a b' })).toBe("echo '[name]' 'a b'")
  })

  it('explains each flag of docker run in both languages', () => {
    const r = explainDockerRun(
      'docker run -it --rm --name tf -v ~/mywork:/notebooks -p 8888:8888 tensorflow/tensorflow',
    )
    expect(r?.flags.map((f) => [f.flag, f.value])).toEqual([
      ['-i', null],
      ['-t', null],
      ['--rm', null],
      ['--name', 'tf'],
      ['-v', '~/mywork:/notebooks'],
      ['-p', '8888:8888'],
    ])
    expect(r?.image).toBe('tensorflow/tensorflow')
    expect(r?.flags[3]?.zh).toBe('容器名称')
    const gpu = explainDockerRun(
      'nvidia-docker run -d –u $(id –u):$(id –g) --name digits --shm-size=1g --ulimit memlock=-1 nvcr.io/nvidia/digits:17.06',
    )
    expect(gpu?.flags.map((f) => f.flag)).toEqual(['-d', '-u', '--name', '--shm-size', '--ulimit'])
    expect(gpu?.flags.find((f) => f.flag === '--shm-size')?.value).toBe('1g')
    expect(explainDockerRun('docker ps')).toBeNull()
  })

  it('reads -p80:80 as the command reader does: one flag with its value, then the image (they once disagreed)', () => {
    const line = 'docker run -itp80:80 --name=web -e A=1 nginx:1.25 sh -c "echo hi"'
    const explained = explainDockerRun(line)
    const read = dockerRunOf(line)
    expect(explained?.flags.map((f) => [f.flag, f.value])).toEqual([
      ['-i', null],
      ['-t', null],
      ['-p', '80:80'],
      ['--name', 'web'],
      ['-e', 'A=1'],
    ])
    expect(explained?.flags.map((f) => [f.flag, f.value])).toEqual(read?.flags.map((f) => [f.typed, f.value]))
    expect(explained?.image).toBe(read?.args[0])
    expect(explained?.image).toBe('nginx:1.25')
    expect(explained?.command).toEqual(['sh', '-c', 'echo hi'])
    expect(explainDockerRun('docker run -p80:80 nginx')?.flags).toEqual([
      expect.objectContaining({ flag: '-p', value: '80:80', en: 'publish a port (host:container)' }),
    ])
  })
})

describe('progress store in a folder it cannot use', () => {
  it('opens with a warning instead of failing, and saving says why it cannot', () => {
    // A "folder" that is a file: nothing can be created in it.
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'wb-progress-')), 'file')
    writeFileSync(notAFolder, '')
    const store = new ProgressStore(join(notAFolder, 'progress.json'))
    expect(store.get().warning).toMatch(/cannot be read here/)
    expect(() => store.mark('1.1/1', true)).toThrow(
      expect.objectContaining({ code: 'INTERNAL', message: expect.stringContaining('could not be saved') }),
    )
  })
})

describe('step ids as a Run sends them', () => {
  it('are held to the book’s form, and name their chapter', async () => {
    const { StepId } = await import('@shared/contract')
    const { chapterOfStep } = await import('@shared/tutorial/step-id')
    for (const id of ['2.3/4', 'refs/1', '1.1/12']) expect(StepId.safeParse(id).success).toBe(true)
    for (const other of ['', '2.3', '/1', '2.3/', 'step:2.3/1:x', '2.3/1/2', '../1', 'A.1/1']) {
      expect(StepId.safeParse(other).success).toBe(false)
    }
    expect(chapterOfStep('2.3/4')).toBe('2.3')
    expect(chapterOfStep('refs/1')).toBe('refs')
  })
})
