/**
 * `loadDataDir`: reads a folder of downloaded market data (Binance Vision klines, metrics and
 * fundingRate CSVs or zips, liqheat's liquidation CSVs) into one MarketData, validated, in time
 * order, without duplicates, with a report of everything it found, chose, fixed or skipped.
 * @module
 */
import { join } from 'node:path'
import { DataError, UsageError } from '../core/errors.ts'
import { msToTimeframe } from '../core/time.ts'
import type { Bar, DataIssue, MarketData } from '../core/types.ts'
import { CsvReader } from './csv-reader.ts'
import type { ClassifiedFile, FileKind } from './file-kinds.ts'
import { mergeSeries, reportGaps, type MergedSeries } from './merge.ts'
import {
  barInputs,
  checkLiquidationBars,
  fillSymbol,
  keepSymbol,
  modalStep,
  sameBar,
  sameFunding,
  sameLiqBar,
  sameOi,
  singleSymbol,
} from './series-checks.ts'
import { describeOutliers, findOutliers } from './outliers.ts'
import { parseRows, type ParsedRows, type RowParser } from './parse-rows.ts'
import { readCsvBytes } from './read-file.ts'
import type { ImportReport } from './report.ts'
import {
  liquidationEventParser,
  parseFundingRow,
  parseKlineRow,
  parseLiquidationBarRow,
  parseMetricsRow,
} from './row-parsers.ts'
import { selectFiles, type Selection } from './select-files.ts'

export interface LoadOptions {
  /** Skip malformed rows (counted and reported) instead of failing. */
  readonly lenient?: boolean
  /** Keep rows with `from <= ts < to` (UTC ms; bars by open time). */
  readonly from?: number
  readonly to?: number
  /** Symbol of the result; also picks the kline files when the folder holds several symbols. */
  readonly symbol?: string
  /** Kline interval to load when several are present (e.g. `5m`); default the finest. */
  readonly interval?: string
  /** Keep liquidation events flagged as price outliers (they are reported either way). */
  readonly keepOutliers?: boolean
}

export interface ImportedMarketData extends MarketData {
  readonly report: ImportReport
}

const DEFAULT_SYMBOL = 'BTCUSDT'
const LISTED_LINES = 5

