/**
 * Hyperliquid WebSocket messages → normalised events. Channels: trades, candle (1m),
 * activeAssetCtx (open interest, funding, mark, oracle — no exchange timestamp, so `ts` is our
 * receive time), l2Book (full snapshots, ≤ 20 levels per side). Trade `side` is the aggressor's:
 * `B` = bought, `A` = sold. Candle messages carry no "closed" flag: a bar is emitted closed when
 * the next bar's first update arrives. Funding is hourly. Hyperliquid has NO public liquidation
 * feed (liquidations appear only in a subscribed user's fills).
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, num, parseJson } from '../parse.ts'
import { toCanonical } from '../symbols.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { eventProblem } from '../validate.ts'

/**
 * Sides counted by Hyperliquid's `openInterest`. One third party says two-sided; the official docs
 * do not say. Kept at 1 (one-sided, no halving) until verified against a known position.
 */
export const HL_OI_SIDES = 1
export const HL_FUNDING_HOURS = 1
export const HL_NO_LIQUIDATIONS = 'Hyperliquid has no public liquidation feed'

interface CtxState {
  oi: number
  rate: number
  lastFundingTs: number
}

export class HyperliquidMapper implements VenueMapper {
  lastError: string | undefined
  private readonly _canon = new Map<string, string>()
  private readonly _ctx = new Map<string, CtxState>()
  private readonly _bars = new Map<string, Extract<MarketEvent, { type: 'bar' }>>()

  reset(): void {
    this._ctx.clear()
    this._bars.clear()
  }

  private _symbol(coin: string): string {
    let c = this._canon.get(coin)
    if (c === undefined) {
      c = toCanonical('hyperliquid', coin)
      this._canon.set(coin, c)
    }
    return c
  }

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    const msg = parseJson(text)
    if (!isObj(msg) || typeof msg.channel !== 'string') return 'malformed'
    const before = out.length
    let ok: boolean
    switch (msg.channel) {
      case 'pong':
      case 'subscriptionResponse':
        return 'control'
      case 'error':
        this.lastError = typeof msg.data === 'string' ? msg.data : JSON.stringify(msg.data)
        return 'error'
      case 'trades':
        ok = this._trades(msg.data, localTs, out)
        break
      case 'candle':
        ok = this._candle(msg.data as HyperliquidCandleRaw, localTs, out)
        break
      case 'activeAssetCtx':
        ok = this._ctxMsg(msg.data as HyperliquidAssetCtxMsgRaw, localTs, out)
        break
      case 'l2Book':
        ok = this._book(msg.data as HyperliquidBookRaw, localTs, out)
        break
      default:
        return 'ignored'
    }
    if (!ok) return 'malformed'
    return out.length > before ? 'data' : 'ignored'
  }

  private _trades(data: unknown, localTs: number, out: MappedItem[]): boolean {
    if (!Array.isArray(data)) return false
    let ok = true
    for (const t of data as HyperliquidTradeRaw[]) {
      if (
        !isObj(t) ||
        typeof t.coin !== 'string' ||
        (t.side !== 'B' && t.side !== 'A') ||
        typeof t.tid !== 'number'
      ) {
        ok = false
        continue
      }
      ok =
        push(out, {
          type: 'trade',
          venue: 'hyperliquid',
          symbol: this._symbol(t.coin),
          ts: t.time,
          localTs,
          id: String(t.tid),
          price: num(t.px),
          qty: num(t.sz),
          takerSide: t.side === 'B' ? 'buy' : 'sell',
        }) && ok
    }
    return ok
  }

  private _candle(k: HyperliquidCandleRaw, localTs: number, out: MappedItem[]): boolean {
    if (!isObj(k) || typeof k.s !== 'string' || typeof k.i !== 'string' || typeof k.t !== 'number')
      return false
    const bar: Extract<MarketEvent, { type: 'bar' }> = {
      type: 'bar',
      venue: 'hyperliquid',
      symbol: this._symbol(k.s),
      ts: k.t,
      localTs,
      tf: k.i,
      open: num(k.o),
      high: num(k.h),
      low: num(k.l),
      close: num(k.c),
      volume: num(k.v),
      closed: false,
    }
    if (eventProblem(bar) !== undefined) return false
    const key = `${k.s}|${k.i}`
    const prev = this._bars.get(key)
    if (prev && bar.ts < prev.ts) return true // a late update of an already closed bar
    if (prev && bar.ts > prev.ts) out.push({ ...prev, localTs, closed: true })
    this._bars.set(key, bar)
    out.push(bar)
    return true
  }

  private _ctxMsg(m: HyperliquidAssetCtxMsgRaw, localTs: number, out: MappedItem[]): boolean {
    if (!isObj(m) || typeof m.coin !== 'string' || !isObj(m.ctx)) return false
    const c = m.ctx
    const symbol = this._symbol(m.coin)
    let st = this._ctx.get(m.coin)
    if (!st) {
      st = { oi: NaN, rate: NaN, lastFundingTs: 0 }
      this._ctx.set(m.coin, st)
    }
    const oi = num(c.openInterest) / HL_OI_SIDES
    const mark = num(c.markPx)
    const rate = num(c.funding)
    let ok = true
    if (oi !== st.oi) {
      st.oi = oi
      ok = push(out, {
        type: 'open_interest',
        venue: 'hyperliquid',
        symbol,
        ts: localTs,
        localTs,
        oi,
        ...(mark > 0 ? { oiUsd: oi * mark } : {}),
      })
    }
    if (rate !== st.rate || localTs - st.lastFundingTs >= 1000) {
      st.rate = rate
      st.lastFundingTs = localTs
      const oracle = num(c.oraclePx)
      const nextHour = Math.floor(localTs / 3_600_000) * 3_600_000 + 3_600_000
      ok =
        push(out, {
          type: 'funding',
          venue: 'hyperliquid',
          symbol,
          ts: localTs,
          localTs,
          rate,
          intervalHours: HL_FUNDING_HOURS,
          predicted: true,
          markPrice: mark,
          ...(oracle > 0 ? { indexPrice: oracle } : {}),
          nextFundingTs: nextHour,
        }) && ok
    }
    return ok
  }

  private _book(b: HyperliquidBookRaw, localTs: number, out: MappedItem[]): boolean {
    if (
      !isObj(b) ||
      typeof b.coin !== 'string' ||
      typeof b.time !== 'number' ||
      !Array.isArray(b.levels) ||
      b.levels.length !== 2
    )
      return false
    const bids = hlLevels(b.levels[0])
    const asks = hlLevels(b.levels[1])
    if (!bids || !asks) return false
    out.push({
      type: 'book_update',
      venue: 'hyperliquid',
      symbol: this._symbol(b.coin),
      ts: b.time,
      localTs,
      kind: 'snapshot',
      bids,
      asks,
      seq: b.time,
    })
    return true
  }
}

