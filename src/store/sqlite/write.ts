/**
 * Prepared write statements and the one-transaction batch writer. Every insert is idempotent by
 * natural key: bars, open interest, funding, liquidation bars and trade bars are upserts that only
 * touch a row when a value changed (so `changes` counts real writes), liquidations and books are
 * `DO NOTHING`. A forming bar never overwrites a closed one; an incomplete trade bar never
 * overwrites a complete one; checkpoints only move forward.
 * @module
 */
import type Database from 'better-sqlite3'
import type { StoreBatch, WriteResult } from '../store.ts'

const BAR_UPSERT = `
INSERT INTO bars (venue, symbol, tf, ts, open, high, low, close, volume, quote_volume,
  taker_buy_volume, taker_buy_quote_volume, closed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, tf, ts) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = COALESCE(excluded.volume, bars.volume),
  quote_volume = COALESCE(excluded.quote_volume, bars.quote_volume),
  taker_buy_volume = COALESCE(excluded.taker_buy_volume, bars.taker_buy_volume),
  taker_buy_quote_volume = COALESCE(excluded.taker_buy_quote_volume, bars.taker_buy_quote_volume),
  closed = excluded.closed
WHERE (bars.closed = 0 OR excluded.closed = 1) AND (
  bars.open IS NOT excluded.open OR bars.high IS NOT excluded.high OR bars.low IS NOT excluded.low
  OR bars.close IS NOT excluded.close OR bars.closed IS NOT excluded.closed
  OR (excluded.volume IS NOT NULL AND bars.volume IS NOT excluded.volume)
  OR (excluded.quote_volume IS NOT NULL AND bars.quote_volume IS NOT excluded.quote_volume)
  OR (excluded.taker_buy_volume IS NOT NULL AND bars.taker_buy_volume IS NOT excluded.taker_buy_volume)
  OR (excluded.taker_buy_quote_volume IS NOT NULL
      AND bars.taker_buy_quote_volume IS NOT excluded.taker_buy_quote_volume))`

const OI_UPSERT = `
INSERT INTO open_interest (venue, symbol, ts, oi, oi_usd) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, ts) DO UPDATE SET
  oi = excluded.oi, oi_usd = COALESCE(excluded.oi_usd, open_interest.oi_usd)
WHERE open_interest.oi IS NOT excluded.oi
  OR (excluded.oi_usd IS NOT NULL AND open_interest.oi_usd IS NOT excluded.oi_usd)`

const FUNDING_UPSERT = `
INSERT INTO funding (venue, symbol, ts, rate, interval_hours) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, ts) DO UPDATE SET
  rate = excluded.rate, interval_hours = excluded.interval_hours
WHERE funding.rate IS NOT excluded.rate OR funding.interval_hours IS NOT excluded.interval_hours`

const LIQ_INSERT = `
INSERT INTO liquidations (venue, symbol, ts, side, price, qty, usd, price_kind, coverage, local_ts)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (symbol, ts, venue, side, price, qty) DO NOTHING`

const LIQ_BAR_UPSERT = `
INSERT INTO liquidation_bars (symbol, venues, interval_s, ts, long_usd, short_usd)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (symbol, venues, interval_s, ts) DO UPDATE SET
  long_usd = excluded.long_usd, short_usd = excluded.short_usd
WHERE liquidation_bars.long_usd IS NOT excluded.long_usd
  OR liquidation_bars.short_usd IS NOT excluded.short_usd`

const TRADE_BAR_UPSERT = `
INSERT INTO trade_bars (venue, symbol, ts, open, high, low, close, volume, quote_volume,
  taker_buy_volume, taker_buy_quote_volume, delta, trades, complete)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, ts) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume, quote_volume = excluded.quote_volume,
  taker_buy_volume = excluded.taker_buy_volume,
  taker_buy_quote_volume = excluded.taker_buy_quote_volume,
  delta = excluded.delta, trades = excluded.trades, complete = excluded.complete
WHERE excluded.complete >= trade_bars.complete AND (
  trade_bars.volume IS NOT excluded.volume OR trade_bars.trades IS NOT excluded.trades
  OR trade_bars.close IS NOT excluded.close OR trade_bars.complete IS NOT excluded.complete)`

