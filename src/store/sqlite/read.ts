/**
 * Read queries: rows back into the core shapes (optional columns that are NULL become `undefined`,
 * as the file importer leaves empty cells), always in time order.
 * @module
 */
import type Database from 'better-sqlite3'
import type {
  Bar,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  OpenInterestPoint,
  Side,
  UtcMs,
  Venue,
} from '../../core/types.ts'
import { bucketStart, type TakerTotals } from '../aggregate.ts'
import type { TradeBarRow } from '../store.ts'

/** Time window; `from` inclusive, `to` exclusive. */
export interface Span {
  readonly from: UtcMs
  readonly to: UtcMs
}

const num = (v: number | null): number | undefined => (v === null ? undefined : v)

interface BarSql {
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number | null
  quote_volume: number | null
  taker_buy_volume: number | null
  taker_buy_quote_volume: number | null
}

export function readBars(
  db: Database.Database,
  venue: string,
  symbol: string,
  tf: string,
  span: Span,
): Bar[] {
  const rows = db
    .prepare(
      `SELECT ts, open, high, low, close, volume, quote_volume, taker_buy_volume, taker_buy_quote_volume
       FROM bars WHERE venue = ? AND symbol = ? AND tf = ? AND closed = 1 AND ts >= ? AND ts < ?
       ORDER BY ts`,
    )
    .all(venue, symbol, tf, span.from, span.to) as BarSql[]
  return rows.map((r) => ({
    ts: r.ts,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: num(r.volume),
    quoteVolume: num(r.quote_volume),
    takerBuyVolume: num(r.taker_buy_volume),
    takerBuyQuoteVolume: num(r.taker_buy_quote_volume),
  }))
}

export function readOpenInterest(
  db: Database.Database,
  venues: readonly string[],
  symbol: string,
  span: Span,
): OpenInterestPoint[] {
  if (venues.length === 0) return []
  const rows = db
    .prepare(
      `SELECT venue, ts, oi, oi_usd FROM open_interest
       WHERE symbol = ? AND venue IN (${venues.map(() => '?').join(', ')}) AND ts >= ? AND ts < ?
       ORDER BY ts, venue`,
    )
    .all(symbol, ...venues, span.from, span.to) as {
    venue: Venue
    ts: number
    oi: number
    oi_usd: number | null
  }[]
  return rows.map((r) => ({ ts: r.ts, oi: r.oi, oiUsd: num(r.oi_usd), venue: r.venue }))
}

export function readFunding(
  db: Database.Database,
  venue: string,
  symbol: string,
  span: Span,
): FundingPoint[] {
  const rows = db
    .prepare(
      `SELECT ts, rate, interval_hours FROM funding
       WHERE venue = ? AND symbol = ? AND ts >= ? AND ts < ? ORDER BY ts`,
    )
    .all(venue, symbol, span.from, span.to) as {
    ts: number
    rate: number
    interval_hours: number
  }[]
  return rows.map((r) => ({ ts: r.ts, rate: r.rate, intervalHours: r.interval_hours }))
}

export function readLiquidations(
  db: Database.Database,
  venues: readonly string[] | 'all',
  symbol: string,
  span: Span,
): LiquidationEvent[] {
  const venueSql = venues === 'all' ? '' : `AND venue IN (${venues.map(() => '?').join(', ')})`
  const rows = db
    .prepare(
      `SELECT ts, venue, symbol, side, price, qty, usd FROM liquidations
       WHERE symbol = ? ${venueSql} AND ts >= ? AND ts < ? ORDER BY ts, id`,
    )
    .all(symbol, ...(venues === 'all' ? [] : venues), span.from, span.to) as {
    ts: number
    venue: string
    symbol: string
    side: Side
    price: number
    qty: number
    usd: number
  }[]
  return rows.map((r) => ({
    ts: r.ts,
    venue: r.venue,
    symbol: r.symbol,
    side: r.side,
    price: r.price,
    qty: r.qty,
    usd: r.usd,
  }))
}

export function readLiquidationBars(
  db: Database.Database,
  symbol: string,
  span: Span,
): LiquidationBar[] {
  const rows = db
    .prepare(
      `SELECT ts, interval_s, venues, long_usd, short_usd FROM liquidation_bars
       WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts, venues, interval_s`,
    )
    .all(symbol, span.from, span.to) as {
    ts: number
    interval_s: number
    venues: string
    long_usd: number
    short_usd: number
  }[]
  return rows.map((r) => ({
    ts: r.ts,
    intervalS: r.interval_s,
    venues: r.venues,
    longUsd: r.long_usd,
    shortUsd: r.short_usd,
  }))
}

interface TradeBarSql {
  ts: number
  open: number
  high: number
  low: number
  close: number
  volume: number
  quote_volume: number
  taker_buy_volume: number
  taker_buy_quote_volume: number
  delta: number
  trades: number
  complete: number
}

export function readTradeBars(
  db: Database.Database,
  venue: Venue,
  symbol: string,
  span: Span,
): TradeBarRow[] {
  const rows = db
    .prepare(
      `SELECT * FROM trade_bars WHERE venue = ? AND symbol = ? AND ts >= ? AND ts < ? ORDER BY ts`,
    )
    .all(venue, symbol, span.from, span.to) as TradeBarSql[]
  return rows.map((r) => ({
    venue,
    symbol,
    ts: r.ts,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
    quoteVolume: r.quote_volume,
    takerBuyVolume: r.taker_buy_volume,
    takerBuyQuoteVolume: r.taker_buy_quote_volume,
    delta: r.delta,
    trades: r.trades,
    complete: r.complete === 1,
  }))
}

/**
 * Taker totals per bar of `tfMs` (a whole number of minutes) from complete trade bars, only for
 * bars whose every minute is covered by a complete trade bar.
 */
export function takerTotalsByBar(
  trades: readonly TradeBarRow[],
  tfMs: number,
): Map<UtcMs, TakerTotals> {
  const acc = new Map<UtcMs, TakerTotals & { minutes: number }>()
  for (const t of trades) {
    if (!t.complete) continue
    const start = bucketStart(t.ts, tfMs)
    const a = acc.get(start) ?? {
      volume: 0,
      takerBuyVolume: 0,
      quoteVolume: 0,
      takerBuyQuoteVolume: 0,
      minutes: 0,
    }
    acc.set(start, {
      volume: a.volume + t.volume,
      takerBuyVolume: a.takerBuyVolume + t.takerBuyVolume,
      quoteVolume: a.quoteVolume + t.quoteVolume,
      takerBuyQuoteVolume: a.takerBuyQuoteVolume + t.takerBuyQuoteVolume,
      minutes: a.minutes + 1,
    })
  }
  const need = Math.max(1, Math.round(tfMs / 60_000))
  const out = new Map<UtcMs, TakerTotals>()
  for (const [ts, a] of acc) if (a.minutes === need) out.set(ts, a)
  return out
}
