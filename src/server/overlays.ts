/**
 * Overlay series computed from the data the source delivered: volume profile, open-interest
 * change, funding, cumulative volume delta and order-book depth at the cluster levels. Each says
 * when the source lacks what it needs rather than inventing it.
 * @module
 */
import type { Bar, UtcMs } from '../core/types.ts'
import type { Cluster } from '../model/types.ts'
import { lowerBound } from '../core/bisect.ts'
import { aggregateBars, bucketStart } from './aggregate.ts'
import type { SymbolMarket } from './market-hub.ts'

export const OVERLAY_KINDS = ['volume-profile', 'oi-delta', 'funding', 'cvd', 'depth'] as const
export type OverlayKind = (typeof OVERLAY_KINDS)[number]

export type Overlay =
  | { readonly available: false; readonly reason: string }
  | ({ readonly available: true } & Record<string, unknown>)

/** Volume per price bin over the window; each bar's volume spread evenly over its [low, high]. */
export function volumeProfile(bars: readonly Bar[], bins: number): Overlay {
  if (bars.length === 0) return { available: false, reason: 'no bars in the window' }
  if (bars.every((b) => b.volume === undefined))
    return { available: false, reason: 'the source has no volume' }
  let lo = Infinity
  let hi = -Infinity
  for (const b of bars) {
    lo = Math.min(lo, b.low)
    hi = Math.max(hi, b.high)
  }
  const step = (hi - lo) / bins || 1
  const vol = new Float64Array(bins)
  const buy = new Float64Array(bins)
  const hasSplit = bars.some((b) => b.takerBuyVolume !== undefined)
  for (const b of bars) {
    const v = b.volume ?? 0
    const i0 = Math.min(bins - 1, Math.floor((b.low - lo) / step))
    const i1 = Math.min(bins - 1, Math.floor((b.high - lo) / step))
    const share = v / (i1 - i0 + 1)
    const buyShare = v > 0 ? (b.takerBuyVolume ?? 0) / v : 0
    for (let i = i0; i <= i1; i++) {
      vol[i] += share
      buy[i] += share * buyShare
    }
  }
  return {
    available: true,
    priceMin: lo,
    step,
    volume: [...vol],
    ...(hasSplit ? { buyVolume: [...buy] } : {}),
    unit: 'base',
  }
}

/** Open interest at the end of each tf bucket and its change from the previous bucket. */
export function oiDelta(m: SymbolMarket, tfMs: number, from: UtcMs, to: UtcMs): Overlay {
  if (m.openInterest.length === 0)
    return { available: false, reason: 'the source has no open interest' }
  const points: { time: UtcMs; oi: number; delta: number | null }[] = []
  let prev: number | undefined
  let i = 0
  const oi = m.openInterest
  // last sample before the window, so the first bucket has a delta
  while (i < oi.length && oi[i].ts < from) prev = oi[i++].oi
  let bucket = bucketStart(from, tfMs)
  while (bucket < to) {
    const end = bucket + tfMs
    let last: number | undefined
    while (i < oi.length && oi[i].ts < end) last = oi[i++].oi
    if (last !== undefined) {
      points.push({ time: bucket, oi: last, delta: prev === undefined ? null : last - prev })
      prev = last
    }
    bucket = end
  }
  return { available: true, unit: 'base', points }
}

export function funding(m: SymbolMarket, from: UtcMs, to: UtcMs): Overlay {
  if (m.funding.length === 0) return { available: false, reason: 'the source has no funding rates' }
  const points = m.funding
    .filter((f) => f.ts >= from && f.ts < to)
    .map((f) => ({ time: f.ts, rate: f.rate, intervalHours: f.intervalHours }))
  return { available: true, unit: 'fraction per interval', points }
}

/** Cumulative (taker buy − taker sell) volume over the window, per tf bucket. */
export function cvd(m: SymbolMarket, tfMs: number, from: UtcMs, to: UtcMs): Overlay {
  const start = lowerBound(m.bars, from)
  const has = m.bars.slice(start, start + 50).some((b) => b.takerBuyVolume !== undefined)
  if (!has) return { available: false, reason: 'the source has no taker buy/sell split' }
  let acc = 0
  const points = aggregateBars(m.bars, tfMs, from, to).map((b) => {
    const buy = b.takerBuyVolume ?? 0
    acc += buy - ((b.volume ?? 0) - buy)
    return { time: b.ts, cvd: acc }
  })
  return { available: true, unit: 'base', points }
}

/** Resting book quantity (base units) inside each cluster's price span, summed over venues. */
export function depthAtClusters(m: SymbolMarket, clusters: readonly Cluster[]): Overlay {
  if (m.books.size === 0)
    return {
      available: false,
      reason: 'the source has no order book (only live venues stream one)',
    }
  const levels = clusters.map((c) => {
    let bid = 0
    let ask = 0
    for (const book of m.books.values()) {
      for (const [p, q] of book.bids) if (p >= c.priceLow && p <= c.priceHigh) bid += q
      for (const [p, q] of book.asks) if (p >= c.priceLow && p <= c.priceHigh) ask += q
    }
    return {
      side: c.side,
      priceLow: c.priceLow,
      priceHigh: c.priceHigh,
      peakPrice: c.peakPrice,
      bidQty: bid,
      askQty: ask,
    }
  })
  return { available: true, unit: 'base', venues: [...m.books.keys()], levels }
}
