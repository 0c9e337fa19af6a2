import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  findPeaks,
  pearsonCorr,
  peakDistanceBins,
  topShareCaptured,
  wasserstein1,
} from './metrics.ts'

const pointMass = (n: number, i: number, w = 1): number[] =>
  Array.from({ length: n }, (_, k) => (k === i ? w : 0))

describe('wasserstein1', () => {
  it('is the distance between two point masses, whatever their weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 49 }),
        fc.integer({ min: 0, max: 49 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 1e6, noNaN: true }),
        (i, j, step, w) => {
          expect(wasserstein1(pointMass(50, i, w), pointMass(50, j), step)).toBeCloseTo(
            Math.abs(i - j) * step,
            6,
          )
        },
      ),
    )
  })

  it('between a uniform spread over n bins and a point mass at its end is (n − 1)/2 bins', () => {
    const n = 11
    const uniform = Array.from({ length: n }, () => 3)
    expect(wasserstein1(uniform, pointMass(n, 0), 2)).toBeCloseTo(((n - 1) / 2) * 2, 10)
  })

  it('is symmetric, zero for proportional inputs, NaN for an empty side', () => {
    const a = [1, 0, 2, 5, 0, 1]
    const b = [0, 3, 1, 0, 2, 2]
    expect(wasserstein1(a, b, 1)).toBeCloseTo(wasserstein1(b, a, 1), 12)
    expect(
      wasserstein1(
        a,
        a.map((x) => x * 7),
        1,
      ),
    ).toBeCloseTo(0, 12)
    expect(wasserstein1(a, [0, 0, 0, 0, 0, 0], 1)).toBeNaN()
    expect(() => wasserstein1([1], [1, 2], 1)).toThrow(RangeError)
  })
})

describe('pearsonCorr', () => {
  it('is 1 for a positive linear relation, −1 for a negative one, NaN when constant', () => {
    const a = [1, 4, 2, 8, 5]
    expect(
      pearsonCorr(
        a,
        a.map((x) => 3 * x + 2),
      ),
    ).toBeCloseTo(1, 12)
    expect(
      pearsonCorr(
        a,
        a.map((x) => -x),
      ),
    ).toBeCloseTo(-1, 12)
    expect(pearsonCorr(a, [2, 2, 2, 2, 2])).toBeNaN()
  })

  it('matches a hand-computed value', () => {
    // x = [1,2,3], y = [1,3,2]: cov = 0.5·2/… → r = 0.5
    expect(pearsonCorr([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12)
  })
})

describe('findPeaks', () => {
  it('finds two separated bumps, the heavier first, with their masses', () => {
    const v = new Array<number>(40).fill(0)
    ;[1, 3, 6, 3, 1].forEach((x, k) => (v[8 + k] = x)) // peak at 10, mass 14
    ;[2, 5, 9, 5, 2].forEach((x, k) => (v[25 + k] = x)) // peak at 27, mass 23
    const peaks = findPeaks(v, 3)
    expect(peaks.map((p) => p.index)).toEqual([27, 10])
    expect(peaks.map((p) => p.mass)).toEqual([23, 14])
  })

  it('finds no peak in an all-equal vector and one (its middle) in a plateau', () => {
    expect(findPeaks([2, 2, 2, 2], 3)).toEqual([])
    expect(findPeaks([0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0], 3, 0)).toEqual([{ index: 5, mass: 5 }])
  })

  it('peak distance is the mean distance from each true peak to the nearest estimate', () => {
    const t = [
      { index: 10, mass: 3 },
      { index: 30, mass: 2 },
    ]
    const e = [{ index: 12, mass: 1 }]
    expect(peakDistanceBins(t, e)).toBe((2 + 18) / 2)
    expect(peakDistanceBins(t, [])).toBeNaN()
  })
})

describe('topShareCaptured', () => {
  it('captures everything realized in the top bins and nothing elsewhere', () => {
    const map = [0, 1, 9, 2, 0, 0, 0, 0, 0, 0] // top decile of 10 bins = bin 2
    expect(topShareCaptured(map, pointMass(10, 2, 5), 0.1)).toBe(5)
    expect(topShareCaptured(map, pointMass(10, 3, 5), 0.1)).toBe(0)
  })

  it('gives a flat map the expected share under random tie-breaking', () => {
    const flat = new Array<number>(20).fill(1)
    const realized = Array.from({ length: 20 }, (_, i) => i)
    const total = realized.reduce((a, b) => a + b, 0)
    expect(topShareCaptured(flat, realized, 0.1)).toBeCloseTo(0.1 * total, 10)
  })
})
