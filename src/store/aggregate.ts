/**
 * Pure helpers for reading stored bars at another timeframe: bucket alignment, aggregation of
 * smaller bars into larger ones (only complete buckets), gap counting, and filling a missing taker
 * split from trade-derived bars.
 * @module
 */
import type { Bar, UtcMs } from '../core/types.ts'

const WEEK_MS = 604_800_000
/** 1970-01-01 was a Thursday; venues open weekly bars on Monday 00:00 UTC. */
const MONDAY_OFFSET_MS = 4 * 86_400_000

/** Open time of the `tfMs` bucket holding `ts` (UTC aligned; weeks start on Monday). */
export function bucketStart(ts: UtcMs, tfMs: number): UtcMs {
  const offset = tfMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0
  return Math.floor((ts - offset) / tfMs) * tfMs + offset
}

export interface AggregateResult {
  readonly bars: Bar[]
  /** Open times of buckets dropped because some of their source bars are missing. */
  readonly incomplete: UtcMs[]
}

/**
 * Aggregates ascending `src` bars of length `srcMs` into buckets of `tfMs` (a multiple of srcMs).
 * A bucket is kept only when all `tfMs / srcMs` source bars are present; volume fields are summed
 * only when every source bar has them (otherwise undefined, never a partial sum).
 */
export function aggregateBars(src: readonly Bar[], srcMs: number, tfMs: number): AggregateResult {
  const need = Math.round(tfMs / srcMs)
  const bars: Bar[] = []
  const incomplete: UtcMs[] = []
  let i = 0
  while (i < src.length) {
    const start = bucketStart(src[i].ts, tfMs)
    let j = i
    while (j < src.length && src[j].ts < start + tfMs) j++
    const group = src.slice(i, j)
    i = j
    if (group.length !== need) {
      incomplete.push(start)
      continue
    }
    bars.push(combine(start, group))
  }
  return { bars, incomplete }
}

function sumOf(
  group: readonly Bar[],
  key: 'volume' | 'quoteVolume' | 'takerBuyVolume' | 'takerBuyQuoteVolume',
): number | undefined {
  let s = 0
  for (const b of group) {
    const v = b[key]
    if (v === undefined) return undefined
    s += v
  }
  return s
}

function combine(ts: UtcMs, group: readonly Bar[]): Bar {
  let high = -Infinity
  let low = Infinity
  for (const b of group) {
    if (b.high > high) high = b.high
    if (b.low < low) low = b.low
  }
  return {
    ts,
    open: group[0].open,
    high,
    low,
    close: group[group.length - 1].close,
    volume: sumOf(group, 'volume'),
    quoteVolume: sumOf(group, 'quoteVolume'),
    takerBuyVolume: sumOf(group, 'takerBuyVolume'),
    takerBuyQuoteVolume: sumOf(group, 'takerBuyQuoteVolume'),
  }
}

/** Runs of missing bars in an ascending series: [first missing open time, count]. */
export function missingRuns(bars: readonly Bar[], tfMs: number): [UtcMs, number][] {
  const runs: [UtcMs, number][] = []
  for (let i = 1; i < bars.length; i++) {
    const missing = Math.round((bars[i].ts - bars[i - 1].ts) / tfMs) - 1
    if (missing > 0) runs.push([bars[i - 1].ts + tfMs, missing])
  }
  return runs
}

/** Taker totals from trade-derived bars over one bar's span (complete minutes only). */
export interface TakerTotals {
  readonly volume: number
  readonly takerBuyVolume: number
  readonly quoteVolume: number
  readonly takerBuyQuoteVolume: number
}

/**
 * Gives bars without a taker split one from trade-derived totals: the taker-buy *share* seen in the
 * trades (which the stream may report with different volume accounting than the klines) is applied
 * to the bar's own volume. Bars that have a split, lack volume, or lack full trade coverage
 * (`totals` undefined) are returned unchanged.
 */
export function fillTakerSplit(bar: Bar, totals: TakerTotals | undefined): Bar {
  if (totals === undefined || bar.takerBuyVolume !== undefined || bar.volume === undefined)
    return bar
  if (totals.volume <= 0) return bar
  const share = totals.takerBuyVolume / totals.volume
  const quoteShare =
    totals.quoteVolume > 0 ? totals.takerBuyQuoteVolume / totals.quoteVolume : share
  return {
    ...bar,
    takerBuyVolume: share * bar.volume,
    takerBuyQuoteVolume: bar.quoteVolume === undefined ? undefined : quoteShare * bar.quoteVolume,
  }
}
