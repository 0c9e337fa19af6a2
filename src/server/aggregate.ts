/**
 * Bar aggregation to a coarser timeframe, on UTC boundaries (weeks start on Monday, as venues do).
 * @module
 */
import { lowerBound } from '../core/bisect.ts'
import type { Bar, UtcMs } from '../core/types.ts'

const WEEK = 7 * 86_400_000
/** 1970-01-05 was a Monday. */
const MONDAY_OFFSET = 4 * 86_400_000

/** Start of the tf bucket holding `ts`. */
export function bucketStart(ts: UtcMs, tfMs: number): UtcMs {
  const off = tfMs % WEEK === 0 ? MONDAY_OFFSET : 0
  return Math.floor((ts - off) / tfMs) * tfMs + off
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : a + b
}

/** Aggregates bars with ts in [from, to) into tf buckets (a bucket is the bars it holds, no filling). */
export function aggregateBars(bars: readonly Bar[], tfMs: number, from: UtcMs, to: UtcMs): Bar[] {
  const out: Bar[] = []
  let cur: { -readonly [K in keyof Bar]: Bar[K] } | undefined
  for (let i = lowerBound(bars, from); i < bars.length && bars[i].ts < to; i++) {
    const b = bars[i]
    const start = bucketStart(b.ts, tfMs)
    if (cur && cur.ts === start) {
      cur.high = Math.max(cur.high, b.high)
      cur.low = Math.min(cur.low, b.low)
      cur.close = b.close
      cur.volume = sum(cur.volume, b.volume)
      cur.quoteVolume = sum(cur.quoteVolume, b.quoteVolume)
      cur.takerBuyVolume = sum(cur.takerBuyVolume, b.takerBuyVolume)
      cur.takerBuyQuoteVolume = sum(cur.takerBuyQuoteVolume, b.takerBuyQuoteVolume)
    } else {
      if (cur) out.push(cur)
      cur = { ...b, ts: start }
    }
  }
  if (cur) out.push(cur)
  return out
}
