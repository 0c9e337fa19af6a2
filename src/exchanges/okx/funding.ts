/**
 * OKX `funding-rate` and `mark-price` items → funding events. The two channels arrive separately,
 * so the last rate, settlement time, interval and mark are kept per instrument and each funding
 * event carries all of them (`predicted`: the rate of the period in progress). Rates are fractions
 * per interval; times ms.
 * @module
 */
import { num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push, type OkxContext } from './emit.ts'
import type { OkxFundingRateRaw, OkxMarkPriceRaw } from './raw.ts'

interface FundingState {
  rate: number
  next: number
  intervalH: number
  mark: number
  lastTs: number
}

/** Funding state per instId, and the funding events it emits. */
export class OkxFunding {
  private readonly _funding = new Map<string, FundingState>()

  constructor(private readonly _ctx: OkxContext) {}

  reset(): void {
    this._funding.clear()
  }

  private _state(instId: string): FundingState {
    let st = this._funding.get(instId)
    if (!st) {
      st = { rate: NaN, next: NaN, intervalH: NaN, mark: NaN, lastTs: 0 }
      this._funding.set(instId, st)
    }
    return st
  }

  fundingRate(instId: string, x: OkxFundingRateRaw, localTs: number, out: MappedItem[]): boolean {
    const st = this._state(instId)
    st.rate = num(x.fundingRate)
    const ft = num(x.fundingTime)
    const nft = num(x.nextFundingTime)
    st.next = ft
    st.intervalH = nft > ft ? Math.round((nft - ft) / 3_600_000) : 8
    if (!Number.isFinite(st.rate)) return false
    return this._emitFunding(instId, st, num(x.ts), localTs, out)
  }

  markPrice(instId: string, x: OkxMarkPriceRaw, localTs: number, out: MappedItem[]): boolean {
    const st = this._state(instId)
    st.mark = num(x.markPx)
    if (!(st.mark > 0)) return false
    const ts = num(x.ts)
    // Mark ticks every 200 ms: at most one funding event per second per instrument.
    if (!Number.isFinite(st.rate) || ts - st.lastTs < 1000) return true
    return this._emitFunding(instId, st, ts, localTs, out)
  }

  private _emitFunding(
    instId: string,
    st: FundingState,
    ts: number,
    localTs: number,
    out: MappedItem[],
  ): boolean {
    st.lastTs = ts
    return push(out, {
      type: 'funding',
      venue: 'okx',
      symbol: this._ctx.symbol(instId),
      ts,
      localTs,
      rate: st.rate,
      intervalHours: st.intervalH,
      predicted: true,
      ...(st.mark > 0 ? { markPrice: st.mark } : {}),
      ...(st.next > 0 ? { nextFundingTs: st.next } : {}),
    })
  }
}
