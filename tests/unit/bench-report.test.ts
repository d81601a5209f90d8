import { describe, expect, it } from 'vitest'
import { cutTo, limitGoal, percentile } from '../../bench/report'

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

describe('a figure shown against its goal', () => {
  it('reads as it is judged: cut toward the side that fails, at the places shown', () => {
    const shown = (goal: ReturnType<typeof limitGoal>, v: number, f: number) => [goal.shown?.(v).toFixed(f), goal.ok(v)]
    const ratio = limitGoal('≥', 0.95, 2)
    expect(shown(ratio, 0.948, 2)).toEqual(['0.94', false])
    expect(shown(ratio, 0.95, 2)).toEqual(['0.95', true])
    expect(shown(ratio, 0.999, 2)).toEqual(['0.99', true])
    const frame = limitGoal('≤', 16.7, 1)
    expect(shown(frame, 16.72, 1)).toEqual(['16.8', false])
    expect(shown(frame, 16.7, 1)).toEqual(['16.7', true])
    expect(shown(frame, 16.61, 1)).toEqual(['16.7', true])
    const echo = limitGoal('<', 25, 1)
    expect(shown(echo, 24.99, 1)).toEqual(['24.9', true])
    expect(shown(echo, 25.04, 1)).toEqual(['25.0', false])
    // A figure exactly on a step stays on it, whatever the binary fraction makes of it.
    expect(cutTo(0.29, 2, 'down')).toBe(0.29)
    expect(cutTo(0.29, 2, 'up')).toBe(0.29)
  })
})
