/**
 * Trade → 1m bar aggregation with the taker split and the cumulative volume delta (CVD), so venues
 * whose klines lack a taker split (Bybit, OKX, Hyperliquid) get one. Incremental: each trade
 * updates one open minute; a minute is emitted when a later trade (or `closeBefore`) passes its
 * end. A minute is `complete` only when the stream was up for all of it: the first minute after a
 * start or reconnect, and the minute a disconnect cuts, are marked incomplete (their trades may be
 * partial), and the store never lets an incomplete minute replace a complete one. Minutes without
 * trades inside a connected span are emitted as zero-volume bars at the last price. Duplicate
 * trades (same venue, symbol, id) are dropped; trades for a minute already emitted are counted as
 * `late` and dropped.
 * @module
 */
import type { TradeEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import type { TradeBarRow } from '../store/store.ts'

const MINUTE = 60_000

interface MinuteAcc {
  start: UtcMs
  open: number
  high: number
  low: number
  close: number
  volume: number
  quoteVolume: number
  buy: number
  buyQuote: number
  trades: number
}

interface SymbolState {
  cur: MinuteAcc | undefined
  /** Trades are known complete from this minute start on (undefined = disconnected). */
  coveredFrom: UtcMs | undefined
  lastEmitted: UtcMs | undefined
  lastClose: number | undefined
  cvd: number
  /** Ids seen in the open minute and the one before (dedupe window). */
  ids: Set<string>
  prevIds: Set<string>
}

export interface TradeBarStats {
  readonly trades: number
  readonly duplicates: number
  readonly late: number
}

export class TradeBarAggregator {
  private readonly _states = new Map<string, SymbolState>()
  private _trades = 0
  private _duplicates = 0
  private _late = 0

  get stats(): TradeBarStats {
    return { trades: this._trades, duplicates: this._duplicates, late: this._late }
  }

  /** Running CVD (base units) since this aggregator started, or undefined before any trade. */
  cvd(venue: Venue, symbol: string): number | undefined {
    return this._states.get(`${venue}|${symbol}`)?.cvd
  }

  /** Adds one trade; returns the minutes it closed. */
  add(t: TradeEvent): TradeBarRow[] {
    const key = `${t.venue}|${t.symbol}`
    let s = this._states.get(key)
    if (s === undefined) {
      s = {
        cur: undefined,
        coveredFrom: undefined,
        lastEmitted: undefined,
        lastClose: undefined,
        cvd: 0,
        ids: new Set(),
        prevIds: new Set(),
      }
      this._states.set(key, s)
    }
    if (s.ids.has(t.id) || s.prevIds.has(t.id)) {
      this._duplicates++
      return []
    }
    const start = Math.floor(t.ts / MINUTE) * MINUTE
    if (
      (s.cur !== undefined && start < s.cur.start) ||
      (s.lastEmitted !== undefined && start <= s.lastEmitted)
    ) {
      this._late++
      return []
    }
    this._trades++
    // After a (re)connect, only minutes starting after the first trade are known complete.
    if (s.coveredFrom === undefined) s.coveredFrom = start + MINUTE
    const out: TradeBarRow[] = []
    if (s.cur !== undefined && start > s.cur.start) this._roll(t.venue, t.symbol, s, start, out)
    else if (s.cur === undefined) this._emptyUntil(t.venue, t.symbol, s, start, out)
    if (s.cur === undefined) {
      s.cur = {
        start,
        open: t.price,
        high: t.price,
        low: t.price,
        close: t.price,
        volume: 0,
        quoteVolume: 0,
        buy: 0,
        buyQuote: 0,
        trades: 0,
      }
    }
    const c = s.cur
    if (t.price > c.high) c.high = t.price
    if (t.price < c.low) c.low = t.price
    c.close = t.price
    const quote = t.price * t.qty
    c.volume += t.qty
    c.quoteVolume += quote
    c.trades++
    if (t.takerSide === 'buy') {
      c.buy += t.qty
      c.buyQuote += quote
      s.cvd += t.qty
    } else {
      s.cvd -= t.qty
    }
    s.ids.add(t.id)
    return out
  }

  /** Emits every open minute that ended at or before `ts` (exchange time, minus your grace). */
  closeBefore(venue: Venue, ts: UtcMs): TradeBarRow[] {
    const out: TradeBarRow[] = []
    for (const [key, s] of this._states) {
      if (!key.startsWith(`${venue}|`) || s.cur === undefined) continue
      if (s.cur.start + MINUTE <= ts) {
        const symbol = key.slice(venue.length + 1)
        this._roll(venue, symbol, s, Math.floor(ts / MINUTE) * MINUTE, out)
      }
    }
    return out
  }

  /** Venues with trade state. */
  venues(): Venue[] {
    return [...new Set([...this._states.keys()].map((k) => k.slice(0, k.indexOf('|')) as Venue))]
  }

  /** The venue's stream dropped: emits its open minutes as incomplete and forgets coverage. */
  disconnect(venue: Venue): TradeBarRow[] {
    const out: TradeBarRow[] = []
    for (const [key, s] of this._states) {
      if (!key.startsWith(`${venue}|`)) continue
      if (s.cur !== undefined) {
        out.push(this._row(venue, key.slice(venue.length + 1), s.cur, false))
        s.lastEmitted = s.cur.start
        s.lastClose = s.cur.close
        s.cur = undefined
      }
      s.coveredFrom = undefined
    }
    return out
  }

  /** Emits the open minute and zero-volume minutes up to (not including) `next`. */
  private _roll(
    venue: Venue,
    symbol: string,
    s: SymbolState,
    next: UtcMs,
    out: TradeBarRow[],
  ): void {
    const c = s.cur
    if (c === undefined) return
    out.push(this._row(venue, symbol, c, covered(s, c.start)))
    s.lastEmitted = c.start
    s.lastClose = c.close
    s.cur = undefined
    s.prevIds = s.ids
    s.ids = new Set()
    this._emptyUntil(venue, symbol, s, next, out)
  }

  /** Zero-volume minutes after the last emitted one, up to `next`, while the stream was up. */
  private _emptyUntil(
    venue: Venue,
    symbol: string,
    s: SymbolState,
    next: UtcMs,
    out: TradeBarRow[],
  ): void {
    if (s.lastEmitted === undefined || s.lastClose === undefined) return
    for (let m = s.lastEmitted + MINUTE; m < next; m += MINUTE) {
      if (!covered(s, m)) continue
      out.push(this._row(venue, symbol, emptyMinute(m, s.lastClose), true))
      s.lastEmitted = m
    }
  }

  private _row(venue: Venue, symbol: string, c: MinuteAcc, complete: boolean): TradeBarRow {
    return {
      venue,
      symbol,
      ts: c.start,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      volume: c.volume,
      quoteVolume: c.quoteVolume,
      takerBuyVolume: c.buy,
      takerBuyQuoteVolume: c.buyQuote,
      delta: c.buy - (c.volume - c.buy),
      trades: c.trades,
      complete,
    }
  }
}

function covered(s: SymbolState, minute: UtcMs): boolean {
  return s.coveredFrom !== undefined && minute >= s.coveredFrom
}

function emptyMinute(start: UtcMs, price: number): MinuteAcc {
  return {
    start,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 0,
    quoteVolume: 0,
    buy: 0,
    buyQuote: 0,
    trades: 0,
  }
}
