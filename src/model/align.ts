/**
 * Turns normalised market data into the bars the model consumes. No look-ahead: a bar sees the
 * last open-interest sample taken at or before its close, never a later one.
 * @module
 */
import type { MarketData } from '../core/types.ts'
import type { ModelBar } from './types.ts'

export function toModelBars(data: MarketData): ModelBar[] {
  const tf = data.timeframeMs
  const oi = data.openInterest
  const out: ModelBar[] = new Array(data.bars.length)
  let j = -1 // index of the last OI sample at or before the current bar's close
  for (let i = 0; i < data.bars.length; i++) {
    const b = data.bars[i]
    const close = b.ts + tf
    while (j + 1 < oi.length && oi[j + 1].ts <= close) j++
    // Before the first sample we hold the first value (no change → nothing seeded, nothing closed).
    const o = oi.length === 0 ? undefined : j >= 0 ? oi[j].oi : oi[0].oi
    const vol = b.volume
    const takerBuyShare =
      b.takerBuyVolume !== undefined && vol !== undefined && vol > 0
        ? Math.min(1, Math.max(0, b.takerBuyVolume / vol))
        : undefined
    const quoteVolume =
      b.quoteVolume ?? (vol !== undefined ? (vol * (b.high + b.low + b.close)) / 3 : undefined)
    out[i] = {
      ts: b.ts,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      oi: o,
      takerBuyShare,
      quoteVolume,
    }
  }
  return out
}
