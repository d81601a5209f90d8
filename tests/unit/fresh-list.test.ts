import { describe, expect, it } from 'vitest'
import { FreshList } from '../../src/main/services/resources/fresh-list'

interface Item {
  id: string
  state: string
}
const item = (id: string, state = 'running'): Item => ({ id, state })

describe('a list kept from listings that overlap', () => {
  it('a listing of a few ids changes only those: new ones in front, changed ones in place, absent ones gone', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('b'), item('a'), item('gone')])
    const changes = l.some(l.begin(), ['c', 'a', 'gone'], [item('c', 'created'), item('a', 'exited')])
    expect(changes).toEqual({ upserted: [item('c', 'created'), item('a', 'exited')], removed: ['gone'] })
    expect(l.list()).toEqual([item('c', 'created'), item('b'), item('a', 'exited')])
  })

  it('reports nothing for an item listed again unchanged, and ignores what it was not asked about', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a'), item('b')])
    // The engine's id filter matches prefixes: an item it was not asked for is not this listing's to judge.
    expect(l.some(l.begin(), ['a'], [item('a'), item('ab', 'exited')])).toEqual({ upserted: [], removed: [] })
    expect(l.list()).toEqual([item('a'), item('b')])
  })

  it('an older answer that ends later never puts back what a newer one changed', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a')])
    const older = l.begin()
    const newer = l.begin()
    l.some(newer, ['a'], [item('a', 'paused')])
    expect(l.some(older, ['a'], [item('a', 'running')])).toEqual({ upserted: [], removed: [] })
    expect(l.list()).toEqual([item('a', 'paused')])
  })

  it('an older whole listing neither brings back one a newer listing found gone nor drops one it found new', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a'), item('doomed')])
    const resync = l.begin()
    l.some(l.begin(), ['doomed', 'new'], [item('new')])
    // The resync's answer was read before: it still has the destroyed one, and not yet the new one.
    expect(l.whole(resync, [item('a'), item('doomed')])).toEqual({ upserted: [], removed: [] })
    expect(l.list()).toEqual([item('new'), item('a')])
  })

  it('an older listing of a few ids does not bring back one that a newer whole listing lacks', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a'), item('b')])
    const event = l.begin()
    l.whole(l.begin(), [item('a')])
    expect(l.some(event, ['b'], [item('b', 'exited')])).toEqual({ upserted: [], removed: [] })
    expect(l.list()).toEqual([item('a')])
  })

  it('a whole listing is the truth where nothing newer says otherwise, in the engine’s order', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a'), item('b')])
    const changes = l.whole(l.begin(), [item('c'), item('b', 'exited')])
    expect(changes).toEqual({ upserted: [item('c'), item('b', 'exited')], removed: ['a'] })
    expect(l.list()).toEqual([item('c'), item('b', 'exited')])
  })

  it('a failed listing changes nothing, and what was found gone is forgotten once no older listing is out', () => {
    const l = new FreshList<Item>()
    l.whole(l.begin(), [item('a'), item('b')])
    const failed = l.begin()
    l.some(l.begin(), ['b'], [])
    const held = (l as unknown as { heldBy: Map<string, number> }).heldBy
    expect(held.has('b')).toBe(true)
    l.abandon(failed)
    expect(held.has('b')).toBe(false)
    expect(l.list()).toEqual([item('a')])
  })
})