export async function loadDataDir(
  dir: string,
  opts: LoadOptions = {},
): Promise<ImportedMarketData> {
  const lenient = opts.lenient ?? false
  const from = opts.from ?? -Infinity
  const to = opts.to ?? Infinity
  if (!(from < to)) {
    throw new UsageError(
      `--from (${String(opts.from)}) must be before --to (${String(opts.to)})`,
      '--from',
    )
  }
  const sel = await selectFiles(dir, opts)
  const issues: DataIssue[] = []
  const notes = [...sel.notes]
  const po = { lenient, from, to }
  const contents = await readContents(dir, sel)
  let skippedRows = 0
  const run = <T extends { readonly ts: number }>(
    kind: FileKind,
    parser: (f: ClassifiedFile) => RowParser<T>,
  ): ParsedRows<T>[] =>
    sel.byKind[kind].map((f) => {
      const bytes = contents.get(f.name) ?? new Uint8Array(0)
      const p = parseRows(new CsvReader(f.name, bytes), kind, parser(f), po)
      skippedRows += p.skippedLines.length
      noteFile(p, issues, notes)
      return p
    })
  const merge = <T extends { readonly ts: number }>(
    kind: FileKind,
    parser: (f: ClassifiedFile) => RowParser<T>,
    what: string,
    same: (a: T, b: T) => boolean,
  ): MergedSeries<T> =>
    mergeSeries(run(kind, parser), {
      what,
      dedupe: kind !== 'liquidation-events',
      same,
      lenient,
      issues,
    })

  const bars = merge('klines', () => parseKlineRow, 'bar', sameBar)
  if (bars.items.length === 0) {
    const range = opts.from !== undefined || opts.to !== undefined ? ' in the requested range' : ''
    throw new DataError(`${dir}: the kline files hold no bars${range}`, dir)
  }
  const timeframeMs = timeframeOf(dir, bars, sel)
  reportGaps(bars, timeframeMs, 'bar', issues)

  const oi = merge('metrics', () => parseMetricsRow, 'open interest sample', sameOi)
  const oiStep = modalStep(oi.items)
  if (oiStep !== undefined && oi.items.length > 2) {
    reportGaps(oi, oiStep, 'open interest sample', issues)
  }
  const funding = merge('funding', () => parseFundingRow, 'funding point', sameFunding)
  const liqBars = merge(
    'liquidation-bars',
    () => parseLiquidationBarRow,
    'liquidation bar',
    sameLiqBar,
  )
  checkLiquidationBars(liqBars, timeframeMs, issues, notes)

  const rawEvents = merge(
    'liquidation-events',
    (f) => liquidationEventParser(f.venue ?? '', ''),
    'liquidation event',
    () => false,
  )
  const fileSymbol = sel.fileSymbol
  const symbol = opts.symbol ?? fileSymbol ?? singleSymbol(rawEvents.items) ?? DEFAULT_SYMBOL
  const events = keepSymbol(
    fillSymbol(rawEvents, symbol),
    new Set([symbol, fileSymbol ?? symbol]),
    notes,
  )
  const check = findOutliers(events, bars.items, timeframeMs)
  notes.push(...describeOutliers(check, opts.keepOutliers ?? false))
  const kept = opts.keepOutliers ? events.items : check.kept.items

  const inputs = barInputs(bars, issues)
  const files = Object.values(sel.byKind).flatMap((fs) => fs.map((f) => f.name))
  const report: ImportReport = {
    files,
    inputsUsed: {
      bars: true,
      volume: inputs.volume,
      takerSplit: inputs.takerSplit,
      openInterest: oi.items.length > 0,
      funding: funding.items.length > 0,
      liquidations: kept.length > 0 || liqBars.items.length > 0,
    },
    issues,
    skippedRows,
    folder: dir,
    symbol,
    timeframe: msToTimeframe(timeframeMs),
    ignored: sel.ignored,
    notes,
    counts: {
      bars: bars.items.length,
      openInterest: oi.items.length,
      funding: funding.items.length,
      liquidationEvents: kept.length,
      liquidationBars: liqBars.items.length,
    },
    firstBar: bars.items[0].ts,
    lastBar: bars.items[bars.items.length - 1].ts,
    outliers: check.outliers,
    outliersDropped: !opts.keepOutliers,
  }
  return {
    symbol,
    timeframeMs,
    bars: bars.items,
    openInterest: oi.items,
    funding: funding.items,
    liquidationEvents: kept,
    liquidationBars: liqBars.items,
    report,
  }
}

async function readContents(dir: string, sel: Selection): Promise<Map<string, Uint8Array>> {
  const all = Object.values(sel.byKind).flat()
  const contents = await Promise.all(
    all.map((f) => sel.contents.get(f.name) ?? readCsvBytes(join(dir, f.name), f.name)),
  )
  return new Map(all.map((f, i) => [f.name, contents[i]]))
}

/** Per-file findings: skipped rows, microsecond times, files without rows. */
function noteFile<T>(p: ParsedRows<T>, issues: DataIssue[], notes: string[]): void {
  const n = p.skippedLines.length
  if (n > 0) {
    const first = p.skippedLines.slice(0, LISTED_LINES).join(', ') + (n > LISTED_LINES ? ', …' : '')
    issues.push({
      kind: 'skipped-row',
      file: p.file,
      line: p.skippedLines[0],
      count: n,
      message: `${n} malformed row(s) skipped (lenient): line ${first}`,
    })
  }
  if (p.microsecondCells > 0) {
    notes.push(`${p.file}: ${p.microsecondCells} time(s) in microseconds, converted to ms`)
  }
}

function timeframeOf(dir: string, bars: MergedSeries<Bar>, sel: Selection): number {
  const modal = modalStep(bars.items)
  if (sel.intervalMs === undefined) {
    if (modal === undefined) {
      throw new DataError(
        `${dir}: cannot tell the bar length from one bar; name the file like BTCUSDT-1h.csv`,
        dir,
      )
    }
    return modal
  }
  if (modal !== undefined && modal !== sel.intervalMs) {
    const file = bars.fileOf[0]
    throw new DataError(
      `${file}: the name says ${sel.interval} bars but most open times are ${msToTimeframe(modal)} apart`,
      file,
    )
  }
  return sel.intervalMs
}
