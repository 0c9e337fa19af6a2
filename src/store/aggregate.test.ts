import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Bar } from '../core/types.ts'
import { aggregateBars, bucketStart, fillTakerSplit, missingRuns } from './aggregate.ts'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 5) // a Monday

describe('bucketStart', () => {
  it('aligns to UTC and weeks to Monday', () => {
    expect(bucketStart(T0 + 7 * MIN, 5 * MIN)).toBe(T0 + 5 * MIN)
    expect(bucketStart(T0 + 3 * 86_400_000 + 5, 7 * 86_400_000)).toBe(T0)
  })
})

describe('aggregateBars', () => {
  it('matches a naive aggregation and keeps only complete buckets (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            keep: fc.boolean(),
            o: fc.integer({ min: 1, max: 1000 }),
            c: fc.integer({ min: 1, max: 1000 }),
            v: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        (spec) => {
          const src: Bar[] = []
          spec.forEach((s, i) => {
            if (s.keep || i % 7 !== 3)
              src.push({
                ts: T0 + i * MIN,
                open: s.o,
                high: Math.max(s.o, s.c) + 1,
                low: Math.min(s.o, s.c) - 1,
                close: s.c,
                volume: s.v,
              })
          })
          const { bars, incomplete } = aggregateBars(src, MIN, 5 * MIN)
          const groups = new Map<number, Bar[]>()
          for (const b of src)
            groups.set(Math.floor(b.ts / (5 * MIN)) * 5 * MIN, [
              ...(groups.get(Math.floor(b.ts / (5 * MIN)) * 5 * MIN) ?? []),
              b,
            ])
          const full = [...groups].filter(([, g]) => g.length === 5)
          expect(bars.map((b) => b.ts)).toEqual(full.map(([ts]) => ts))
          expect(incomplete.length).toBe(groups.size - full.length)
          bars.forEach((b, i) => {
            const g = full[i][1]
            expect(b.open).toBe(g[0].open)
            expect(b.close).toBe(g[4].close)
            expect(b.high).toBe(Math.max(...g.map((x) => x.high)))
            expect(b.low).toBe(Math.min(...g.map((x) => x.low)))
            const vols = g.map((x) => x.volume)
            expect(b.volume).toBe(
              vols.every((v) => v !== undefined)
                ? vols.reduce((a, v) => (a ?? 0) + (v ?? 0), 0)
                : undefined,
            )
          })
        },
      ),
    )
  })
})

describe('missingRuns', () => {
  it('finds each run of missing bars', () => {
    const b = (i: number): Bar => ({ ts: T0 + i * MIN, open: 1, high: 1, low: 1, close: 1 })
    expect(missingRuns([b(0), b(1), b(4), b(5), b(7)], MIN)).toEqual([
      [T0 + 2 * MIN, 2],
      [T0 + 6 * MIN, 1],
    ])
  })
})

describe('fillTakerSplit', () => {
  const bar: Bar = { ts: T0, open: 1, high: 1, low: 1, close: 1, volume: 200, quoteVolume: 20_000 }
  it('applies the trade stream taker share to the bar volume', () => {
    const r = fillTakerSplit(bar, {
      volume: 100,
      takerBuyVolume: 60,
      quoteVolume: 10_000,
      takerBuyQuoteVolume: 5_900,
    })
    expect(r.takerBuyVolume).toBeCloseTo(120, 12)
    expect(r.takerBuyQuoteVolume).toBeCloseTo(11_800, 9)
  })
  it('leaves bars alone without coverage or when they have a split', () => {
    expect(fillTakerSplit(bar, undefined)).toBe(bar)
    const has = { ...bar, takerBuyVolume: 1 }
    expect(
      fillTakerSplit(has, { volume: 1, takerBuyVolume: 1, quoteVolume: 1, takerBuyQuoteVolume: 1 }),
    ).toBe(has)
  })
})
