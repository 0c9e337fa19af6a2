/**
 * `loadMarket`: reads one symbol back as the same MarketData the file importer (`loadDataDir`)
 * returns, including an import-style report, so every command gives the same result with `--db`
 * and `--data`. Bars come from the requested (or largest stored) timeframe, or are aggregated from
 * a smaller stored one (complete buckets only); trade-derived bars give a taker split to bars that
 * lack one; stream outages over the span are reported as gaps.
 * @module
 */
import type Database from 'better-sqlite3'
import { DataError } from '../../core/errors.ts'
import { isoUtc } from '../../core/time.ts'
import { VENUES, type Bar, type DataIssue, type Venue } from '../../core/types.ts'
import type { ImportedMarketData, ImportReport } from '../../data/index.ts'
import { aggregateBars, fillTakerSplit, missingRuns } from '../aggregate.ts'
import { canonicalTf, tfMs } from '../event-rows.ts'
import type { LoadMarketOptions } from '../store.ts'
import {
  readBars,
  readFunding,
  readLiquidationBars,
  readLiquidations,
  readOpenInterest,
  readTradeBars,
  takerTotalsByBar,
  type Span,
} from './read.ts'
import { listGaps } from './gaps.ts'

const MAX_LISTED = 20

function storedTfs(db: Database.Database, venue: string, symbol: string): string[] {
  const rows = db
    .prepare('SELECT DISTINCT tf FROM bars WHERE venue = ? AND symbol = ?')
    .all(venue, symbol) as { tf: string }[]
  return rows.map((r) => r.tf).sort((a, b) => tfMs(a) - tfMs(b))
}

function venuesWithBars(db: Database.Database, symbol: string): Venue[] {
  const rows = db.prepare('SELECT DISTINCT venue FROM bars WHERE symbol = ?').all(symbol) as {
    venue: string
  }[]
  const have = new Set(rows.map((r) => r.venue))
  return VENUES.filter((v) => have.has(v))
}

function symbolsStored(db: Database.Database): string[] {
  const rows = db.prepare('SELECT DISTINCT symbol FROM bars ORDER BY symbol').all() as {
    symbol: string
  }[]
  return rows.map((r) => r.symbol)
}

/** The bars at `tf`: stored directly, or aggregated from the largest stored divisor. */
function barsAt(
  db: Database.Database,
  file: string,
  venue: Venue,
  symbol: string,
  tf: string | undefined,
  span: Span,
  issues: DataIssue[],
  notes: string[],
): { bars: Bar[]; tf: string } {
  const tfs = storedTfs(db, venue, symbol)
  const want = tf === undefined ? tfs[tfs.length - 1] : canonicalTf(tf)
  if (tfs.includes(want)) return { bars: readBars(db, venue, symbol, want, span), tf: want }
  const wantMs = tfMs(want)
  const src = [...tfs].reverse().find((t) => wantMs % tfMs(t) === 0)
  if (src === undefined) {
    throw new DataError(
      `${file}: no ${symbol} bars on ${venue} at ${want} or at a timeframe that divides it (stored: ${tfs.join(', ')})`,
      file,
      undefined,
      'tf',
    )
  }
  const { bars, incomplete } = aggregateBars(
    readBars(db, venue, symbol, src, span),
    tfMs(src),
    wantMs,
  )
  notes.push(`${want} bars aggregated from stored ${src} bars`)
  if (incomplete.length > 0) {
    issues.push({
      kind: 'gap',
      file,
      count: incomplete.length,
      message: `${incomplete.length} ${want} bar(s) left out because some ${src} bars are missing (first at ${isoUtc(incomplete[0])})`,
    })
  }
  return { bars, tf: want }
}

