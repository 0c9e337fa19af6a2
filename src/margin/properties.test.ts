import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VENUES } from '../core/types.ts'
import type { Side, Venue } from '../core/types.ts'
import {
  liquidationPrice,
  liquidationPriceDetail,
  liquidationRatio,
  maintenanceMargin,
  maxLeverageFor,
  tierTable,
} from './index.ts'

/** Largest notional drawn per venue: the table's last cap, or 10⁹ USD when open-ended. */
const topNotional = (venue: Venue): number =>
  Math.min(tierTable(venue).tiers.at(-1)?.capUsd ?? 1e9, 1e9)

const arbVenue = fc.constantFrom(...VENUES)
const arbSide = fc.constantFrom<Side>('long', 'short')
/** Uniform in [0, 1] (fc.double is not uniform: it favours tiny magnitudes and the ends). */
const unit = fc.integer({ min: 0, max: 1_000_000 }).map((i) => i / 1_000_000)
/** Log-uniform in [lo, hi]. */
const logUniform = (lo: number, hi: number) =>
  unit.map((u) => Math.min(hi, Math.max(lo, lo * (hi / lo) ** u)))

/** A venue, a side, an entry price, a notional in the table and a leverage fraction of [1, max]. */
const arbCase = fc
  .tuple(arbVenue, arbSide, logUniform(10, 1e6), unit)
  .chain(([venue, side, price, u]) =>
    logUniform(1, topNotional(venue)).map((notional) => {
      const max = maxLeverageFor(tierTable(venue), notional)
      return { venue, side, price, notional, max, leverage: 1 + u * (max - 1) }
    }),
  )

describe('liquidation-price properties, every venue', () => {
  it('long LP < entry < short LP, and a long LP is never negative', () => {
    fc.assert(
      fc.property(arbCase, ({ venue, price, notional, leverage }) => {
        const qty = notional / price
        const long = liquidationPrice(venue, { side: 'long', entryPrice: price, qty, leverage })
        const short = liquidationPrice(venue, { side: 'short', entryPrice: price, qty, leverage })
        expect(long).toBeGreaterThanOrEqual(0)
        expect(long).toBeLessThan(price)
        expect(short).toBeGreaterThan(price)
      }),
    )
  })

  it('LP moves toward entry as leverage rises', () => {
    fc.assert(
      fc.property(arbCase, unit, (c, v) => {
        const lo = c.leverage
        const hi = lo + v * (c.max - lo)
        const qty = c.notional / c.price
        const at = (leverage: number) =>
          liquidationPrice(c.venue, { side: c.side, entryPrice: c.price, qty, leverage })
        const [a, b] = [at(lo), at(hi)]
        const strict = hi - lo > 1e-6 * lo && (c.side === 'short' || a > 0)
        if (c.side === 'long') {
          expect(b).toBeGreaterThanOrEqual(a)
          if (strict) expect(b).toBeGreaterThan(a)
        } else {
          expect(b).toBeLessThanOrEqual(a)
          if (strict) expect(b).toBeLessThan(a)
        }
      }),
    )
  })

  it('LP / entry does not depend on the price for a fixed notional, and equals liquidationRatio', () => {
    fc.assert(
      fc.property(arbCase, logUniform(10, 1e6), (c, otherPrice) => {
        const ratioAt = (price: number) =>
          liquidationPrice(c.venue, {
            side: c.side,
            entryPrice: price,
            qty: c.notional / price,
            leverage: c.leverage,
          }) / price
        const expected = liquidationRatio(c.venue, c.side, c.leverage, c.notional)
        expect(Math.abs(ratioAt(c.price) - expected)).toBeLessThan(1e-9)
        expect(Math.abs(ratioAt(otherPrice) - expected)).toBeLessThan(1e-9)
      }),
    )
  })

  it('at LP, margin + PnL equals the venue maintenance requirement', () => {
    fc.assert(
      fc.property(arbCase, ({ venue, side, price, notional, leverage }) => {
        const table = tierTable(venue)
        const qty = notional / price
        const r = liquidationPriceDetail(venue, { side, entryPrice: price, qty, leverage })
        if (r.price === 0) return // long that margin fully covers
        const s = side === 'long' ? 1 : -1
        const equity = notional / leverage + s * qty * (r.price - price)
        const nAtLp = qty * r.price
        const required =
          venue === 'bybit'
            ? maintenanceMargin(table, notional) // Bybit's help formula: maintenance at entry
            : venue === 'okx'
              ? nAtLp * (r.entryTier.mmr + table.liquidationFeeRate) - r.entryTier.maintAmountUsd
              : maintenanceMargin(table, nAtLp) // binance, hyperliquid: tier at the liquidation price
        expect(Math.abs(equity - required)).toBeLessThan(1e-9 * notional + 1e-9)
      }),
    )
  })

  it('liquidationRatio clamps any leverage above the maximum; liquidationPrice refuses it', () => {
    fc.assert(
      fc.property(arbCase, logUniform(1.0001, 100), (c, k) => {
        const over = c.max * k
        expect(liquidationRatio(c.venue, c.side, over, c.notional)).toBe(
          liquidationRatio(c.venue, c.side, c.max, c.notional),
        )
        const pos = { side: c.side, entryPrice: c.price, qty: c.notional / c.price, leverage: over }
        expect(() => liquidationPrice(c.venue, pos)).toThrow(RangeError)
      }),
    )
  })
})

describe('maintenance tables', () => {
  it('maintenance margin = max over tiers of (notional × mmr − amount): continuous and convex', () => {
    fc.assert(
      fc.property(arbVenue, unit, (venue, u) => {
        const table = tierTable(venue)
        const notional = u * topNotional(venue)
        const envelope = Math.max(...table.tiers.map((t) => notional * t.mmr - t.maintAmountUsd))
        expect(Math.abs(maintenanceMargin(table, notional) - envelope)).toBeLessThan(
          1e-9 * notional + 1e-6,
        )
      }),
    )
  })
})