function hlLevels(v: unknown): [number, number][] | undefined {
  if (!Array.isArray(v)) return undefined
  const out: [number, number][] = []
  for (const l of v) {
    if (!isObj(l)) return undefined
    const px = num(l.px)
    const sz = num(l.sz)
    if (!(px > 0) || !(sz >= 0)) return undefined
    out.push([px, sz])
  }
  return out
}

function push(out: MappedItem[], e: MarketEvent): boolean {
  if (eventProblem(e) !== undefined) return false
  out.push(e)
  return true
}

// ---- raw payloads (docs: hyperliquid GitBook, for-developers/api/websocket, 2026-06) -------------

/** `trades` data item (WsTrade) */
export interface HyperliquidTradeRaw {
  coin: string // Coin, e.g. BTC
  side: 'B' | 'A' // Aggressor side: B = buy (bid), A = sell (ask)
  px: string // Price
  sz: string // Size, base units
  hash: string // Transaction hash
  time: number // Block time, ms
  tid: number // Trade id; unique with (time, coin)
  users: [string, string] // [buyer, seller] addresses
}

/** `candle` data (Candle) */
export interface HyperliquidCandleRaw {
  t: number // Open time, ms
  T: number // Close time, ms
  s: string // Coin
  i: string // Interval, e.g. 1m
  o: string // Open
  c: string // Close
  h: string // High
  l: string // Low
  v: string // Volume, base units
  n: number // Number of trades
}

/** `activeAssetCtx` data (WsActiveAssetCtx for a perp) */
export interface HyperliquidAssetCtxMsgRaw {
  coin: string // Coin
  ctx: {
    dayNtlVlm: string // 24 h notional volume, USD
    prevDayPx: string // Price 24 h ago
    markPx: string // Mark price
    midPx?: string // Book mid
    funding: string // Current hourly funding rate (fraction)
    openInterest: string // Open interest, base units (sides: see HL_OI_SIDES)
    oraclePx: string // Oracle (index) price
    premium?: string // Premium
  }
}

/** `l2Book` data (WsBook) */
export interface HyperliquidBookRaw {
  coin: string // Coin
  time: number // Block time, ms
  levels: [{ px: string; sz: string; n: number }[], { px: string; sz: string; n: number }[]] // [bids, asks]; px price, sz size (base), n orders
}
