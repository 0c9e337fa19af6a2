/**
 * The naive baselines the model must beat, computed per bar exactly as the issue defines them.
 * Pure. See docs/accuracy.md.
 * @module
 */
import type { ModelBar } from '../model/types.ts'

export interface BaselineRow {
  readonly ts: number
  readonly longUsd: number
  readonly shortUsd: number
}

const DAY = 86_400_000

/** Open interest in USD at the bar's open: the previous bar's close OI × open (× 1 without OI). */
function oiUsdAt(bars: readonly ModelBar[], i: number): number {
  const prev = i > 0 ? bars[i - 1].oi : bars[i].oi
  return prev !== undefined ? prev * bars[i].open : 1
}

/** Adverse move × open interest: (open − low)/open for longs, (high − open)/open for shorts. */
export function adverseMoveBaseline(bars: readonly ModelBar[]): BaselineRow[] {
  return bars.map((b, i) => {
    const oi = oiUsdAt(bars, i)
    return {
      ts: b.ts,
      longUsd: ((b.open - b.low) / b.open) * oi,
      shortUsd: ((b.high - b.open) / b.open) * oi,
    }
  })
}

/**
 * Move beyond the prior UTC day's extreme × open interest: for longs max(0, PDL − low)/open,
 * for shorts max(0, high − PDH)/open, where PDL/PDH are the previous calendar day's low/high
 * (0 for bars of the first day in the data).
 */
export function priorDayBaseline(bars: readonly ModelBar[]): BaselineRow[] {
  const days = new Map<number, { low: number; high: number }>()
  for (const b of bars) {
    const d = Math.floor(b.ts / DAY)
    const e = days.get(d)
    if (!e) days.set(d, { low: b.low, high: b.high })
    else {
      if (b.low < e.low) e.low = b.low
      if (b.high > e.high) e.high = b.high
    }
  }
  return bars.map((b, i) => {
    const prior = days.get(Math.floor(b.ts / DAY) - 1)
    const oi = oiUsdAt(bars, i)
    if (!prior) return { ts: b.ts, longUsd: 0, shortUsd: 0 }
    return {
      ts: b.ts,
      longUsd: (Math.max(0, prior.low - b.low) / b.open) * oi,
      shortUsd: (Math.max(0, b.high - prior.high) / b.open) * oi,
    }
  })
}