const BOOK_INSERT = `
INSERT INTO book_snapshots (venue, symbol, ts, local_ts, bids, asks) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, ts) DO NOTHING`

const CHECKPOINT_UPSERT = `
INSERT INTO backfill_progress (venue, symbol, kind, tf, first_ts, last_ts, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (venue, symbol, kind, tf) DO UPDATE SET
  first_ts = MIN(backfill_progress.first_ts, excluded.first_ts),
  last_ts = MAX(backfill_progress.last_ts, excluded.last_ts), updated_at = excluded.updated_at
WHERE excluded.last_ts > backfill_progress.last_ts OR excluded.first_ts < backfill_progress.first_ts`

const HEARTBEAT_UPSERT = `
INSERT INTO stream_heartbeats (venue, last_ts, last_local_ts) VALUES (?, ?, ?)
ON CONFLICT (venue) DO UPDATE SET
  last_ts = MAX(stream_heartbeats.last_ts, excluded.last_ts),
  last_local_ts = MAX(stream_heartbeats.last_local_ts, excluded.last_local_ts)`

/** Compiles the write statements once and returns the batch writer (one transaction per call). */
export function createBatchWriter(db: Database.Database): (batch: StoreBatch) => WriteResult {
  const bar = db.prepare(BAR_UPSERT)
  const oi = db.prepare(OI_UPSERT)
  const funding = db.prepare(FUNDING_UPSERT)
  const liq = db.prepare(LIQ_INSERT)
  const liqBar = db.prepare(LIQ_BAR_UPSERT)
  const tradeBar = db.prepare(TRADE_BAR_UPSERT)
  const book = db.prepare(BOOK_INSERT)
  const checkpoint = db.prepare(CHECKPOINT_UPSERT)
  const heartbeat = db.prepare(HEARTBEAT_UPSERT)

  const write = db.transaction((b: StoreBatch): WriteResult => {
    let written = 0
    let rows = 0
    for (const r of b.bars ?? []) {
      rows++
      written += bar.run(
        r.venue,
        r.symbol,
        r.tf,
        r.ts,
        r.open,
        r.high,
        r.low,
        r.close,
        r.volume ?? null,
        r.quoteVolume ?? null,
        r.takerBuyVolume ?? null,
        r.takerBuyQuoteVolume ?? null,
        r.closed ? 1 : 0,
      ).changes
    }
    for (const r of b.openInterest ?? []) {
      rows++
      written += oi.run(r.venue, r.symbol, r.ts, r.oi, r.oiUsd ?? null).changes
    }
    for (const r of b.funding ?? []) {
      rows++
      written += funding.run(r.venue, r.symbol, r.ts, r.rate, r.intervalHours).changes
    }
    for (const r of b.liquidations ?? []) {
      rows++
      written += liq.run(
        r.venue,
        r.symbol,
        r.ts,
        r.side,
        r.price,
        r.qty,
        r.usd,
        r.priceKind ?? null,
        r.coverage ?? null,
        r.localTs ?? null,
      ).changes
    }
    for (const r of b.liquidationBars ?? []) {
      rows++
      written += liqBar.run(r.symbol, r.venues, r.intervalS, r.ts, r.longUsd, r.shortUsd).changes
    }
    for (const r of b.tradeBars ?? []) {
      rows++
      written += tradeBar.run(
        r.venue,
        r.symbol,
        r.ts,
        r.open,
        r.high,
        r.low,
        r.close,
        r.volume,
        r.quoteVolume,
        r.takerBuyVolume,
        r.takerBuyQuoteVolume,
        r.delta,
        r.trades,
        r.complete ? 1 : 0,
      ).changes
    }
    for (const r of b.books ?? []) {
      rows++
      written += book.run(
        r.venue,
        r.symbol,
        r.ts,
        r.localTs,
        JSON.stringify(r.bids),
        JSON.stringify(r.asks),
      ).changes
    }
    const now = Date.now()
    for (const c of b.checkpoints ?? [])
      checkpoint.run(c.venue, c.symbol, c.kind, c.tf, c.firstTs ?? c.lastTs, c.lastTs, now)
    for (const h of b.heartbeats ?? []) heartbeat.run(h.venue, h.ts, h.localTs)
    return { written, duplicates: rows - written }
  })
  return (batch) => write(batch)
}
