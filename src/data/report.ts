/**
 * The import report: the core DataReport plus what only the file importer knows (ignored files,
 * notes, counts, outlier events), and `formatReport`, the few human lines every command prints.
 * @module
 */
import { isoUtc } from '../core/time.ts'
import type { DataIssue, DataReport, LiquidationEvent, UtcMs } from '../core/types.ts'
import type { IgnoredFile } from './file-kinds.ts'

/** A liquidation event priced far outside the high–low range of the kline that contains it. */
export interface OutlierEvent {
  readonly file: string
  readonly line: number
  readonly event: LiquidationEvent
  readonly barLow: number
  readonly barHigh: number
}

/** What `loadDataDir` found, beyond the core DataReport. */
export interface ImportReport extends DataReport {
  readonly folder: string
  readonly symbol: string
  /** Bar length, e.g. `30m`. */
  readonly timeframe: string
  readonly ignored: readonly IgnoredFile[]
  /** Choices and conversions made (interval chosen, microseconds converted, ...). */
  readonly notes: readonly string[]
  readonly counts: {
    readonly bars: number
    readonly openInterest: number
    readonly funding: number
    readonly liquidationEvents: number
    readonly liquidationBars: number
  }
  /** Open time of the first and last bar. */
  readonly firstBar: UtcMs
  readonly lastBar: UtcMs
  /** Liquidation events more than 3 % outside their kline's range. */
  readonly outliers: readonly OutlierEvent[]
  /** Whether the outliers were removed from `liquidationEvents` (default) or kept. */
  readonly outliersDropped: boolean
}

export function isImportReport(r: DataReport): r is ImportReport {
  return 'notes' in r && 'ignored' in r && 'counts' in r
}

/** The missing inputs and what the model does without them. */
function missingInputs(r: DataReport): string[] {
  const u = r.inputsUsed
  const out: string[] = []
  if (!u.volume) out.push('no volume in the klines')
  if (!u.takerSplit) out.push('no taker split: aggressor tilt off')
  if (!u.openInterest) {
    out.push(u.volume ? 'no open interest: seeding from volume' : 'no open interest and no volume')
  }
  if (!u.funding) out.push('no funding rates')
  if (!u.liquidations) out.push('no realized liquidations: nothing to score the map against')
  return out
}

function issueLine(i: DataIssue): string {
  const where = i.line === undefined ? i.file : `${i.file}:${i.line}`
  return `  ${i.kind} ${where}: ${i.message}`
}

/** A few human lines: files read/ignored, inputs used/missing, notes, issues, skipped rows. */
export function formatReport(report: DataReport): string {
  const lines: string[] = []
  const ext = isImportReport(report) ? report : undefined
  if (ext) lines.push(`data: ${ext.folder} (${ext.symbol}, ${ext.timeframe} bars)`)
  lines.push(`files read (${report.files.length}): ${report.files.join(', ') || 'none'}`)
  if (ext && ext.ignored.length > 0) {
    const list = ext.ignored.map((f) => `${f.name} (${f.reason})`).join('; ')
    lines.push(`files ignored (${ext.ignored.length}): ${list}`)
  }
  if (ext) {
    const c = ext.counts
    lines.push(
      `bars: ${c.bars} × ${ext.timeframe}, ${isoUtc(ext.firstBar)} → ${isoUtc(ext.lastBar)}; ` +
        `open interest ${c.openInterest}, funding ${c.funding}, ` +
        `liquidation bars ${c.liquidationBars}, liquidation events ${c.liquidationEvents}`,
    )
  }
  const u = report.inputsUsed
  const used = [
    u.volume && 'volume',
    u.takerSplit && 'taker split',
    u.openInterest && 'open interest',
    u.funding && 'funding',
    u.liquidations && 'liquidations',
  ].filter((x): x is string => typeof x === 'string')
  lines.push(`inputs: bars${used.map((x) => `, ${x}`).join('')}`)
  for (const m of missingInputs(report)) lines.push(`  ${m}`)
  for (const n of ext?.notes ?? []) lines.push(`note: ${n}`)
  if (report.issues.length === 0) lines.push('issues: none')
  else lines.push(`issues (${report.issues.length}):`, ...report.issues.map(issueLine))
  if (report.skippedRows > 0) lines.push(`skipped rows (lenient): ${report.skippedRows}`)
  return lines.join('\n')
}
