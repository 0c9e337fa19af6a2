import { describe, expect, it } from 'vitest'
import { legendTicks } from './legend.ts'

describe('legendTicks', () => {
  it('gives round USD steps below the clip level (linear, sqrt)', () => {
    expect(legendTicks(9.1e6, 'linear', 6)).toEqual([2e6, 4e6, 6e6, 8e6])
    expect(legendTicks(9.1e6, 'sqrt', 6)).toEqual([2e6, 4e6, 6e6, 8e6])
  })

  it('gives 1-2-5 decades over the three decades of the log scale', () => {
    expect(legendTicks(1e6, 'log', 6)).toEqual([1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5])
    expect(legendTicks(1e6, 'log', 2)).toEqual([1e3, 1e4, 1e5])
  })

  it('gives nothing without a positive max', () => {
    expect(legendTicks(0, 'linear')).toEqual([])
  })
})
