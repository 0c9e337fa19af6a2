/**
 * The page's one-click alert rules on a cluster: "swept" (fires once, when price trades through
 * this cluster's peak) and "near" (price within 0.5 % of a cluster on the same side holding at
 * least half this one's estimated USD). Pure: they only build the `POST /api/alerts` body.
 * @module
 */
import type { NewRule } from '../client/alerts.ts'
import { price as fmtPrice, usd } from './format.ts'

/** The cluster fields a rule needs (USD prices; long = below price, short = above). */
export interface ClusterLike {
  readonly side: 'long' | 'short'
  readonly priceLow: number
  readonly priceHigh: number
  readonly peakPrice: number
  readonly notionalUsd: number
}

export const NEAR_WITHIN_PCT = 0.5
/** A "near" rule watches clusters of at least this share of the clicked one's USD. */
export const NEAR_MIN_SHARE = 0.5

/** `x` (USD) rounded down to two significant digits (1 234 567 → 1 200 000), whole dollars. */
export function floor2(x: number): number {
  if (!Number.isFinite(x) || x < 100) return x >= 1 ? Math.floor(x) : 0
  const mag = 10 ** (Math.floor(Math.log10(x)) - 1)
  return Math.floor(x / mag) * mag
}

export function sweptRule(symbol: string, c: ClusterLike): NewRule {
  return {
    symbol,
    kind: 'swept',
    name: `${c.side} cluster ${fmtPrice(c.peakPrice)} swept (${usd(c.notionalUsd)} est.)`,
    once: true,
    target: {
      side: c.side,
      priceLow: c.priceLow,
      priceHigh: c.priceHigh,
      peakPrice: c.peakPrice,
      notionalUsd: c.notionalUsd,
    },
    channels: { page: true },
  }
}

export function nearRule(symbol: string, c: ClusterLike): NewRule {
  const minUsd = floor2(c.notionalUsd * NEAR_MIN_SHARE)
  return {
    symbol,
    kind: 'near',
    name: `price within ${NEAR_WITHIN_PCT} % of a ${c.side} cluster ≥ ${usd(minUsd)} est.`,
    side: c.side,
    withinPct: NEAR_WITHIN_PCT,
    minUsd,
    channels: { page: true },
  }
}
