/**
 * Binance USDⓈ-M WebSocket messages → normalised events. Combined-stream frames
 * (`{"stream":..,"data":..}`) from `/market` (aggTrade, kline, markPrice, forceOrder) and
 * `/public` (depth). Side conventions: aggTrade `m` = buyer is maker ⇒ the taker sold;
 * forceOrder `S` is the liquidation *order's* side, so `SELL` ⇒ a long was liquidated.
 * forceOrder is a sample: at most one (the largest) order per symbol per second.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, levels, num, parseJson, str, type Obj } from '../parse.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { eventProblem } from '../validate.ts'

/** Binance's default funding interval; symbols with another one are listed by /fapi/v1/fundingInfo. */
export const BINANCE_DEFAULT_FUNDING_H = 8

export class BinanceMapper implements VenueMapper {
  lastError: string | undefined
  /** Funding interval (hours) per symbol, from /fapi/v1/fundingInfo. */
  readonly fundingHours = new Map<string, number>()

  reset(): void {}

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    const msg = parseJson(text)
    if (!isObj(msg)) return 'malformed'
    const data = msg.data
    if (!isObj(data)) {
      if ('result' in msg && 'id' in msg) return 'control'
      if (isObj(msg.error)) {
        this.lastError = `${String(msg.error.code)} ${String(msg.error.msg)}`
        return 'error'
      }
      return 'ignored'
    }
    const item = this._data(data, localTs)
    if (item === undefined) return 'malformed'
    if (item === null) return 'ignored'
    out.push(item)
    return 'data'
  }

  /** undefined = malformed, null = not a type we map. */
  private _data(d: Obj, localTs: number): MappedItem | undefined | null {
    switch (d.e) {
      case 'aggTrade':
        return valid(aggTrade(d as unknown as BinanceAggTradeRaw, localTs))
      case 'kline':
        return valid(kline(d as unknown as BinanceKlineRaw, localTs))
      case 'markPriceUpdate':
        return valid(markPrice(d as unknown as BinanceMarkPriceRaw, localTs, this.fundingHours))
      case 'forceOrder':
        return valid(forceOrder(d as unknown as BinanceForceOrderRaw, localTs))
      case 'depthUpdate':
        return depth(d as unknown as BinanceDepthRaw, localTs)
      default:
        return null
    }
  }
}

function valid(e: MarketEvent | undefined): MarketEvent | undefined {
  return e !== undefined && eventProblem(e) === undefined ? e : undefined
}

function aggTrade(d: BinanceAggTradeRaw, localTs: number): MarketEvent | undefined {
  const symbol = str(d.s)
  if (symbol === undefined || typeof d.a !== 'number' || typeof d.m !== 'boolean') return undefined
  return {
    type: 'trade',
    venue: 'binance',
    symbol,
    ts: d.T,
    localTs,
    id: String(d.a),
    price: num(d.p),
    qty: num(d.q),
    takerSide: d.m ? 'sell' : 'buy',
  }
}

function kline(d: BinanceKlineRaw, localTs: number): MarketEvent | undefined {
  const k = d.k
  if (!isObj(k) || typeof k.s !== 'string' || typeof k.i !== 'string') return undefined
  return {
    type: 'bar',
    venue: 'binance',
    symbol: k.s,
    ts: k.t,
    localTs,
    tf: k.i,
    open: num(k.o),
    high: num(k.h),
    low: num(k.l),
    close: num(k.c),
    volume: num(k.v),
    quoteVolume: num(k.q),
    takerBuyVolume: num(k.V),
    takerBuyQuoteVolume: num(k.Q),
    closed: k.x === true,
  }
}

function markPrice(
  d: BinanceMarkPriceRaw,
  localTs: number,
  hours: Map<string, number>,
): MarketEvent | undefined {
  const symbol = str(d.s)
  if (symbol === undefined) return undefined
  return {
    type: 'funding',
    venue: 'binance',
    symbol,
    ts: d.E,
    localTs,
    rate: num(d.r),
    intervalHours: hours.get(symbol) ?? BINANCE_DEFAULT_FUNDING_H,
    predicted: true,
    markPrice: num(d.p),
    indexPrice: num(d.i),
    ...(typeof d.T === 'number' && d.T > 0 ? { nextFundingTs: d.T } : {}),
  }
}

