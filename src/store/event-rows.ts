/**
 * Maps normalised live events to store rows. Trades are not stored one by one (the StoreWriter
 * aggregates them into 1m trade bars first); predicted funding is not stored (only settled rates
 * are history); disconnects are handled by the collector. Those are counted as `ignored`.
 * @module
 */
import { DataError } from '../core/errors.ts'
import type { MarketEvent } from '../core/events.ts'
import { msToTimeframe, timeframeToMs } from '../core/time.ts'
import type { StoreBatch } from './store.ts'

/** Canonical timeframe string (`60m` → `1h`, `1H` → `1h`); throws DataError on nonsense. */
export function canonicalTf(tf: string): string {
  const ms = timeframeToMs(tf)
  if (ms === undefined)
    throw new DataError(
      `tf: '${tf}' is not a timeframe (e.g. 1m, 5m, 1h)`,
      undefined,
      undefined,
      'tf',
    )
  return msToTimeframe(ms)
}

export function tfMs(tf: string): number {
  const ms = timeframeToMs(tf)
  if (ms === undefined)
    throw new DataError(
      `tf: '${tf}' is not a timeframe (e.g. 1m, 5m, 1h)`,
      undefined,
      undefined,
      'tf',
    )
  return ms
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type BatchArrays = { [K in keyof StoreBatch]-?: Mutable<NonNullable<StoreBatch[K]>> }

export function eventsToBatch(events: readonly MarketEvent[]): {
  batch: StoreBatch
  ignored: number
} {
  const b: Pick<BatchArrays, 'bars' | 'openInterest' | 'funding' | 'liquidations' | 'books'> = {
    bars: [],
    openInterest: [],
    funding: [],
    liquidations: [],
    books: [],
  }
  let ignored = 0
  const tfCache = new Map<string, string>()
  for (const e of events) {
    switch (e.type) {
      case 'bar': {
        let tf = tfCache.get(e.tf)
        if (tf === undefined) {
          tf = canonicalTf(e.tf)
          tfCache.set(e.tf, tf)
        }
        b.bars.push({
          venue: e.venue,
          symbol: e.symbol,
          tf,
          ts: e.ts,
          open: e.open,
          high: e.high,
          low: e.low,
          close: e.close,
          volume: e.volume,
          quoteVolume: e.quoteVolume,
          takerBuyVolume: e.takerBuyVolume,
          takerBuyQuoteVolume: e.takerBuyQuoteVolume,
          closed: e.closed,
        })
        break
      }
      case 'open_interest':
        b.openInterest.push({
          venue: e.venue,
          symbol: e.symbol,
          ts: e.ts,
          oi: e.oi,
          oiUsd: e.oiUsd,
        })
        break
      case 'funding':
        if (e.predicted) ignored++
        else
          b.funding.push({
            venue: e.venue,
            symbol: e.symbol,
            ts: e.ts,
            rate: e.rate,
            intervalHours: e.intervalHours,
          })
        break
      case 'liquidation':
        b.liquidations.push({
          venue: e.venue,
          symbol: e.symbol,
          ts: e.ts,
          side: e.side,
          price: e.price,
          qty: e.qty,
          usd: e.usd,
          priceKind: e.priceKind,
          coverage: e.coverage,
          localTs: e.localTs,
        })
        break
      case 'book':
        b.books.push({
          venue: e.venue,
          symbol: e.symbol,
          ts: e.ts,
          localTs: e.localTs,
          bids: e.bids,
          asks: e.asks,
        })
        break
      case 'trade':
      case 'disconnect':
        ignored++
        break
    }
  }
  return { batch: b, ignored }
}
