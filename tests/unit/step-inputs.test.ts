import { describe, expect, it } from 'vitest'
import { TutorialStep } from '@shared/contract'
import { argumentRoles, readDockerCommand, usageArguments } from '@shared/docker/command'
import { words } from '@shared/docker/shell'
import { bookInputs } from '@shared/tutorial/step-inputs'
import { fillPlaceholders } from '@shared/tutorial/templates'
import { bundledBook } from '../../src/main/services/tutorial/book-files'

const book = bundledBook()
const step = (lang: 'zh-CN' | 'en', id: string): TutorialStep => {
  const found = book.chapters[lang].flatMap((c) => c.blocks.flatMap((b) => b.steps)).find((s) => s.id === id)
  if (!found) throw new Error(`no step ${id}`)
  return TutorialStep.parse(found)
}

describe('which arguments name what, from the CLI’s usage lines (the one command reader)', () => {
  it('reads containers, images and terms, required or not', () => {
    expect(usageArguments('stop')).toEqual([{ role: 'container', required: true, repeats: true }])
    expect(usageArguments('search')).toEqual([{ role: 'term', required: true, repeats: false }])
    expect(usageArguments('tag')[0]?.role).toBe('image')
    expect(usageArguments('exec')[0]).toEqual({ role: 'container', required: true, repeats: false })
    expect(usageArguments('network connect').map((u) => u.role)).toEqual(['network', 'container'])
    const rm = readDockerCommand(words('docker rm -f a b c'))
    expect(rm && argumentRoles(rm)).toEqual(['container', 'container', 'container'])
    const exec = readDockerCommand(words('docker exec -it web bash -c ls'))
    expect(exec && argumentRoles(exec)).toEqual(['container', null, null, null])
  })
})

describe('every step runs as printed or says why not', () => {
  it.each(['zh-CN', 'en'] as const)('%s: bare stop/start/restart get a container input', (lang) => {
    const container = lang === 'en' ? '<container>' : '<容器>'
    for (const id of ['2.5/2', '2.5/5', '2.5/6']) {
      const s = step(lang, id)
      expect(s.command).toMatch(new RegExp(`^docker container (stop|start|restart) ${container}$`))
      expect(s.placeholders).toEqual([container])
      expect(s.inputs?.[container]).toEqual({ kind: 'container', book: null })
    }
  })

  it.each(['zh-CN', 'en'] as const)('%s: the book’s own ids and names become inputs, with the book’s value', (lang) => {
    const container = lang === 'en' ? '<container>' : '<容器>'
    expect(step(lang, '2.5/9').command).toBe(`docker exec -it ${container} bash`)
    expect(step(lang, '2.5/9').inputs?.[container]).toEqual({ kind: 'container', book: '69d1' })
    expect(step(lang, '2.5/10').command).toBe(`docker export ${container} > ubuntu.tar`)
    expect(step(lang, '2.5/10').inputs?.[container]).toEqual({ kind: 'container', book: '7691a814370e' })
    // A name docker generated on the author's machine, which no step of the book creates.
    expect(step(lang, '2.5/13').inputs?.[container]?.book).toBe('trusting_newton')
    // A name the book's steps create (`--name webserver` in 2.3) stays as printed.
    const webserver = book.chapters[lang]
      .flatMap((c) => c.blocks.flatMap((b) => b.steps))
      .filter((s) => /docker exec -it webserver bash/.test(s.command))
    expect(webserver.length).toBeGreaterThan(0)
  })

  it('`docker search []` is a search term, not a `[]`', () => {
    expect(step('en', '1.2/2').inputs?.['[]']).toEqual({ kind: 'term', book: null })
    expect(step('zh-CN', '1.2/2').inputs?.['[]']).toEqual({ kind: 'term', book: null })
  })

  it('a value picked or typed is quoted as one word', () => {
    const { command, inputs } = bookInputs('docker exec -it 69d1 bash', new Set(), 'en')
    expect(Object.keys(inputs)).toEqual(['<container>'])
    expect(fillPlaceholders(command, { '<container>': 'x; rm -rf ~' })).toBe("docker exec -it 'x; rm -rf ~' bash")
  })

  it('leaves alone what runs as printed: expansions, quoted words, names the book creates, images by name', () => {
    const known = new Set(['web'])
    for (const line of [
      'docker stop $(docker ps -a -q)',
      'docker logs web',
      "docker logs 'some name'",
      'docker run -it ubuntu:18.04 bash',
      'docker rmi nginx:v2',
      'docker ps -a',
    ])
      expect(bookInputs(line, known, 'en')).toEqual({ command: line, inputs: {} })
    expect(bookInputs('docker rmi 7691a814370e', known, 'en').inputs).toEqual({
      '<image>': { kind: 'image', book: '7691a814370e' },
    })
  })
})
