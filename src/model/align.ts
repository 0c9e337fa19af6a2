/**
 * Turns normalised market data into the bars the model consumes. No look-ahead: a bar sees the
 * last open-interest sample taken at or before its close, never a later one.
 * @module
 */
import type { MarketData, OpenInterestPoint, Venue } from '../core/types.ts'
import type { ModelBar } from './types.ts'

/**
 * With open interest from several venues (each point carries its venue), every bar gets the last
 * sample of each venue at or before its close in `oiByVenue`, and their sum in `oi`.
 */
export function toModelBars(data: MarketData): ModelBar[] {
  const venues = new Set(data.openInterest.map((o) => o.venue))
  if (venues.size <= 1 || venues.has(undefined)) return alignSingle(data)
  const single = alignSingle({ ...data, openInterest: [] })
  const perVenue = [...venues].map((v) => {
    const series = data.openInterest.filter((o) => o.venue === v)
    return { venue: v as Venue, oi: alignOi(data, series) }
  })
  return single.map((b, i) => {
    const oiByVenue: Partial<Record<Venue, number>> = {}
    let sum = 0
    for (const pv of perVenue) {
      const x = pv.oi[i]
      if (x === undefined) continue
      oiByVenue[pv.venue] = x
      sum += x
    }
    return { ...b, oi: sum, oiByVenue }
  })
}

/** Last sample at or before each bar's close (the first value before the first sample). */
function alignOi(data: MarketData, oi: readonly OpenInterestPoint[]): (number | undefined)[] {
  const tf = data.timeframeMs
  let j = -1
  return data.bars.map((b) => {
    while (j + 1 < oi.length && oi[j + 1].ts <= b.ts + tf) j++
    return oi.length === 0 ? undefined : j >= 0 ? oi[j].oi : oi[0].oi
  })
}

function alignSingle(data: MarketData): ModelBar[] {
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