export function loadMarketFromDb(
  db: Database.Database,
  file: string,
  opts: LoadMarketOptions,
): ImportedMarketData {
  const { symbol } = opts
  const span: Span = {
    from: opts.from ?? Number.MIN_SAFE_INTEGER,
    to: opts.to ?? Number.MAX_SAFE_INTEGER,
  }
  const withBars = venuesWithBars(db, symbol)
  const selected: Venue[] =
    opts.venue === undefined || opts.venue === 'all' ? withBars : [opts.venue]
  const primary = selected.find((v) => withBars.includes(v))
  if (primary === undefined) {
    const stored = symbolsStored(db)
    const where = opts.venue && opts.venue !== 'all' ? ` on ${opts.venue}` : ''
    const which = withBars.length > 0 ? `; ${symbol} has bars on ${withBars.join(', ')}` : ''
    throw new DataError(
      `${file}: no ${symbol} bars${where}${which} (stored symbols: ${stored.join(', ') || 'none'})`,
      file,
    )
  }
  const issues: DataIssue[] = []
  const notes: string[] = []
  if (selected.length > 1) {
    notes.push(
      `prices, volume and funding from ${primary}; open interest and liquidations from ${selected.join(', ')}`,
    )
  }
  const { bars: raw, tf } = barsAt(db, file, primary, symbol, opts.tf, span, issues, notes)
  const stepMs = tfMs(tf)
  if (raw.length === 0) {
    const range = opts.from !== undefined || opts.to !== undefined
    const within = range ? ` between ${isoUtc(span.from)} and ${isoUtc(span.to)}` : ''
    throw new DataError(`${file}: no closed ${tf} ${symbol} bars on ${primary}${within}`, file)
  }
  let bars = raw
  if (stepMs % 60_000 === 0 && raw.some((b) => b.takerBuyVolume === undefined)) {
    const totals = takerTotalsByBar(readTradeBars(db, primary, symbol, span), stepMs)
    if (totals.size > 0) {
      bars = raw.map((b) => fillTakerSplit(b, totals.get(b.ts)))
      const filled = bars.filter((b, i) => b !== raw[i]).length
      if (filled > 0) notes.push(`taker split of ${filled} bar(s) from ${primary}'s trade stream`)
    }
  }
  const gaps = missingRuns(bars, stepMs).map(([from, count]): DataIssue => ({
    kind: 'gap',
    file,
    count,
    message: `${count} missing bar(s) of ${tf} from ${isoUtc(from)}`,
  }))
  issues.push(...gaps.slice(0, MAX_LISTED))
  if (gaps.length > MAX_LISTED) {
    const rest = gaps.slice(MAX_LISTED)
    const count = rest.reduce((n, g) => n + (g.count ?? 0), 0)
    issues.push({
      kind: 'gap',
      file,
      count,
      message: `and ${rest.length} more gaps (${count} bars in all), not listed`,
    })
  }
  for (const g of listGaps(db, { venues: selected, symbol, overlaps: span })) {
    issues.push({
      kind: 'gap',
      file,
      message:
        `${g.venue} stream down ${isoUtc(g.from)} → ${isoUtc(g.to)} (${g.reason}); ` +
        (g.filled
          ? 'bars, open interest and funding backfilled; liquidations in this span may be missing'
          : 'not backfilled yet'),
    })
  }

  const openInterest = readOpenInterest(db, selected, symbol, span)
  const funding = readFunding(db, primary, symbol, span)
  const liquidationEvents = readLiquidations(
    db,
    opts.venue === undefined || opts.venue === 'all' ? 'all' : selected,
    symbol,
    span,
  )
  const liquidationBars = readLiquidationBars(db, symbol, span)
  const report: ImportReport = {
    files: [file],
    inputsUsed: {
      bars: bars.length > 0,
      volume: bars.length > 0 && bars.every((b) => b.volume !== undefined),
      takerSplit:
        bars.length > 0 &&
        bars.every((b) => b.takerBuyVolume !== undefined && b.volume !== undefined),
      openInterest: openInterest.length > 0,
      funding: funding.length > 0,
      liquidations: liquidationEvents.length > 0 || liquidationBars.length > 0,
    },
    issues,
    skippedRows: 0,
    folder: file,
    symbol,
    timeframe: tf,
    ignored: [],
    notes,
    counts: {
      bars: bars.length,
      openInterest: openInterest.length,
      funding: funding.length,
      liquidationEvents: liquidationEvents.length,
      liquidationBars: liquidationBars.length,
    },
    firstBar: bars.length > 0 ? bars[0].ts : NaN,
    lastBar: bars.length > 0 ? bars[bars.length - 1].ts : NaN,
    outliers: [],
    outliersDropped: false,
  }
  return {
    symbol,
    timeframeMs: stepMs,
    bars,
    openInterest,
    funding,
    liquidationEvents,
    liquidationBars,
    report,
  }
}
