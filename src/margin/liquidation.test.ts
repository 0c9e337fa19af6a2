import { describe, expect, it } from 'vitest'
import { VENUES } from '../core/types.ts'
import {
  effectiveLeverage,
  liquidationPrice,
  liquidationPriceCross,
  liquidationPriceDetail,
  liquidationRatio,
  tierTable,
} from './index.ts'
import type { PositionSpec } from './index.ts'

const long20: PositionSpec = { side: 'long', entryPrice: 65_000, qty: 1, leverage: 20 }
const short10: PositionSpec = { side: 'short', entryPrice: 65_000, qty: 1, leverage: 10 }

describe('worked examples (exchange-apis.md §1.6, §2.5, §3.5, §4.4)', () => {
  it('binance: 20× long 1 BTC, 10× short 1 BTC, 20× long 10 BTC @ 65 000', () => {
    expect(liquidationPrice('binance', long20)).toBeCloseTo(61_997.99, 2)
    expect(liquidationPrice('binance', short10)).toBeCloseTo(71_215.14, 2)
    expect(liquidationPrice('binance', { ...long20, qty: 10 })).toBeCloseTo(62_030.15, 2)
  })

  it('bybit: 62 075 and 71 175', () => {
    expect(liquidationPrice('bybit', long20)).toBeCloseTo(62_075, 2)
    expect(liquidationPrice('bybit', short10)).toBeCloseTo(71_175, 2)
  })

  it('okx (assumed mmr 0.4 %, fee 0.05 %): 62 029.13 and 71 179.69', () => {
    expect(liquidationPrice('okx', long20)).toBeCloseTo(62_029.13, 2)
    expect(liquidationPrice('okx', short10)).toBeCloseTo(71_179.69, 2)
  })

  it('hyperliquid (mmr 1.25 %): 62 531.65 and 70 617.28', () => {
    expect(liquidationPrice('hyperliquid', long20)).toBeCloseTo(62_531.65, 2)
    expect(liquidationPrice('hyperliquid', short10)).toBeCloseTo(70_617.28, 2)
  })

  it('binance 10 BTC stays in bracket 2 at its liquidation price', () => {
    const r = liquidationPriceDetail('binance', { ...long20, qty: 10 })
    expect(r.entryTier.tier).toBe(2)
    expect(r.liquidationTier.tier).toBe(2)
  })
})

describe('binance bracket re-check (FAQ: recompute with the bracket at the liquidation price)', () => {
  // FAQ formula, isolated, written out with the bracket numbers of §1.3:
  // LP = (WB + cum − side·Q·EP) / (Q·MMR − side·Q)
  const faq = (side: 1 | -1, wb: number, q: number, ep: number, mmr: number, cum: number) =>
    (wb + cum - side * q * ep) / (q * mmr - side * q)

  it('long 4.7 BTC @ 65 000, 20×: enters bracket 2, liquidates in bracket 1', () => {
    const pos: PositionSpec = { side: 'long', entryPrice: 65_000, qty: 4.7, leverage: 20 }
    const wb = (4.7 * 65_000) / 20
    const withEntryBracket = faq(1, wb, 4.7, 65_000, 0.005, 300) // 61 996.15: notional 291 382 < 300 000
    const withBracketAtLp = faq(1, wb, 4.7, 65_000, 0.004, 0)
    expect(4.7 * withEntryBracket).toBeLessThan(300_000)
    const r = liquidationPriceDetail('binance', pos)
    expect(r.entryTier.tier).toBe(2)
    expect(r.liquidationTier.tier).toBe(1)
    expect(r.price).toBeCloseTo(withBracketAtLp, 2)
    expect(Math.abs(r.price - withEntryBracket)).toBeGreaterThan(1)
  })

  it('short 4.5 BTC @ 65 000, 10×: enters bracket 1, liquidates in bracket 2', () => {
    const pos: PositionSpec = { side: 'short', entryPrice: 65_000, qty: 4.5, leverage: 10 }
    const wb = (4.5 * 65_000) / 10
    const withEntryBracket = faq(-1, wb, 4.5, 65_000, 0.004, 0)
    const withBracketAtLp = faq(-1, wb, 4.5, 65_000, 0.005, 300)
    expect(4.5 * withEntryBracket).toBeGreaterThan(300_000)
    const r = liquidationPriceDetail('binance', pos)
    expect([r.entryTier.tier, r.liquidationTier.tier]).toEqual([1, 2])
    expect(r.price).toBeCloseTo(withBracketAtLp, 2)
    expect(4.5 * r.price).toBeGreaterThan(300_000)
  })
})

describe('extra margin', () => {
  it('moves the liquidation price away from entry by extra/Q (bybit, no fee, Q = 2)', () => {
    const base = liquidationPrice('bybit', { ...long20, qty: 2 })
    const more = liquidationPrice('bybit', { ...long20, qty: 2, extraMarginUsd: 1_000 })
    expect(base - more).toBeCloseTo(500, 6)
  })

  it('binance: extra margin adds to WB in the FAQ formula', () => {
    const lp = liquidationPrice('binance', { ...long20, extraMarginUsd: 1_000 })
    expect(lp).toBeCloseTo((3_250 + 1_000 - 65_000) / (0.004 - 1), 6)
  })

  it('a long with margin ≥ notional cannot be liquidated above 0', () => {
    expect(liquidationPrice('binance', { ...long20, leverage: 1, extraMarginUsd: 100 })).toBe(0)
  })
})

