/**
 * Sampling for the truth evaluation: the sample instants (`sampleBars`) and the truth at each of
 * them on the map's price grid (`truthSamples`), with its clusters near the price (`nearPeaks`).
 * @module
 */
import type { Side } from '../../core/types.ts'
import { mapGrid, type ModelBar } from '../../model/index.ts'
import type { TruthLog } from '../../sim/index.ts'
import type { TruthEvalConfig } from './config.ts'
import { findPeaks, type Peak } from './metrics.ts'
import { StandingTruth, type PriceGrid } from './truth-dist.ts'

/** Per side, one value per price bin. */
export interface SideMaps {
  readonly long: Float64Array
  readonly short: Float64Array
}

/** One sample instant: the truth there, on the map's grid around the price. */
export interface TruthSample {
  /** Index of the bar whose close is the instant. */
  readonly bar: number
  /** The instant, UTC ms. */
  readonly at: number
  readonly price: number
  readonly grid: PriceGrid
  /** Bin of the price. */
  readonly pIdx: number
  /** The true standing liquidation notional per bin. */
  readonly truth: SideMaps
  /** Liquidations in the horizon after the instant of positions standing at it, per bin. */
  readonly realized: SideMaps
  /** Their USD totals (including those off the grid). */
  readonly realizedUsd: { readonly long: number; readonly short: number }
  /** The true clusters near the price (`nearPeaks`), found once for every method scored. */
  readonly peaks: { readonly long: Peak[]; readonly short: Peak[] }
}

/** Indices of the bars whose close is a sample instant (after the warm-up, every `everyMs`). */
export function sampleBars(bars: readonly ModelBar[], tfMs: number, c: TruthEvalConfig): number[] {
  const out: number[] = []
  const t0 = bars[0]?.ts ?? 0
  bars.forEach((b, i) => {
    const T = b.ts + tfMs
    if (T - t0 >= c.warmupMs && (T - t0) % c.everyMs === 0) out.push(i)
  })
  return out
}

/** Clusters: hills of the whole side, the three heaviest whose peak is within the window. */
export function nearPeaks(
  s: { readonly pIdx: number; readonly price: number; readonly grid: PriceGrid },
  side: Side,
  arr: Float64Array,
  clusterPct: number,
): Peak[] {
  const [lo, hi] = side === 'long' ? [0, s.pIdx + 1] : [s.pIdx, s.grid.bins]
  const cw = Math.floor((s.price * (clusterPct / 100)) / s.grid.step)
  return findPeaks(arr.subarray(lo, hi), Infinity)
    .filter((q) => Math.abs(lo + q.index - s.pIdx) <= cw)
    .slice(0, 3)
}

/** The truth at the sample bars `at` (ascending). */
export function truthSamples(
  bars: readonly ModelBar[],
  tfMs: number,
  truth: TruthLog,
  at: readonly number[],
  c: TruthEvalConfig,
): TruthSample[] {
  const st = new StandingTruth(truth)
  return at.map((i) => {
    const T = bars[i].ts + tfMs
    const price = bars[i].close
    const grid = { ...mapGrid(price, c.bins, c.rangePct), bins: c.bins }
    const tru = { long: new Float64Array(c.bins), short: new Float64Array(c.bins) }
    const rel = { long: new Float64Array(c.bins), short: new Float64Array(c.bins) }
    st.advanceTo(T)
    st.histogram(1, grid, tru.long)
    st.histogram(-1, grid, tru.short)
    const [rl, rs] = st.realized(T, T + c.horizonMs, grid, rel.long, rel.short, T)
    const pIdx = Math.min(c.bins - 1, Math.max(0, Math.floor((price - grid.priceMin) / grid.step)))
    const at = { pIdx, price, grid }
    return {
      bar: i,
      at: T,
      price,
      grid,
      pIdx,
      truth: tru,
      realized: rel,
      realizedUsd: { long: rl, short: rs },
      peaks: {
        long: nearPeaks(at, 'long', tru.long, c.clusterPct),
        short: nearPeaks(at, 'short', tru.short, c.clusterPct),
      },
    }
  })
}
