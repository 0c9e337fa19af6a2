/**
 * `importDir`: reads a data folder with the file importer (`loadDataDir`, the same parser `--data`
 * uses, so `--db` and `--data` give identical results) and writes what it returns into the store,
 * in transactions of `batchRows` rows. Idempotent: every row has a natural key, so importing the
 * same folder again writes nothing.
 * @module
 */
import { loadDataDir, type ImportReport, type LoadOptions } from '../data/index.ts'
import { msToTimeframe } from '../core/time.ts'
import type { Venue } from '../core/types.ts'
import type { Store, StoreBatch } from '../store/store.ts'

export interface ImportOptions extends LoadOptions {
  /** Venue the klines, open interest and funding belong to (Binance Vision files: `binance`). */
  readonly venue?: Venue
  /** Rows per transaction (default 20 000). */
  readonly batchRows?: number
  /** Called after each committed transaction with the rows done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void
}

export interface ImportResult {
  readonly report: ImportReport
  readonly venue: Venue
  readonly tf: string
  readonly rows: number
  readonly written: number
  /** Rows already stored (a re-import) or repeated within the folder. */
  readonly duplicates: number
  /** Liquidation events identical in every natural-key field to another one in the folder (stored once). */
  readonly repeatedEvents: number
}

export async function importDir(
  store: Store,
  dir: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const data = await loadDataDir(dir, opts)
  const venue = opts.venue ?? 'binance'
  const tf = msToTimeframe(data.timeframeMs)
  const { symbol } = data
  const batches: StoreBatch[] = []
  const size = Math.max(1, opts.batchRows ?? 20_000)
  const chunk = <T>(items: readonly T[], wrap: (part: T[]) => StoreBatch): void => {
    for (let i = 0; i < items.length; i += size) batches.push(wrap(items.slice(i, i + size)))
  }
  chunk(data.bars, (part) => ({
    bars: part.map((b) => ({
      venue,
      symbol,
      tf,
      ts: b.ts,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      quoteVolume: b.quoteVolume,
      takerBuyVolume: b.takerBuyVolume,
      takerBuyQuoteVolume: b.takerBuyQuoteVolume,
      closed: true,
    })),
  }))
  chunk(data.openInterest, (part) => ({
    openInterest: part.map((p) => ({
      venue: p.venue ?? venue,
      symbol,
      ts: p.ts,
      oi: p.oi,
      oiUsd: p.oiUsd,
    })),
  }))
  chunk(data.funding, (part) => ({
    funding: part.map((f) => ({
      venue,
      symbol,
      ts: f.ts,
      rate: f.rate,
      intervalHours: f.intervalHours,
    })),
  }))
  chunk(data.liquidationEvents, (part) => ({
    liquidations: part.map((e) => ({
      venue: e.venue,
      symbol: e.symbol,
      ts: e.ts,
      side: e.side,
      price: e.price,
      qty: e.qty,
      usd: e.usd,
    })),
  }))
  chunk(data.liquidationBars, (part) => ({ liquidationBars: part.map((b) => ({ ...b, symbol })) }))

  const total =
    data.bars.length +
    data.openInterest.length +
    data.funding.length +
    data.liquidationEvents.length +
    data.liquidationBars.length
  let done = 0
  let written = 0
  let duplicates = 0
  for (const b of batches) {
    const r = store.writeBatch(b)
    written += r.written
    duplicates += r.duplicates
    done += r.written + r.duplicates
    opts.onProgress?.(done, total)
  }
  const keys = new Set(
    data.liquidationEvents.map(
      (e) => `${e.venue}|${e.symbol}|${e.ts}|${e.side}|${e.price}|${e.qty}`,
    ),
  )
  const repeatedEvents = data.liquidationEvents.length - keys.size
  return { report: data.report, venue, tf, rows: total, written, duplicates, repeatedEvents }
}