describe('binance cross margin (FAQ with WB, TMM, UPNL)', () => {
  it('matches the FAQ formula with other positions', () => {
    const r = liquidationPriceCross('binance', {
      side: 'long',
      entryPrice: 65_000,
      qty: 1,
      walletBalanceUsd: 10_000,
      otherMaintenanceUsd: 500,
      otherUnrealizedPnlUsd: -1_000,
    })
    expect(r.price).toBeCloseTo((10_000 - 500 - 1_000 + 0 - 65_000) / (0.004 - 1), 6)
  })

  it('equals the isolated price when WB is the isolated margin and nothing else is open', () => {
    const cross = liquidationPriceCross('binance', {
      side: 'short',
      entryPrice: 65_000,
      qty: 1,
      walletBalanceUsd: 6_500,
    })
    expect(cross.price).toBeCloseTo(71_215.14, 2)
  })

  it('refuses an account already below maintenance', () => {
    const pos = { side: 'long', entryPrice: 65_000, qty: 1, walletBalanceUsd: 200 } as const
    expect(() => liquidationPriceCross('binance', pos)).toThrow(/already liquidatable/)
  })
})

describe('leverage above the venue maximum', () => {
  it('liquidationPrice throws a RangeError naming venue, leverage and max', () => {
    expect(() => liquidationPrice('hyperliquid', { ...long20, leverage: 50 })).toThrow(RangeError)
    expect(() => liquidationPrice('hyperliquid', { ...long20, leverage: 50 })).toThrow(
      /hyperliquid: leverage 50× is above the maximum 40×/,
    )
    // Binance bracket 2 (300 k–800 k) allows 100×, bracket 1 150×.
    expect(() => liquidationPrice('binance', { ...long20, qty: 10, leverage: 125 })).toThrow(
      /binance: leverage 125× is above the maximum 100×/,
    )
    expect(liquidationPrice('binance', { ...long20, leverage: 125 })).toBeGreaterThan(0)
  })

  it('liquidationRatio clamps to the maximum instead of throwing', () => {
    for (const venue of VENUES) {
      for (const side of ['long', 'short'] as const) {
        const max = tierTable(venue).tiers[0]?.maxLeverage ?? NaN
        expect(liquidationRatio(venue, side, 1_000, 65_000)).toBe(
          liquidationRatio(venue, side, max, 65_000),
        )
      }
    }
    expect(effectiveLeverage('hyperliquid', 100, 65_000)).toBe(40)
    expect(effectiveLeverage('hyperliquid', 100, 200e6)).toBe(20)
    expect(effectiveLeverage('binance', 100, 65_000)).toBe(100)
    expect(effectiveLeverage('binance', 100, 5e6)).toBe(50)
  })

  it('liquidationRatio prices a notional above the table with the last tier', () => {
    const last = liquidationRatio('bybit', 'long', 10, 4e6)
    expect(liquidationRatio('bybit', 'long', 10, 9e6)).toBeCloseTo(
      1 - 0.1 + 0.01 - 10_000 / 9e6,
      12,
    )
    expect(last).toBeCloseTo(1 - 0.1 + 0.01 - 10_000 / 4e6, 12)
    expect(() => liquidationPrice('bybit', { ...long20, qty: 100, leverage: 10 })).toThrow(
      /above the largest tier cap 4000000/,
    )
  })
})

describe('invalid input → RangeError naming the field', () => {
  const cases: [string, PositionSpec][] = [
    ['entryPrice', { ...long20, entryPrice: 0 }],
    ['entryPrice', { ...long20, entryPrice: Number.NaN }],
    ['qty', { ...long20, qty: -1 }],
    ['qty', { ...long20, qty: Number.POSITIVE_INFINITY }],
    ['leverage', { ...long20, leverage: 0 }],
    ['leverage', { ...long20, leverage: Number.NaN }],
    ['leverage', { ...long20, leverage: 0.5 }],
    ['extraMarginUsd', { ...long20, extraMarginUsd: -5 }],
    ['side', { ...long20, side: 'up' as unknown as 'long' }],
  ]
  for (const [field, pos] of cases) {
    it(`${field}: ${JSON.stringify(pos)}`, () => {
      for (const venue of VENUES) {
        expect(() => liquidationPrice(venue, pos)).toThrow(RangeError)
        expect(() => liquidationPrice(venue, pos)).toThrow(new RegExp(`^${field} must be`))
      }
    })
  }

  it('liquidationRatio checks leverage and notional', () => {
    expect(() => liquidationRatio('okx', 'long', Number.NaN, 1_000)).toThrow(/^leverage must be/)
    expect(() => liquidationRatio('okx', 'long', 10, 0)).toThrow(/^notionalUsd must be/)
    expect(() => liquidationRatio('okx', 'long', 10, -1)).toThrow(RangeError)
  })

  it('a table of another venue is refused', () => {
    expect(() => liquidationPrice('okx', long20, tierTable('binance'))).toThrow(
      /a binance table was given for venue okx/,
    )
  })
})
