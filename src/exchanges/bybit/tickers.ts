/**
 * Bybit `tickers.{symbol}` messages → open-interest and funding events. The venue sends a snapshot
 * then deltas (changed fields only), merged here per symbol. Ticker `openInterest` counts both
 * sides; we use `singleOpenInterest` (one side) or half of `openInterest`. Funding (`predicted`:
 * the rate of the period in progress, a fraction per interval) is emitted when the rate changes or
 * at most once a second, once a mark price and the interval are known; times ms.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, num, type Obj } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push } from './emit.ts'
import type { BybitTickerRaw } from './raw.ts'

interface TickerState {
  rate: number
  mark: number
  index: number
  next: number
  intervalH: number
  lastFundingTs: number
}

/** Merged ticker state per symbol, and the events it emits. */
export class BybitTickers {
  private readonly _tickers = new Map<string, TickerState>()

  /** `fundingHours`: funding interval (hours) per symbol, used when the ticker has none. */
  constructor(private readonly _fundingHours: ReadonlyMap<string, number>) {}

  reset(): void {
    this._tickers.clear()
  }

  /** One `tickers` message (snapshot or delta). */
  map(msg: Obj, localTs: number, out: MappedItem[]): boolean {
    const d = msg.data as Partial<BybitTickerRaw> | undefined
    const ts = msg.ts
    if (!isObj(d) || typeof d.symbol !== 'string' || typeof ts !== 'number') return false
    const symbol = d.symbol
    let st = this._tickers.get(symbol)
    if (!st) {
      st = { rate: NaN, mark: NaN, index: NaN, next: NaN, intervalH: NaN, lastFundingTs: 0 }
      this._tickers.set(symbol, st)
    }
    const prevRate = st.rate
    if (d.fundingRate !== undefined) st.rate = num(d.fundingRate)
    if (d.markPrice !== undefined) st.mark = num(d.markPrice)
    if (d.indexPrice !== undefined) st.index = num(d.indexPrice)
    if (d.nextFundingTime !== undefined) st.next = num(d.nextFundingTime)
    if (d.fundingIntervalHour !== undefined) st.intervalH = num(d.fundingIntervalHour)
    let ok = true
    const single =
      d.singleOpenInterest !== undefined ? num(d.singleOpenInterest) : num(d.openInterest) / 2
    if (d.singleOpenInterest !== undefined || d.openInterest !== undefined) {
      const usd =
        d.singleOpenInterestValue !== undefined
          ? num(d.singleOpenInterestValue)
          : num(d.openInterestValue) / 2
      ok = push(out, {
        type: 'open_interest',
        venue: 'bybit',
        symbol,
        ts,
        localTs,
        oi: single,
        ...(usd >= 0 ? { oiUsd: usd } : {}),
      })
    }
    const touched =
      d.fundingRate !== undefined || d.markPrice !== undefined || d.indexPrice !== undefined
    const due = st.rate !== prevRate || ts - st.lastFundingTs >= 1000
    const intervalHours = st.intervalH > 0 ? st.intervalH : this._fundingHours.get(symbol)
    if (touched && due && Number.isFinite(st.rate) && st.mark > 0 && intervalHours !== undefined) {
      st.lastFundingTs = ts
      const e: MarketEvent = {
        type: 'funding',
        venue: 'bybit',
        symbol,
        ts,
        localTs,
        rate: st.rate,
        intervalHours,
        predicted: true,
        markPrice: st.mark,
        ...(st.index > 0 ? { indexPrice: st.index } : {}),
        ...(st.next > 0 ? { nextFundingTs: st.next } : {}),
      }
      ok = push(out, e) && ok
    }
    return ok
  }
}