function forceOrder(d: BinanceForceOrderRaw, localTs: number): MarketEvent | undefined {
  const o = d.o
  if (!isObj(o) || typeof o.s !== 'string') return undefined
  const side = o.S === 'SELL' ? 'long' : o.S === 'BUY' ? 'short' : undefined
  if (side === undefined) return undefined
  const avg = num(o.ap)
  const price = avg > 0 ? avg : num(o.p)
  const filled = num(o.z)
  const qty = filled > 0 ? filled : num(o.q)
  return {
    type: 'liquidation',
    venue: 'binance',
    symbol: o.s,
    ts: o.T,
    localTs,
    side,
    price,
    priceKind: avg > 0 ? 'avg_fill' : 'order',
    qty,
    usd: qty * price,
    coverage: 'sampled_1s_max',
  }
}

function depth(d: BinanceDepthRaw, localTs: number): MappedItem | undefined {
  const bids = levels(d.b)
  const asks = levels(d.a)
  const symbol = str(d.s)
  if (!bids || !asks || symbol === undefined) return undefined
  if (typeof d.U !== 'number' || typeof d.u !== 'number' || typeof d.pu !== 'number')
    return undefined
  const ts = typeof d.T === 'number' ? d.T : d.E
  if (!(ts > 0)) return undefined
  return {
    type: 'book_update',
    venue: 'binance',
    symbol,
    ts,
    localTs,
    kind: 'delta',
    bids,
    asks,
    seq: d.u,
    firstSeq: d.U,
    prevSeq: d.pu,
  }
}

// ---- raw payloads (docs: websocket-market-streams, scraped 2026-05-28) ---------------------------

/** `<symbol>@aggTrade` */
export interface BinanceAggTradeRaw {
  e: 'aggTrade' // Event type
  E: number // Event time, ms
  s: string // Symbol, e.g. BTCUSDT
  a: number // Aggregate trade id
  p: string // Price
  q: string // Quantity, base units (includes RPI fills)
  nq?: string // Quantity excluding RPI fills
  f: number // First trade id
  l: number // Last trade id
  T: number // Trade time, ms
  m: boolean // Is the buyer the market maker? true ⇒ taker sold
}

/** `<symbol>@kline_<interval>` */
export interface BinanceKlineRaw {
  e: 'kline' // Event type
  E: number // Event time, ms
  s: string // Symbol
  k: {
    t: number // Kline start (open) time, ms
    T: number // Kline close time, ms
    s: string // Symbol
    i: string // Interval, e.g. 1m
    f: number // First trade id
    L: number // Last trade id
    o: string // Open price
    c: string // Close price
    h: string // High price
    l: string // Low price
    v: string // Base asset volume
    n: number // Number of trades
    x: boolean // Is this kline closed?
    q: string // Quote asset volume
    V: string // Taker buy base asset volume
    Q: string // Taker buy quote asset volume
    B: string // Ignore
  }
}

/** `<symbol>@markPrice@1s` */
export interface BinanceMarkPriceRaw {
  e: 'markPriceUpdate' // Event type
  E: number // Event time, ms
  s: string // Symbol
  p: string // Mark price
  i: string // Index price
  P: string // Estimated settle price (only useful in the last hour before settlement)
  r: string // Funding rate (current interval's, fraction)
  T: number // Next funding time, ms
}

/** `<symbol>@forceOrder` */
export interface BinanceForceOrderRaw {
  e: 'forceOrder' // Event type
  E: number // Event time, ms
  o: {
    s: string // Symbol
    S: 'BUY' | 'SELL' // Side of the liquidation ORDER (SELL ⇒ long position liquidated)
    o: string // Order type (LIMIT)
    f: string // Time in force (IOC)
    q: string // Original quantity, base units
    p: string // Order price
    ap: string // Average fill price
    X: string // Order status (FILLED…)
    l: string // Last filled quantity
    z: string // Accumulated filled quantity
    T: number // Trade time, ms
  }
}

/** `<symbol>@depth@100ms` */
export interface BinanceDepthRaw {
  e: 'depthUpdate' // Event type
  E: number // Event time, ms
  T: number // Transaction time, ms
  s: string // Symbol
  U: number // First update id in event
  u: number // Final update id in event
  pu: number // Final update id of the previous event
  b: [string, string][] // Bids to update [price, absolute qty]; qty 0 removes
  a: [string, string][] // Asks to update
}
