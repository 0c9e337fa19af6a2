/**
 * How well any map could correlate with the truth, bin by bin. The true standing distribution of
 * a finite market is lumpy: a few thousand positions with heavy-tailed sizes. No map built from
 * public data can know where each lump is, only the expected shape, so the binned correlation has
 * a ceiling below 1. It is estimated the way test reliability is: split the positions into two
 * random halves, correlate the halves' maps at each sample (r), step up to the whole population
 * by Spearman–Brown (ρ = 2r / (1 + r)), and take √ρ — the correlation of the truth with its own
 * expected shape. Positions of one trader are correlated (a favourite leverage), so splitting by
 * position over-states r, and the ceiling is, if anything, too high. docs/accuracy.md.
 * @module
 */
import type { Side } from '../../core/types.ts'
import type { TruthLog } from '../../sim/index.ts'
import { pearsonCorr } from './metrics.ts'
import { StandingTruth, type PriceGrid } from './truth-dist.ts'

/** A fixed pseudo-random half of the position ids (Knuth's multiplicative hash). */
export function inHalf(id: number): boolean {
  return (Math.imul(id + 1, 2654435761) >>> 0) % 2 === 0
}

export interface CeilingSample {
  /** The sample instant, UTC ms. */
  readonly at: number
  readonly grid: PriceGrid
  /** Bin of the price. */
  readonly pIdx: number
}

/** Mean over the samples of the per-sample ceiling √(2r / (1 + r)), r clamped at 0, per side. */
export function correlationCeiling(
  truth: TruthLog,
  samples: readonly CeilingSample[],
): Record<Side, number> {
  const a = new StandingTruth(truth)
  const acc = { long: { sum: 0, n: 0 }, short: { sum: 0, n: 0 } }
  for (const s of samples) {
    a.advanceTo(s.at)
    for (const side of ['long', 'short'] as const) {
      const sign = side === 'long' ? 1 : -1
      const x = new Float64Array(s.grid.bins)
      const y = new Float64Array(s.grid.bins)
      a.histogram(sign, s.grid, x, inHalf)
      a.histogram(sign, s.grid, y, (id) => !inHalf(id))
      const [lo, hi] = side === 'long' ? [0, s.pIdx + 1] : [s.pIdx, s.grid.bins]
      const r = pearsonCorr(x.subarray(lo, hi), y.subarray(lo, hi))
      if (!Number.isFinite(r)) continue
      const rc = Math.max(0, r)
      acc[side].sum += Math.sqrt((2 * rc) / (1 + rc))
      acc[side].n++
    }
  }
  return {
    long: acc.long.n ? acc.long.sum / acc.long.n : Number.NaN,
    short: acc.short.n ? acc.short.sum / acc.short.n : Number.NaN,
  }
}
