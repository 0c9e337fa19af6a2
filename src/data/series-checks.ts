/**
 * Checks over merged series used by the loader: the modal spacing of times, row equality for
 * duplicate detection, liquidation-bar spacing, symbol filtering of events and whether the bars
 * carry volume and the taker split.
 * @module
 */
import { msToTimeframe } from '../core/time.ts'
import type {
  Bar,
  DataIssue,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  OpenInterestPoint,
} from '../core/types.ts'
import { reportGaps, type MergedSeries } from './merge.ts'

/** The most common positive spacing between consecutive times (ties: the smallest). */
export function modalStep(items: readonly { readonly ts: number }[]): number | undefined {
  // Fast path: a step shared by more than half of the spacings is the mode.
  if (items.length > 2) {
    const step = items[1].ts - items[0].ts
    let same = 0
    for (let i = 1; i < items.length; i++) if (items[i].ts - items[i - 1].ts === step) same++
    if (step > 0 && same * 2 > items.length - 1) return step
  }
  const counts = new Map<number, number>()
  for (let i = 1; i < items.length; i++) {
    const d = items[i].ts - items[i - 1].ts
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1)
  }
  let best: number | undefined
  let bestCount = 0
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== undefined && d < best)) {
      best = d
      bestCount = c
    }
  }
  return best
}

export function sameBar(a: Bar, b: Bar): boolean {
  return (
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.volume === b.volume &&
    a.quoteVolume === b.quoteVolume &&
    a.takerBuyVolume === b.takerBuyVolume &&
    a.takerBuyQuoteVolume === b.takerBuyQuoteVolume
  )
}

export function sameOi(a: OpenInterestPoint, b: OpenInterestPoint): boolean {
  return a.oi === b.oi && a.oiUsd === b.oiUsd
}

export function sameFunding(a: FundingPoint, b: FundingPoint): boolean {
  return a.rate === b.rate && a.intervalHours === b.intervalHours
}

export function sameLiqBar(a: LiquidationBar, b: LiquidationBar): boolean {
  return (
    a.intervalS === b.intervalS &&
    a.venues === b.venues &&
    a.longUsd === b.longUsd &&
    a.shortUsd === b.shortUsd
  )
}

export function checkLiquidationBars(
  s: MergedSeries<LiquidationBar>,
  timeframeMs: number,
  issues: DataIssue[],
  notes: string[],
): void {
  if (s.items.length === 0) return
  const sizes = [...new Set(s.items.map((b) => b.intervalS))]
  if (sizes.length > 1) notes.push(`liquidation bars of several lengths: ${sizes.join(', ')} s`)
  const stepMs = sizes[0] * 1000
  if (stepMs !== timeframeMs) {
    notes.push(
      `liquidation bars are ${sizes[0]} s long but klines are ${msToTimeframe(timeframeMs)}`,
    )
  }
  reportGaps(s, stepMs, 'liquidation bar', issues)
}

/** The one symbol named by the events, if they name exactly one. */
export function singleSymbol(events: readonly LiquidationEvent[]): string | undefined {
  const symbols = new Set(events.map((e) => e.symbol).filter((x) => x !== ''))
  return symbols.size === 1 ? [...symbols][0] : undefined
}

/** Gives events without a symbol cell the loaded symbol. */
export function fillSymbol(
  s: MergedSeries<LiquidationEvent>,
  symbol: string,
): MergedSeries<LiquidationEvent> {
  if (s.items.every((e) => e.symbol !== '')) return s
  return { ...s, items: s.items.map((e) => (e.symbol === '' ? { ...e, symbol } : e)) }
}

/** Keeps events of the loaded symbol; notes the others. */
export function keepSymbol(
  s: MergedSeries<LiquidationEvent>,
  symbols: ReadonlySet<string>,
  notes: string[],
): MergedSeries<LiquidationEvent> {
  if (s.items.every((e) => symbols.has(e.symbol))) return s
  const keep = s.items.map((e) => symbols.has(e.symbol))
  const others = [...new Set(s.items.filter((_, i) => !keep[i]).map((e) => e.symbol))]
  notes.push(
    `${keep.filter((k) => !k).length} liquidation event(s) for other symbols (${others.join(', ')}) not loaded`,
  )
  return {
    items: s.items.filter((_, i) => keep[i]),
    fileOf: s.fileOf.filter((_, i) => keep[i]),
    lines: s.lines.filter((_, i) => keep[i]),
  }
}

/** Whether every bar has volume / the taker split; reports bars that lack what others have. */
export function barInputs(
  bars: MergedSeries<Bar>,
  issues: DataIssue[],
): { volume: boolean; takerSplit: boolean } {
  const items = bars.items
  const n = items.length
  let noVolume = 0
  let noTaker = 0
  let firstNoVolume = -1
  let firstNoTaker = -1
  for (let i = 0; i < n; i++) {
    const b = items[i]
    if (b.volume === undefined && noVolume++ === 0) firstNoVolume = i
    if (b.takerBuyVolume === undefined && noTaker++ === 0) firstNoTaker = i
  }
  const report = (missing: number, first: number, label: string): void => {
    if (missing === 0 || missing === n) return
    issues.push({
      kind: 'missing-column',
      file: bars.fileOf[first],
      line: bars.lines[first],
      count: missing,
      message: `${label} empty on ${missing} of ${n} bars (first here): ${label} input off`,
    })
  }
  report(noVolume, firstNoVolume, 'volume')
  report(noTaker, firstNoTaker, 'taker split')
  return { volume: noVolume === 0, takerSplit: noTaker === 0 && noVolume === 0 }
}
