/**
 * `liqheat import DIR [--db PATH]`: reads a data folder (Binance Vision klines, metrics and
 * fundingRate CSVs or zips; liqheat's liquidation CSVs) with the same parser as `--data` and
 * stores it. Idempotent: importing the same folder twice writes nothing new.
 * @module
 */
import type { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { isVenue, VENUES, type Venue } from '../../core/types.ts'
import { formatReport } from '../../data/index.ts'
import { importDir, type ImportResult } from '../../ingest/import-dir.ts'
import {
  formatCount,
  formatDuration,
  ProgressBar,
  type ProgressOut,
} from '../../ingest/progress.ts'
import { openStore } from '../../store/open-store.ts'
import { DEFAULT_DB_PATH } from '../../store/store.ts'

export interface ImportFlags {
  db?: string
  venue?: string
  symbol?: string
  interval?: string
  lenient?: boolean
  keepOutliers?: boolean
}

export interface CommandIo {
  readonly out: ProgressOut
  readonly err: ProgressOut
}

const STD_IO: CommandIo = { out: process.stdout, err: process.stderr }

export async function runImport(
  dir: string,
  f: ImportFlags,
  io: CommandIo = STD_IO,
): Promise<ImportResult> {
  const venue = (f.venue ?? 'binance').toLowerCase()
  if (!isVenue(venue))
    throw new UsageError(`--venue: '${f.venue}' is not one of ${VENUES.join(', ')}`, '--venue')
  const db = f.db ?? DEFAULT_DB_PATH
  const started = Date.now()
  const bar = new ProgressBar(io.err)
  const store = openStore(db)
  let r: ImportResult
  try {
    r = await importDir(store, dir, {
      venue: venue as Venue,
      lenient: f.lenient,
      symbol: f.symbol?.toUpperCase(),
      interval: f.interval,
      keepOutliers: f.keepOutliers,
      onProgress: (done, total) => bar.update(`import ${dir}`, done, total > 0 ? done / total : 1),
    })
  } finally {
    bar.finish()
    store.close()
  }
  const ms = Date.now() - started
  io.out.write(`${formatReport(r.report)}\n`)
  const rate = ms > 0 ? (r.rows * 1000) / ms : r.rows
  io.out.write(
    `stored in ${db} as ${r.venue} ${r.report.symbol} ${r.tf}: ${formatCount(r.rows)} rows, ` +
      `${formatCount(r.written)} new or changed, ${formatCount(r.duplicates)} already stored; ` +
      `${formatDuration(ms)} (${formatCount(rate)} rows/s)\n`,
  )
  if (r.repeatedEvents > 0) {
    io.out.write(
      `note: ${formatCount(r.repeatedEvents)} liquidation event(s) repeat another in every key field (venue, symbol, time, side, price, qty) and are stored once\n`,
    )
  }
  return r
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'store a data folder (Binance Vision files, liquidation CSVs) in the database; idempotent',
    )
    .argument('<dir>', 'folder of Binance Vision CSV/ZIP files and liqheat liquidation CSVs')
    .option('--db <path>', `database file (created if missing) [default: ${DEFAULT_DB_PATH}]`)
    .option(
      '--venue <venue>',
      `venue the klines, open interest and funding come from: ${VENUES.join(', ')}`,
      'binance',
    )
    .option('--symbol <symbol>', 'symbol (default: from the file names, else BTCUSDT)')
    .option(
      '--interval <tf>',
      'kline interval to import when the folder holds several (default: the finest)',
    )
    .option('--lenient', 'skip and count malformed rows instead of stopping at the first')
    .option(
      '--keep-outliers',
      'keep liquidation events priced far outside their kline (reported either way)',
    )
    .action(async (dir: string, f: ImportFlags) => {
      await runImport(dir, f)
    })
}
