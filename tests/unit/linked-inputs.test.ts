import { describe, expect, it } from 'vitest'
import { TutorialStep } from '@shared/contract'
import { forgottenByReset, rememberedValue, valuesToRemember } from '../../src/renderer/src/book/linked-inputs'
import { bundledBook } from '../../src/main/services/tutorial/book-files'

const book = bundledBook()
const step = (id: string): TutorialStep => {
  const found = book.chapters['zh-CN'].flatMap((c) => c.blocks.flatMap((b) => b.steps)).find((s) => s.id === id)
  if (!found) throw new Error(`no step ${id}`)
  return TutorialStep.parse(found)
}

describe('a chapter’s inputs that name the same kind of thing', () => {
  it('the container named where it is created fills the book’s other spellings of a container', () => {
    const saved = valuesToRemember(step('1.2/7'), { '[cname]': 'ws', '[image:tag]': 'ubuntu:24.04' })
    expect(saved).toEqual({
      '[cname]': 'ws',
      '@container': 'ws',
      '[image:tag]': 'ubuntu:24.04',
      '@image': 'ubuntu:24.04',
    })
    // `docker inspect <容器>`, `docker cp orders.txt [containername]:/order.txt`, `docker rm [containername]`.
    expect(rememberedValue(step('1.2/8'), '<容器>', saved)).toBe('ws')
    expect(rememberedValue(step('1.2/11'), '[containername]', saved)).toBe('ws')
    expect(rememberedValue(step('1.2/14'), '[containername]', saved)).toBe('ws')
    expect(rememberedValue(step('1.2/17'), '[image]', saved)).toBe('ubuntu:24.04')
  })

  it('a template’s own value comes before the last one named of its kind', () => {
    const saved = { '[containername]': 'mine', '@container': 'ws' }
    expect(rememberedValue(step('1.2/14'), '[containername]', saved)).toBe('mine')
    expect(rememberedValue(step('1.2/8'), '<容器>', saved)).toBe('ws')
  })

  it('a search term is nobody’s name, and an optional input stays empty', () => {
    expect(valuesToRemember(step('1.2/2'), { '[]': 'ubuntu' })).toEqual({ '[]': 'ubuntu' })
    const rm = step('2.2/8')
    const saved = { '@image': 'ubuntu:24.04' }
    expect(rememberedValue(rm, '<镜像1>', saved)).toBe('ubuntu:24.04')
    expect(rememberedValue(rm, '[<镜像2> ...]', saved)).toBeUndefined()
  })

  it('a step that asks for two of one kind gets neither from the other steps', () => {
    const tag: TutorialStep = {
      ...step('1.2/17'),
      command: 'docker tag <镜像1> <镜像2>',
      placeholders: ['<镜像1>', '<镜像2>'],
    }
    tag.inputs = {}
    const saved = { '@image': 'ubuntu:24.04' }
    expect(rememberedValue(tag, '<镜像1>', saved)).toBeUndefined()
    expect(rememberedValue(step('1.2/17'), '[image]', saved)).toBe('ubuntu:24.04')
  })

  it('nothing unusable is remembered (empty, or a control character)', () => {
    expect(valuesToRemember(step('1.2/7'), { '[cname]': ' ', '[image:tag]': 'a\u0003b' })).toEqual({})
  })

  it('a reset forgets a shown value by the key it was remembered under, as main forgets it', () => {
    // A container and an image both named nginx; the reset removed the image and kept the container.
    const before = { '[cname]': 'nginx', '@container': 'nginx', '[image:tag]': 'nginx', '@image': 'nginx' }
    const after = { '[cname]': 'nginx', '@container': 'nginx' }
    expect(forgottenByReset(step('1.2/7'), '[image:tag]', 'nginx', before, after)).toBe(true)
    expect(forgottenByReset(step('1.2/7'), '[cname]', 'nginx', before, after)).toBe(false)
    // `docker rmi [image]` showed it under the image kind's key: forgotten; `docker inspect <容器>` under the
    // container's: kept.
    expect(forgottenByReset(step('1.2/17'), '[image]', 'nginx', before, after)).toBe(true)
    expect(forgottenByReset(step('1.2/8'), '<容器>', 'nginx', before, after)).toBe(false)
    // A value typed and never remembered is not the reset's to forget; nor is an empty input.
    expect(forgottenByReset(step('1.2/17'), '[image]', 'typed', before, after)).toBe(false)
    expect(forgottenByReset(step('1.2/17'), '[image]', '', before, after)).toBe(false)
  })
})
