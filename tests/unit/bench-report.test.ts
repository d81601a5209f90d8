import { describe, expect, it } from 'vitest'
import { percentile } from '../../bench/report'

describe('percentile (nearest rank)', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => 20 - i)

  it('of 20 values takes the 19th for p95 and the 10th for p50, whatever their order', () => {
    expect(percentile(twenty, 95)).toBe(19)
    expect(percentile(twenty, 50)).toBe(10)
  })

  it('of 10 values can only give the largest for p95', () => {
    expect(percentile([5, 1, 9, 3, 7, 2, 8, 4, 6, 10], 95)).toBe(10)
  })

  it('stays within the values at either end', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1)
    expect(percentile([3, 1, 2], 100)).toBe(3)
    expect(percentile([], 50)).toBeNaN()
  })
})
