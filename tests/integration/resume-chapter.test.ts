import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BackendHarness } from '../support/backend-harness'

/** `tutorial.chapter` without an id: where the reader left off, which a first view asks for before the progress comes. */
describe('the chapter the reader left off in', () => {
  let h: BackendHarness
  beforeAll(() => {
    h = new BackendHarness(inject('dockerHost'))
  })
  afterAll(async () => {
    await h.dispose()
  })

  it('is the book’s first chapter before any, then the last one opened, in the edition asked for', async () => {
    const first = await h.call('tutorial.chapter', { lang: 'zh-CN' })
    expect(first.id).toBe((await h.call('tutorial.chapters', { lang: 'zh-CN' }))[0]?.id)
    expect(first.lang).toBe('zh-CN')
    await h.call('tutorial.setLocation', { chapterId: '2.3' })
    const resumed = await h.call('tutorial.chapter', { lang: 'en' })
    expect(resumed.id).toBe('2.3')
    expect(resumed.lang).toBe('en')
    expect(resumed).toEqual(await h.call('tutorial.chapter', { id: '2.3', lang: 'en' }))
  })

  it('still refuses a chapter that is not in the book, by its id', async () => {
    await expect(h.call('tutorial.chapter', { id: '9.9', lang: 'en' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(h.call('tutorial.chapter', { lang: 'en' })).resolves.toMatchObject({ id: '2.3' })
  })
})
