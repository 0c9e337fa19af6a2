/**
 * OKX v5 public/business WebSocket messages → normalised events. Channels: trades, candle1m
 * (business), open-interest, funding-rate, mark-price, liquidation-orders (instType SWAP), books.
 * Sizes are contracts: × ctVal (BTC-USDT-SWAP 0.01 BTC), which `prepare` loads from instruments.
 * Side conventions: trade `side` is the taker's; liquidation `side` is the liquidation *order's*
 * (`sell` ⇒ long liquidated) unless `posSide` is `long`/`short` (hedge mode), which names the
 * position directly; `bkPx` is the bankruptcy price. The liquidation feed is partial (OKX says it
 * is not every liquidation).
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import type { Side } from '../../core/types.ts'
import { isObj, levels, num, parseJson, str, type Obj } from '../parse.ts'
import { toCanonical } from '../symbols.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { eventProblem } from '../validate.ts'

interface FundingState {
  rate: number
  next: number
  intervalH: number
  mark: number
  lastTs: number
}

export class OkxMapper implements VenueMapper {
  lastError: string | undefined
  /** Contract value (base units per contract) per instId, from /api/v5/public/instruments. */
  readonly ctVal = new Map<string, number>()
  private readonly _canon = new Map<string, string>()
  private readonly _funding = new Map<string, FundingState>()

  reset(): void {
    this._funding.clear()
  }

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    if (text === 'pong') return 'control'
    const msg = parseJson(text)
    if (!isObj(msg)) return 'malformed'
    if (typeof msg.event === 'string') {
      if (msg.event === 'error') {
        this.lastError = `${String(msg.code)} ${String(msg.msg)}`
        return 'error'
      }
      return 'control'
    }
    const arg = msg.arg
    if (!isObj(arg) || typeof arg.channel !== 'string' || !Array.isArray(msg.data)) return 'ignored'
    const before = out.length
    let ok = true
    for (const d of msg.data as unknown[]) {
      if (!isObj(d) && !Array.isArray(d)) {
        ok = false
        continue
      }
      ok = this._item(arg.channel, arg, msg, d, localTs, out) && ok
    }
    if (!ok) return 'malformed'
    return out.length > before ? 'data' : 'ignored'
  }

  private _symbol(instId: string): string {
    let c = this._canon.get(instId)
    if (c === undefined) {
      c = toCanonical('okx', instId)
      this._canon.set(instId, c)
    }
    return c
  }

  private _item(
    channel: string,
    arg: Obj,
    msg: Obj,
    d: Obj | unknown[],
    localTs: number,
    out: MappedItem[],
  ): boolean {
    if (Array.isArray(d)) {
      if (!channel.startsWith('candle')) return false
      return this._candle(
        channel.slice(6),
        str(arg.instId),
        d as unknown as OkxCandleRaw,
        localTs,
        out,
      )
    }
    const instId = str(d.instId) ?? str(arg.instId)
    switch (channel) {
      case 'trades': {
        const t = d as unknown as OkxTradeRaw
        const cv = instId === undefined ? undefined : this.ctVal.get(instId)
        if (instId === undefined || cv === undefined) return instId !== undefined
        if (t.side !== 'buy' && t.side !== 'sell') return false
        return push(out, {
          type: 'trade',
          venue: 'okx',
          symbol: this._symbol(instId),
          ts: num(t.ts),
          localTs,
          id: String(t.tradeId),
          price: num(t.px),
          qty: num(t.sz) * cv,
          takerSide: t.side,
        })
      }
      case 'open-interest': {
        const x = d as unknown as OkxOpenInterestRaw
        if (instId === undefined) return false
        const usd = num(x.oiUsd)
        return push(out, {
          type: 'open_interest',
          venue: 'okx',
          symbol: this._symbol(instId),
          ts: num(x.ts),
          localTs,
          oi: num(x.oiCcy),
          ...(usd >= 0 ? { oiUsd: usd } : {}),
        })
      }
      case 'funding-rate':
        return (
          instId !== undefined &&
          this._fundingRate(instId, d as unknown as OkxFundingRateRaw, localTs, out)
        )
      case 'mark-price':
        return (
          instId !== undefined &&
          this._markPrice(instId, d as unknown as OkxMarkPriceRaw, localTs, out)
        )
      case 'liquidation-orders':
        return (
          instId !== undefined &&
          this._liquidations(instId, d as unknown as OkxLiquidationRaw, localTs, out)
        )
      case 'books':
        return (
          instId !== undefined &&
          this._book(instId, str(msg.action), d as unknown as OkxBookRaw, localTs, out)
        )
      default:
        return true
    }
  }

  private _candle(
    bar: string,
    instId: string | undefined,
    r: OkxCandleRaw,
    localTs: number,
    out: MappedItem[],
  ): boolean {
    const cv = instId === undefined ? undefined : this.ctVal.get(instId)
    if (instId === undefined || cv === undefined) return instId !== undefined
    const tf = bar.replace(/utc$/, '').replace(/[HDW]$/, (u) => u.toLowerCase())
    return push(out, {
      type: 'bar',
      venue: 'okx',
      symbol: this._symbol(instId),
      ts: num(r[0]),
      localTs,
      tf,
      open: num(r[1]),
      high: num(r[2]),
      low: num(r[3]),
      close: num(r[4]),
      volume: num(r[5]) * cv,
      quoteVolume: num(r[7]),
      closed: r[8] === '1',
    })
  }

  private _state(instId: string): FundingState {
    let st = this._funding.get(instId)
    if (!st) {
      st = { rate: NaN, next: NaN, intervalH: NaN, mark: NaN, lastTs: 0 }
      this._funding.set(instId, st)
    }
    return st
  }

  private _fundingRate(
    instId: string,
    x: OkxFundingRateRaw,
    localTs: number,
    out: MappedItem[],
  ): boolean {
    const st = this._state(instId)
    st.rate = num(x.fundingRate)
    const ft = num(x.fundingTime)
    const nft = num(x.nextFundingTime)
    st.next = ft
    st.intervalH = nft > ft ? Math.round((nft - ft) / 3_600_000) : 8
    if (!Number.isFinite(st.rate)) return false
    return this._emitFunding(instId, st, num(x.ts), localTs, out)
  }

  private _markPrice(
    instId: string,
    x: OkxMarkPriceRaw,
    localTs: number,
    out: MappedItem[],
  ): boolean {
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
      symbol: this._symbol(instId),
      ts,
      localTs,
      rate: st.rate,
      intervalHours: st.intervalH,
      predicted: true,
      ...(st.mark > 0 ? { markPrice: st.mark } : {}),
      ...(st.next > 0 ? { nextFundingTs: st.next } : {}),
    })
  }

  private _liquidations(
    instId: string,
    x: OkxLiquidationRaw,
    localTs: number,
    out: MappedItem[],
  ): boolean {
    if (!Array.isArray(x.details)) return false
    const cv = this.ctVal.get(instId)
    if (cv === undefined) return true // an instrument we did not load (not requested)
    let ok = true
    for (const l of x.details) {
      if (!isObj(l)) {
        ok = false
        continue
      }
      const side: Side | undefined =
        l.posSide === 'long' || l.posSide === 'short'
          ? l.posSide
          : l.side === 'sell'
            ? 'long'
            : l.side === 'buy'
              ? 'short'
              : undefined
      if (side === undefined) {
        ok = false
        continue
      }
      const price = num(l.bkPx)
      const qty = num(l.sz) * cv
      ok =
        push(out, {
          type: 'liquidation',
          venue: 'okx',
          symbol: this._symbol(instId),
          ts: num(l.ts),
          localTs,
          side,
          price,
          priceKind: 'bankruptcy',
          qty,
          usd: price * qty,
          coverage: 'partial',
        }) && ok
    }
    return ok
  }

  private _book(
    instId: string,
    action: string | undefined,
    x: OkxBookRaw,
    localTs: number,
    out: MappedItem[],
  ): boolean {
    const cv = this.ctVal.get(instId)
    if (cv === undefined) return true
    const bids = levels(x.bids, cv)
    const asks = levels(x.asks, cv)
    const ts = num(x.ts)
    if (
      !bids ||
      !asks ||
      !(ts > 0) ||
      typeof x.seqId !== 'number' ||
      typeof x.prevSeqId !== 'number'
    )
      return false
    if (action !== 'snapshot' && action !== 'update') return false
    out.push({
      type: 'book_update',
      venue: 'okx',
      symbol: this._symbol(instId),
      ts,
      localTs,
      kind: action === 'snapshot' ? 'snapshot' : 'delta',
      bids,
      asks,
      seq: x.seqId,
      prevSeq: x.prevSeqId,
    })
    return true
  }
}

