import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fakeAddress as A } from '../../../../test/fakes/hyperliquid.ts'
import { exactLiquidationMap, PositionMap } from './position-map.ts'
import type { HlPosition } from './types.ts'

function pos(
  n: number,
  szi: number,
  liquidationPx: number | null,
  polledAt = 0,
  extra: Partial<HlPosition> = {},
): HlPosition {
  return {
    address: A(n),
    coin: 'BTC',
    side: szi > 0 ? 'long' : 'short',
    size: Math.abs(szi),
    entryPx: 65_000,
    liquidationPx,
    leverageType: 'cross',
    leverage: 10,
    marginUsed: 1000,
    positionValue: Math.abs(szi) * 65_000,
    unrealizedPnl: 0,
    polledAt,
    ...extra,
  }
}

describe('PositionMap', () => {
  it('replaces an account on each poll and drops it at size 0 or none', () => {
    const m = new PositionMap()
    m.set(A(1), pos(1, 1, 60_000))
    m.set(A(2), pos(2, -2, 70_000))
    m.set(A(1), pos(1, -0.5, 71_000))
    expect(m.size).toBe(2)
    expect(m.get(A(1))).toMatchObject({ side: 'short', size: 0.5, liquidationPx: 71_000 })
    m.set(A(2), undefined)
    m.set(A(1), pos(1, 0, null))
    expect(m.size).toBe(0)
  })
})

describe('exactLiquidationMap', () => {
  // price 65 000, ±10 %, 20 bins → priceMin 58 500, step 650, the price in bin 10.
  const positions = [
    pos(1, 1, 62_531.65, 1000), // long 65 000 USD → bin floor(4031.65 / 650) = 6
    pos(2, 2, 60_000, 4000), // long 130 000 USD → bin floor(1500 / 650) = 2
    pos(3, 3, null, 5000), // long 195 000 USD, never liquidated: coverage only
    pos(4, -0.5, 70_617.28, 2000), // short 32 500 USD → bin floor(12 117.28 / 650) = 18
    pos(5, -1, 80_000, 3000), // short 65 000 USD, beyond 71 500: out of range
  ]
  const map = exactLiquidationMap(positions, {
    markPx: 65_000,
    openInterest: 10,
    now: 10_000,
    bins: 20,
    rangePct: 10,
  })

  it('puts each position in its bin, hand-computed', () => {
    expect(map.priceMin).toBe(58_500)
    expect(map.step).toBeCloseTo(650, 9)
    const long = new Array(20).fill(0)
    long[6] = 65_000
    long[2] = 130_000
    const short = new Array(20).fill(0)
    short[18] = 32_500
    expect(map.long).toEqual(long)
    expect(map.short).toEqual(short)
    expect(map.cumLong).toEqual([
      195_000, 195_000, 195_000, 65_000, 65_000, 65_000, 65_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0,
    ])
    expect(map.cumShort).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32_500, 32_500,
    ])
  })

  it('computes coverage against both sides of the one-sided open interest', () => {
    // seen: longs 390 000, shorts 97 500; OI 10 BTC × 65 000 = 650 000 per side.
    expect(map.coverage).toBeCloseTo(487_500 / 1_300_000, 12)
    expect(map.coverageLong).toBeCloseTo(0.6, 12)
    expect(map.coverageShort).toBeCloseTo(0.15, 12)
    expect(map).toMatchObject({
      exact: true,
      venue: 'hyperliquid',
      symbol: 'BTCUSDT',
      openInterestUsd: 650_000,
      noLiquidationUsd: 195_000,
      outOfRangeShortUsd: 65_000,
      outOfRangeLongUsd: 0,
      pastPriceUsd: 0,
      addresses: 5,
      positionsMapped: 3,
      oldestAgeMs: 9000,
    })
    // Notional-weighted age: (65k·9 + 130k·6 + 195k·5 + 32.5k·8 + 65k·7) s / 487.5k
    expect(map.meanAgeMs).toBeCloseTo(
      ((65 * 9 + 130 * 6 + 195 * 5 + 32.5 * 8 + 65 * 7) / 487.5) * 1000,
      6,
    )
  })

  it('flags levels already past the price', () => {
    const m = exactLiquidationMap([pos(1, 1, 66_000), pos(2, -1, 64_000), pos(3, 1, 64_000)], {
      markPx: 65_000,
      openInterest: 100,
      now: 0,
    })
    expect(m.pastPriceUsd).toBe(130_000)
  })

  it('accounts for every seen dollar (random positions)', () => {
    const arb = fc.array(
      fc.record({
        szi: fc.double({ min: -50, max: 50, noNaN: true }).filter((x) => Math.abs(x) > 1e-6),
        lp: fc.option(fc.double({ min: 1000, max: 200_000, noNaN: true }), { nil: null }),
      }),
      { maxLength: 60 },
    )
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 300 }), (rows, bins) => {
        const ps = rows.map((r, i) => pos(i + 1, r.szi, r.lp))
        const m = exactLiquidationMap(ps, { markPx: 90_000, openInterest: 1000, now: 0, bins })
        const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0)
        const lNull = ps.filter((p) => p.side === 'long' && p.liquidationPx === null)
        const sNull = ps.filter((p) => p.side === 'short' && p.liquidationPx === null)
        const tol = 1e-6 * (m.seenLongUsd + m.seenShortUsd + 1)
        expect(
          sum(m.long) + m.outOfRangeLongUsd + sum(lNull.map((p) => p.size * 90_000)),
        ).toBeCloseTo(m.seenLongUsd, -Math.log10(tol))
        expect(
          sum(m.short) + m.outOfRangeShortUsd + sum(sNull.map((p) => p.size * 90_000)),
        ).toBeCloseTo(m.seenShortUsd, -Math.log10(tol))
        const pIdx = Math.min(bins - 1, Math.floor((90_000 - m.priceMin) / m.step))
        expect(m.cumLong[0]).toBeCloseTo(sum(m.long.slice(0, pIdx + 1)), -Math.log10(tol))
        expect(m.cumShort[bins - 1]).toBeCloseTo(sum(m.short.slice(pIdx)), -Math.log10(tol))
      }),
      { numRuns: 100 },
    )
  })

  it('rejects a missing price', () => {
    expect(() => exactLiquidationMap([], { markPx: 0, openInterest: 1, now: 0 })).toThrow(/markPx/)
  })
})
