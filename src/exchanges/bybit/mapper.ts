/**
 * Bybit v5 public linear WebSocket messages → normalised events. Topics: publicTrade, kline.1,
 * tickers (snapshot then deltas, merged here; carries open interest, funding, mark and index),
 * allLiquidation, orderbook.200. Side conventions: publicTrade `S` is the taker's side;
 * allLiquidation `S` is the liquidated *position's* side (`Buy` ⇒ a long was liquidated —
 * opposite to Binance) and `p` is the bankruptcy price. Ticker `openInterest` counts both sides;
 * we use `singleOpenInterest` (one side) or half of `openInterest`.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, levels, num, parseJson, str, type Obj } from '../parse.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { eventProblem } from '../validate.ts'

/** Bybit kline interval → our timeframe. */
export const BYBIT_TF: Record<string, string> = {
  '1': '1m',
  '3': '3m',
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '120': '2h',
  '240': '4h',
  '360': '6h',
  '720': '12h',
  D: '1d',
  W: '1w',
}

interface TickerState {
  rate: number
  mark: number
  index: number
  next: number
  intervalH: number
  lastFundingTs: number
}

export class BybitMapper implements VenueMapper {
  lastError: string | undefined
  /** Funding interval (hours) per symbol, from instruments-info `fundingInterval`. */
  readonly fundingHours = new Map<string, number>()
  private readonly _tickers = new Map<string, TickerState>()

  reset(): void {
    this._tickers.clear()
  }

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    const msg = parseJson(text)
    if (!isObj(msg)) return 'malformed'
    const topic = msg.topic
    if (typeof topic !== 'string') {
      if (typeof msg.op === 'string') {
        if (msg.success === false) {
          this.lastError = `${msg.op}: ${String(msg.ret_msg)}`
          return 'error'
        }
        return 'control'
      }
      return 'ignored'
    }
    const dot = topic.indexOf('.')
    const kind = topic.slice(0, dot)
    const before = out.length
    let ok: boolean
    switch (kind) {
      case 'publicTrade':
        ok = trades(msg as unknown as BybitTradeMsgRaw, localTs, out)
        break
      case 'kline':
        ok = klines(msg as unknown as BybitKlineMsgRaw, localTs, out)
        break
      case 'allLiquidation':
        ok = liquidations(msg as unknown as BybitLiquidationMsgRaw, localTs, out)
        break
      case 'tickers':
        ok = this._ticker(msg, localTs, out)
        break
      case 'orderbook':
        ok = book(msg as unknown as BybitBookMsgRaw, localTs, out)
        break
      default:
        return 'ignored'
    }
    return ok ? (out.length > before ? 'data' : 'ignored') : 'malformed'
  }

  private _ticker(msg: Obj, localTs: number, out: MappedItem[]): boolean {
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
    const intervalHours = st.intervalH > 0 ? st.intervalH : this.fundingHours.get(symbol)
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

/** Pushes a valid event; false when it fails validation (left out). */
function push(out: MappedItem[], e: MarketEvent): boolean {
  if (eventProblem(e) !== undefined) return false
  out.push(e)
  return true
}

function trades(msg: BybitTradeMsgRaw, localTs: number, out: MappedItem[]): boolean {
  if (!Array.isArray(msg.data)) return false
  let ok = true
  for (const t of msg.data) {
    if (
      !isObj(t) ||
      typeof t.s !== 'string' ||
      typeof t.i !== 'string' ||
      (t.S !== 'Buy' && t.S !== 'Sell')
    ) {
      ok = false
      continue
    }
    const e: MarketEvent = {
      type: 'trade',
      venue: 'bybit',
      symbol: t.s,
      ts: t.T,
      localTs,
      id: t.i,
      price: num(t.p),
      qty: num(t.v),
      takerSide: t.S === 'Buy' ? 'buy' : 'sell',
    }
    ok = push(out, e) && ok
  }
  return ok
}

function klines(msg: BybitKlineMsgRaw, localTs: number, out: MappedItem[]): boolean {
  const parts = typeof msg.topic === 'string' ? msg.topic.split('.') : []
  const tf = BYBIT_TF[parts[1] ?? '']
  const symbol = parts[2]
  if (!Array.isArray(msg.data) || tf === undefined || symbol === undefined) return false
  let ok = true
  for (const k of msg.data) {
    if (!isObj(k)) {
      ok = false
      continue
    }
    const e: MarketEvent = {
      type: 'bar',
      venue: 'bybit',
      symbol,
      ts: k.start,
      localTs,
      tf,
      open: num(k.open),
      high: num(k.high),
      low: num(k.low),
      close: num(k.close),
      volume: num(k.volume),
      quoteVolume: num(k.turnover),
      closed: k.confirm === true,
    }
    ok = push(out, e) && ok
  }
  return ok
}

function liquidations(msg: BybitLiquidationMsgRaw, localTs: number, out: MappedItem[]): boolean {
  if (!Array.isArray(msg.data)) return false
  let ok = true
  for (const l of msg.data) {
    const side = isObj(l)
      ? l.S === 'Buy'
        ? 'long'
        : l.S === 'Sell'
          ? 'short'
          : undefined
      : undefined
    if (!isObj(l) || side === undefined || typeof l.s !== 'string') {
      ok = false
      continue
    }
    const price = num(l.p)
    const qty = num(l.v)
    const e: MarketEvent = {
      type: 'liquidation',
      venue: 'bybit',
      symbol: l.s,
      ts: l.T,
      localTs,
      side,
      price,
      priceKind: 'bankruptcy',
      qty,
      usd: price * qty,
      coverage: 'complete',
    }
    ok = push(out, e) && ok
  }
  return ok
}

function book(msg: BybitBookMsgRaw, localTs: number, out: MappedItem[]): boolean {
  const d = msg.data
  if (!isObj(d)) return false
  const bids = levels(d.b)
  const asks = levels(d.a)
  const symbol = str(d.s)
  if (!bids || !asks || symbol === undefined || typeof d.u !== 'number' || !(msg.ts > 0))
    return false
  if (msg.type !== 'snapshot' && msg.type !== 'delta') return false
  out.push({
    type: 'book_update',
    venue: 'bybit',
    symbol,
    ts: msg.ts,
    localTs,
    kind: msg.type,
    bids,
    asks,
    seq: d.u,
  })
  return true
}

// ---- raw payloads (docs: bybit-exchange/docs v5/websocket/public, 2026-07-24) ------------------

/** `publicTrade.{symbol}` */
export interface BybitTradeMsgRaw {
  topic: string // publicTrade.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    T: number // Trade time, ms
    s: string // Symbol
    S: 'Buy' | 'Sell' // Side of the taker
    v: string // Trade size, base units
    p: string // Trade price
    L: string // Direction of price change (tick direction)
    i: string // Trade id
    BT: boolean // Block trade?
    RPI?: boolean // RPI trade?
    seq?: number // Cross sequence
  }[]
}

