import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pieceText, utf16Units } from '../../src/renderer/src/terminal/output-piece'

describe('a piece of output in bytes', () => {
  it('counts, over the pieces its UTF-8 is cut into anywhere, exactly the text’s characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (text, cuts) => {
          const bytes = new TextEncoder().encode(text)
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
          const ends = [...at, bytes.length]
          const counts = ends.map((end, i) => utf16Units(bytes.subarray(i === 0 ? 0 : ends[i - 1], end)))
          // A lone surrogate is written as U+FFFD, one character as it was one code unit.
          expect(counts.reduce((a, b) => a + b, 0)).toBe(text.length)
        },
      ),
    )
  })

  it('reads as text', () => {
    expect(pieceText('as is')).toBe('as is')
    expect(pieceText(new TextEncoder().encode('容器😀'))).toBe('容器😀')
  })
})
