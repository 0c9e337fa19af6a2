/**
 * Test helper: a `MarketSnapshot` from hand-written clusters, so rule tests state their inputs
 * and expected outputs without running the model.
 * @module
 */
import type { Side } from '../core/types.ts'
import type { Cluster, ClusterReport } from '../model/types.ts'
import type { MarketSnapshot } from './snapshot.ts'

export function cluster(
  side: Side,
  lo: number,
  peak: number,
  hi: number,
  usd: number,
  price: number,
): Cluster {
  return {
    side,
    priceLow: lo,
    priceHigh: hi,
    peakPrice: peak,
    notionalUsd: usd,
    ageHours: 10,
    freshShare: 0.5,
    growthUsdPerHour: 0,
    distancePct: ((peak - price) / price) * 100,
    roundNumber: false,
  }
}

export interface FakeBar {
  readonly i: number
  readonly low: number
  readonly high: number
  readonly close: number
  /** Clusters as [side, lo, peak, hi, usd]. */
  readonly clusters: readonly (readonly [Side, number, number, number, number])[]
  readonly ratio?: number
  /** Span USD now / N hours ago, by `${side}:${lo}`. */
  readonly spanNow?: Readonly<Record<string, number>>
  readonly spanAgo?: Readonly<Record<string, number>> | 'none'
}

export const BAR_MS = 300_000
export const BASE_TS = Date.UTC(2025, 0, 1)

export function fakeSnapshot(b: FakeBar, symbol = 'BTCUSDT'): MarketSnapshot {
  const all = b.clusters.map(([side, lo, peak, hi, usd]) =>
    cluster(side, lo, peak, hi, usd, b.close),
  )
  const ratio = b.ratio ?? 1
  const report: ClusterReport = {
    at: BASE_TS + b.i * BAR_MS,
    price: b.close,
    freshHours: 24,
    above: all.filter((c) => c.side === 'short'),
    below: all.filter((c) => c.side === 'long'),
    all,
    asymmetry: { windowPct: 2, longBelowUsd: ratio * 1e6, shortAboveUsd: 1e6, ratio },
  }
  return {
    symbol,
    barTs: BASE_TS + b.i * BAR_MS,
    ...(b.i > 0 ? { prevBarTs: BASE_TS + (b.i - 1) * BAR_MS } : {}),
    at: BASE_TS + (b.i + 1) * BAR_MS,
    high: b.high,
    low: b.low,
    close: b.close,
    clusters: () => report,
    spanUsd: (side, lo) => b.spanNow?.[`${side}:${lo}`] ?? 0,
    spanUsdAgo: (_h, side, lo) =>
      b.spanAgo === 'none' ? undefined : (b.spanAgo?.[`${side}:${lo}`] ?? 0),
  }
}
