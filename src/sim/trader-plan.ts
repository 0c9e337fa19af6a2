/**
 * A trader's choices, drawn when it acts: the order it sends (side from sentiment, momentum and
 * funding; leverage; size; market or resting limit) and, once filled, its exits (take-profit,
 * stop-loss, holding time). Each draw uses the simulation's agent stream in a fixed order.
 * @module
 */
import type { SimParams } from './params.ts'
import type { Prng } from './prng.ts'
import type { Traders } from './traders.ts'

const HOUR = 3_600_000

/**
 * Draws trader i's next entry into its slot (side, leverage, margin, added margin) given the
 * long probability `bias`; returns the limit price, or 0 for a market order.
 */
export function drawEntry(
  p: SimParams,
  tr: Traders,
  i: number,
  rng: Prng,
  bias: number,
  levCum: Float64Array,
  price: number,
  volRatio: number,
): number {
  const side = rng.float() < Math.min(0.95, Math.max(0.05, bias)) ? 1 : -1
  tr.side[i] = side
  const lev = rng.chance(p.leverageLoyalty)
    ? tr.favLeverage[i]
    : p.leverage.values[rng.pickCumulative(levCum)]
  tr.leverage[i] = lev
  const notional =
    tr.wealth[i] *
    rng.uniform(p.notionalMultMin, p.notionalMultMax) *
    Math.pow(lev / 10, p.leverageSizeExponent)
  tr.margin[i] = Math.min(tr.wealth[i], notional / lev)
  tr.extraMargin[i] = rng.chance(p.extraMarginShare)
    ? Math.round(tr.margin[i] * rng.uniform(0, p.extraMarginMax) * 100) / 100
    : 0
  if (rng.chance(p.marketEntryShare)) return 0
  const off = (rng.exponential(p.limitOffsetPct) / 100) * Math.sqrt(volRatio)
  const limit = Math.round(price * (1 - side * off) * 10) / 10
  // A limit at or through the price would fill at once: send it as a market order.
  return (side > 0 ? limit >= price : limit <= price) ? 0 : limit
}

export interface ExitPlan {
  /** Take-profit price (0 = none). */
  readonly tp: number
  /** Stop-loss price (0 = none); between entry and the liquidation price. */
  readonly sl: number
  /** Holding time before a market exit, ms. */
  readonly holdMs: number
}

/** Exits for a position opened at `price` with leverage `lev` and liquidation price `liq`. */
export function planExits(
  p: SimParams,
  rng: Prng,
  side: number,
  price: number,
  lev: number,
  liq: number,
  usesStop: boolean,
): ExitPlan {
  const liqDist = Math.abs(price - liq) / price
  const tp = rng.chance(p.takeProfitShare)
    ? Math.round(price * (1 + side * rng.uniform(0.25, 1.2) * (1 / lev)) * 10) / 10
    : 0
  const sl = usesStop
    ? Math.round(price * (1 - side * rng.uniform(0.3, 0.85) * liqDist) * 10) / 10
    : 0
  const hold = p.holdHoursAt10x * Math.pow(10 / lev, p.holdLeverageExponent)
  return { tp, sl, holdMs: rng.exponential(hold * HOUR) }
}