/** `kline.{interval}.{symbol}` */
export interface BybitKlineMsgRaw {
  topic: string // kline.1.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    start: number // Bar open time, ms
    end: number // Bar close time, ms
    interval: string // Interval code (1, 5, 60, D…)
    open: string // Open price
    close: string // Close price
    high: string // High price
    low: string // Low price
    volume: string // Volume, base units
    turnover: string // Turnover, quote units
    confirm: boolean // Bar closed?
    timestamp: number // Time of the last matched trade in the bar, ms
  }[]
}

/** `tickers.{symbol}` data (snapshot: all fields; delta: changed fields only) */
export interface BybitTickerRaw {
  symbol: string // Symbol
  markPrice: string // Mark price
  indexPrice: string // Index price
  openInterest: string // Open interest, base units, BOTH sides summed
  openInterestValue: string // Open interest value, USD, both sides
  singleOpenInterest?: string // Open interest of one side, base units (added 2026-06-11)
  singleOpenInterestValue?: string // One side, USD
  fundingRate: string // Current funding rate (fraction per interval)
  nextFundingTime: string // Next funding settlement, ms
  fundingIntervalHour?: string // Funding interval, hours (when present)
}

/** `allLiquidation.{symbol}` */
export interface BybitLiquidationMsgRaw {
  topic: string // allLiquidation.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    T: number // Updated time, ms
    s: string // Symbol
    S: 'Buy' | 'Sell' // Side of the liquidated POSITION (Buy ⇒ long liquidated)
    v: string // Executed size, base units
    p: string // Bankruptcy price
  }[]
}

/** `orderbook.{depth}.{symbol}` */
export interface BybitBookMsgRaw {
  topic: string // orderbook.200.BTCUSDT
  type: 'snapshot' | 'delta' // Snapshot resets the book
  ts: number // System time the data was produced, ms
  data: {
    s: string // Symbol
    b: [string, string][] // Bids [price, size]; size 0 deletes
    a: [string, string][] // Asks [price, size]
    u: number // Update id; u = 1 means a service restart: treat as snapshot
    seq: number // Cross sequence
  }
  cts: number // Matching engine time, ms
}
