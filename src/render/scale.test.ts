import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../core/errors.ts'
import { intensityScale, positivePercentile, SCALINGS, type Scaling } from './scale.ts'

describe('positivePercentile', () => {
  it('interpolates between ranks and ignores zeros, negatives and NaN', () => {
    expect(positivePercentile([4, 1, 3, 2], 50)).toBe(2.5)
    expect(positivePercentile([0, 0, 0, -7, NaN, 4, 1, 3, 2, 0], 50)).toBe(2.5)
    expect(positivePercentile([5, 9, 1], 100)).toBe(9)
    expect(positivePercentile(new Float32Array(100), 99)).toBe(0)
  })

  it('equals the percentile of the sorted positive values, duplicates and all', () => {
    const sorted = (xs: number[], p: number): number => {
      const pos = xs.filter((x) => x > 0 && x < Infinity).sort((a, b) => a - b)
      if (pos.length === 0) return 0
      const rank = (p / 100) * (pos.length - 1)
      const lo = Math.floor(rank)
      const hi = Math.min(pos.length - 1, lo + 1)
      return pos[lo] + (pos[hi] - pos[lo]) * (rank - lo)
    }
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(0, 1, 2, 5, -1, Number.NaN, Infinity),
            fc.double({ min: -10, max: 1e9, noNaN: true }),
          ),
          { maxLength: 300 },
        ),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        (xs, p) => {
          expect(positivePercentile(xs, p)).toBe(sorted(xs, p))
          expect(positivePercentile(Float32Array.from(xs), p)).toBe(
            sorted(Array.from(Float32Array.from(xs)), p),
          )
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('intensityScale', () => {
  it('a single huge outlier does not set the max', () => {
    const values = new Float32Array(10_001)
    for (let i = 0; i < 10_000; i++) values[i] = 1000 + i // $1,000 .. $10,999
    values[10_000] = 5e9
    const s = intensityScale(values, { scaling: 'linear', clipPercentile: 99 })
    expect(s.max).toBeGreaterThan(10_000)
    expect(s.max).toBeLessThan(11_000)
    expect(s.toUnit(5e9)).toBe(1)
    expect(s.toUnit(5500)).toBeGreaterThan(0.4)
    // Without clipping, the outlier would crush everything else to nearly zero.
    const unclipped = intensityScale(values, { scaling: 'linear', clipPercentile: 100 })
    expect(unclipped.max).toBeCloseTo(5e9, -3)
    expect(unclipped.toUnit(5500)).toBeLessThan(0.00001)
  })

  it('an empty heatmap (mostly zero cells) still gets a positive max', () => {
    const values = new Float32Array(100_000)
    values[5] = 200
    values[77] = 800
    expect(intensityScale(values, { scaling: 'sqrt', clipPercentile: 99 }).max).toBeGreaterThan(200)
  })

  it('maps NaN, negative and zero to 0, and has max 0 when nothing is positive', () => {
    const s = intensityScale([1, 2, 3], { scaling: 'log', clipPercentile: 100 })
    expect([s.toUnit(NaN), s.toUnit(-5), s.toUnit(0)]).toEqual([0, 0, 0])
    const z = intensityScale([0, -1, NaN], { scaling: 'linear', clipPercentile: 99 })
    expect(z.max).toBe(0)
    expect(z.toUnit(10)).toBe(0)
  })

  it('sqrt and log lift small values above linear', () => {
    const opts = (scaling: Scaling) => ({ scaling, clipPercentile: 100 })
    const v = [1000, 1_000_000]
    expect(intensityScale(v, opts('linear')).toUnit(1000)).toBeCloseTo(0.001, 6)
    expect(intensityScale(v, opts('sqrt')).toUnit(1000)).toBeCloseTo(Math.sqrt(0.001), 6)
    // log: ln(1 + 0.001·1000) / ln(1 + 1000) = ln 2 / ln 1001
    expect(intensityScale(v, opts('log')).toUnit(1000)).toBeCloseTo(Math.log(2) / Math.log(1001), 6)
  })

  it('every scaling is monotonic, within [0, 1], 1 at max, and fromUnit inverts toUnit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALINGS),
        fc.array(fc.double({ min: 0.01, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        (scaling, values, p, a, b) => {
          const s = intensityScale(values, { scaling, clipPercentile: p })
          const [lo, hi] = a < b ? [a, b] : [b, a]
          expect(s.toUnit(lo)).toBeLessThanOrEqual(s.toUnit(hi))
          expect(s.toUnit(hi)).toBeGreaterThanOrEqual(0)
          expect(s.toUnit(hi)).toBeLessThanOrEqual(1)
          expect(s.toUnit(s.max)).toBeCloseTo(1, 9)
          const v = Math.min(lo, s.max)
          expect(s.fromUnit(s.toUnit(v))).toBeCloseTo(v, Math.max(0, 6 - Math.log10(s.max + 1)))
        },
      ),
    )
  })

  it('rejects a bad percentile or scaling with a UsageError naming the flag', () => {
    for (const p of [0, -1, 101, NaN]) {
      expect(() => intensityScale([1], { scaling: 'linear', clipPercentile: p })).toThrow(
        /--clip-percentile/,
      )
    }
    expect(() => intensityScale([1], { scaling: 'cube' as Scaling, clipPercentile: 99 })).toThrow(
      UsageError,
    )
  })
})
