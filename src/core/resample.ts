/**
 * Aggregates bars into a coarser timeframe (open of the first, high/low extremes, close of the
 * last, volumes summed; a volume field stays undefined unless every bar has it). Pure.
 * @module
 */
import { UsageError } from './errors.ts'
import type { Bar, MarketData } from './types.ts'

export function resampleBars(bars: readonly Bar[], fromMs: number, toMs: number): Bar[] {
  if (toMs === fromMs) return [...bars]
  if (toMs < fromMs || toMs % fromMs !== 0)
    throw new UsageError(
      `--timeframe: cannot make ${toMs / 60000}m bars from ${fromMs / 60000}m bars (must be a multiple)`,
      '--timeframe',
    )
  const out: Bar[] = []
  let cur: { -readonly [K in keyof Bar]: Bar[K] } | undefined
  const sum = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined || b === undefined ? undefined : a + b
  for (const b of bars) {
    const ts = Math.floor(b.ts / toMs) * toMs
    if (!cur || cur.ts !== ts) {
      if (cur) out.push(cur)
      cur = { ...b, ts }
      continue
    }
    cur.high = Math.max(cur.high, b.high)
    cur.low = Math.min(cur.low, b.low)
    cur.close = b.close
    cur.volume = sum(cur.volume, b.volume)
    cur.quoteVolume = sum(cur.quoteVolume, b.quoteVolume)
    cur.takerBuyVolume = sum(cur.takerBuyVolume, b.takerBuyVolume)
    cur.takerBuyQuoteVolume = sum(cur.takerBuyQuoteVolume, b.takerBuyQuoteVolume)
  }
  if (cur) out.push(cur)
  return out
}

export function resample(data: MarketData, toMs: number): MarketData {
  if (toMs === data.timeframeMs) return data
  return { ...data, timeframeMs: toMs, bars: resampleBars(data.bars, data.timeframeMs, toMs) }
}
