/**
 * The session review's output: every number the HTML page shows, and `--format json` prints.
 * Times are UTC epoch ms, prices USD, notional estimated USD; rates are shares 0..1.
 * @module
 */
import type { UtcMs } from '../core/types.ts'
import type { Cluster, LiquidationMap } from '../model/types.ts'
import type { BaselineRate, FirstTouch, Outcome, Rate } from './outcome.ts'

export interface ClusterOutcome {
  readonly cluster: Cluster
  readonly outcome: Outcome
  readonly sweptAt: UtcMs | null
  readonly outcomeAt: UtcMs | null
}

export interface Trial {
  readonly at: UtcMs
  readonly price: number
  readonly above: {
    readonly peakPrice: number
    readonly notionalUsd: number
    readonly distancePct: number
  }
  readonly below: {
    readonly peakPrice: number
    readonly notionalUsd: number
    readonly distancePct: number
  }
  readonly nearer: 'above' | 'below'
  readonly heavier: 'above' | 'below'
  readonly first: FirstTouch
}

export interface ReviewReport {
  readonly estimated: true
  readonly symbol: string
  readonly timeframeMs: number
  readonly from: UtcMs
  readonly to: UtcMs
  readonly method: {
    readonly reversalPct: number
    readonly reversalBars: number
    readonly stepHours: number
    readonly seed: number
    readonly draws: number
    readonly warmupBars: number
  }
  readonly notes: readonly string[]
  readonly session: {
    readonly bars: number
    readonly open: number
    readonly high: number
    readonly low: number
    readonly close: number
  }
  readonly start: {
    readonly at: UtcMs
    readonly price: number
    readonly asymmetryRatio: number | null
    readonly clusters: readonly ClusterOutcome[]
  }
  readonly sweeps: {
    readonly swept: Rate
    /** Among swept clusters with a resolved outcome (reversal, continuation or neither). */
    readonly reversal: Rate
    readonly continuation: Rate
    readonly ambiguous: number
    readonly unresolved: number
  }
  readonly sweepsBaseline: {
    readonly swept: BaselineRate
    readonly reversal: BaselineRate
    readonly continuation: BaselineRate
  }
  readonly sideFirst: {
    readonly trials: readonly Trial[]
    /** Trials where price reached one side first (not both in one bar, not neither). */
    readonly nearer: Rate
    readonly heavier: Rate
  }
  readonly sideFirstBaseline: { readonly nearer: BaselineRate; readonly heavier: BaselineRate }
  /** The session's bars (downsampled to at most 600 for the chart). */
  readonly path: readonly {
    readonly t: UtcMs
    readonly h: number
    readonly l: number
    readonly c: number
  }[]
  readonly mapAtStart: Pick<LiquidationMap, 'priceMin' | 'step' | 'long' | 'short'>
}