function push(out: MappedItem[], e: MarketEvent): boolean {
  if (eventProblem(e) !== undefined) return false
  out.push(e)
  return true
}

// ---- raw payloads (docs: okx.com/docs-v5, captured 2026-06-27) -----------------------------------

/** `trades` data item */
export interface OkxTradeRaw {
  instId: string // Instrument id, e.g. BTC-USDT-SWAP
  tradeId: string // Trade id (the last one when aggregated)
  px: string // Price
  sz: string // Size, contracts
  side: 'buy' | 'sell' // Taker side
  ts: string // Trade time, ms
  count: string // Number of trades aggregated
  seqId?: number // Sequence id
}

/** `candle<bar>` data item: [ts, o, h, l, c, vol (contracts), volCcy (base), volCcyQuote (quote), confirm] */
export type OkxCandleRaw = [string, string, string, string, string, string, string, string, string]

/** `open-interest` data item */
export interface OkxOpenInterestRaw {
  instType: string // SWAP
  instId: string // Instrument id
  oi: string // Open interest, contracts
  oiCcy: string // Open interest, base coin
  oiUsd: string // Open interest, USD
  ts: string // Data time, ms
}

/** `funding-rate` data item */
export interface OkxFundingRateRaw {
  instType: string // SWAP
  instId: string // Instrument id
  fundingRate: string // Current period's funding rate (fraction)
  nextFundingRate?: string // Forecast of the next period (may be empty)
  fundingTime: string // Settlement time of the current period, ms
  nextFundingTime: string // Settlement time of the next period, ms
  method: string // current_period | next_period
  ts: string // Data time, ms
}

/** `mark-price` data item */
export interface OkxMarkPriceRaw {
  instType: string // SWAP
  instId: string // Instrument id
  markPx: string // Mark price
  ts: string // Data time, ms
}

/** `liquidation-orders` data item */
export interface OkxLiquidationRaw {
  instId: string // Instrument id
  instFamily: string // e.g. BTC-USDT
  instType: string // SWAP
  uly: string // Underlying
  details: {
    side: 'buy' | 'sell' // Side of the liquidation ORDER (sell ⇒ long liquidated)
    posSide: 'long' | 'short' | 'net' // Position side (long/short in hedge mode, net otherwise)
    bkPx: string // Bankruptcy price
    sz: string // Size, contracts
    bkLoss: string // Bankruptcy loss
    ccy: string // Currency
    ts: string // Liquidation time, ms
  }[]
}

/** `books` data item (action snapshot | update on the message) */
export interface OkxBookRaw {
  asks: [string, string, string, string][] // [price, size (contracts), "0", orders]
  bids: [string, string, string, string][] // [price, size (contracts), "0", orders]
  ts: string // Data time, ms
  checksum: number // Deprecated, always 0
  seqId: number // Sequence id of this message
  prevSeqId: number // Sequence id of the previous message (-1 on snapshot)
}
