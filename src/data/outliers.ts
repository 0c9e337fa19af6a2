/**
 * Flags liquidation events priced implausibly far from the market: more than `tolerance` (3 %)
 * above the high or below the low of the kline that contains the event. Such prices come from
 * feed glitches (the w3 Bybit recording has a few); they are reported one by one, never dropped
 * silently.
 * @module
 */
import type { Bar, LiquidationEvent } from '../core/types.ts'
import type { MergedSeries } from './merge.ts'
import type { OutlierEvent } from './report.ts'

export const OUTLIER_TOLERANCE = 0.03

export interface OutlierCheck {
  readonly outliers: OutlierEvent[]
  /** Events no kline contains (not checked). */
  readonly unchecked: number
  /** The events that are not outliers, with their origins. */
  readonly kept: MergedSeries<LiquidationEvent>
}

/** Both inputs are in time order; `timeframeMs` is the kline length. */
export function findOutliers(
  events: MergedSeries<LiquidationEvent>,
  bars: readonly Bar[],
  timeframeMs: number,
  tolerance = OUTLIER_TOLERANCE,
): OutlierCheck {
  const outliers: OutlierEvent[] = []
  const kept: MergedSeries<LiquidationEvent> = { items: [], fileOf: [], lines: [] }
  let unchecked = 0
  let j = 0
  for (let i = 0; i < events.items.length; i++) {
    const e = events.items[i]
    while (j < bars.length && bars[j].ts + timeframeMs <= e.ts) j++
    const bar = j < bars.length && bars[j].ts <= e.ts ? bars[j] : undefined
    if (bar === undefined) unchecked++
    else if (e.price > bar.high * (1 + tolerance) || e.price < bar.low * (1 - tolerance)) {
      outliers.push({
        file: events.fileOf[i],
        line: events.lines[i],
        event: e,
        barLow: bar.low,
        barHigh: bar.high,
      })
      continue
    }
    kept.items.push(e)
    kept.fileOf.push(events.fileOf[i])
    kept.lines.push(events.lines[i])
  }
  return { outliers, unchecked, kept }
}

/** Report notes for an outlier check: the outliers by file and line, and the unchecked count. */
export function describeOutliers(check: OutlierCheck, kept: boolean): string[] {
  const notes: string[] = []
  if (check.outliers.length > 0) {
    const byFile = new Map<string, number[]>()
    for (const o of check.outliers) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o.line])
    const where = [...byFile].map(([file, ls]) => {
      const shown = ls.slice(0, 12).join(', ') + (ls.length > 12 ? ', …' : '')
      return `${file} line ${shown}`
    })
    notes.push(
      `${check.outliers.length} liquidation event(s) priced more than ${OUTLIER_TOLERANCE * 100} % outside their kline's high–low range ${kept ? 'kept' : 'dropped'} as outliers: ${where.join('; ')}`,
    )
  }
  if (check.unchecked > 0) {
    notes.push(
      `${check.unchecked} liquidation event(s) outside every kline: not checked for outliers`,
    )
  }
  return notes
}
