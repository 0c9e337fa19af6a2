/**
 * The options and result rows of the truth evaluation (evaluate.ts): the metrics and baselines it
 * reports, and `truthEvalConfig`, which resolves and checks the options.
 * @module
 */
import { UsageError } from '../../core/errors.ts'
import type { Side } from '../../core/types.ts'
import type { ModelParams } from '../../model/index.ts'

export const TRUTH_METRICS = [
  'wasserstein1_pct',
  'binned_corr',
  'cluster_err_pct',
  'top_decile_share',
] as const
export type TruthMetric = (typeof TRUTH_METRICS)[number]
export const TRUTH_BASELINES = ['flat-ladder', 'uniform-band'] as const
/** The goal for the binned correlation (≥). */
export const CORR_GOAL = 0.9

export interface TruthEvalOptions {
  readonly params?: Partial<ModelParams>
  /** Hours of bars before the first sample (the model starts with no positions). Default 48. */
  readonly warmupHours?: number
  /** Minutes between samples. Default 60. */
  readonly sampleEveryMinutes?: number
  /** Map bins over ±rangePct of price. Defaults 200 and 15. */
  readonly bins?: number
  readonly rangePct?: number
  /** Clusters are compared within this % of price. Default 5. */
  readonly clusterWindowPct?: number
  /** Half-width of the uniform band baseline, %. Default 8. */
  readonly bandPct?: number
  /**
   * top_decile_share counts the liquidations, in the `horizonHours` after each sample, of the
   * positions standing at the sample (the ones its map could show). Default 24.
   */
  readonly horizonHours?: number
  /** Also estimate the binned correlation's ceiling (ceiling.ts; one more pass over the truth). */
  readonly ceiling?: boolean
}

export interface TruthEvalRow {
  readonly metric: TruthMetric
  readonly side: Side
  readonly model: number
  readonly baselines: Readonly<Record<string, number>>
  /** Samples the model's value averages (the pooled share for top_decile_share). */
  readonly samples: number
  readonly better: 'lower' | 'higher'
  /** The goal for the model, when it sets one. */
  readonly goal?: string
  /** binned_corr with `ceiling`: the best any map could expect (split-half estimate, ceiling.ts). */
  readonly ceiling?: number
}

function positive(name: string, v: number | undefined, def: number, max: number): number {
  const x = v ?? def
  if (!Number.isFinite(x) || x <= 0 || x > max)
    throw new UsageError(`${name}: ${x} is not in (0, ${max}]`, name)
  return x
}

/** The options of evaluateAgainstTruth, resolved and checked (times in ms). */
export interface TruthEvalConfig {
  readonly warmupMs: number
  readonly everyMs: number
  readonly bins: number
  readonly rangePct: number
  readonly clusterPct: number
  readonly bandPct: number
  readonly horizonMs: number
}

export function truthEvalConfig(opts: TruthEvalOptions = {}): TruthEvalConfig {
  const warmupMs = (opts.warmupHours ?? 48) * 3_600_000
  if (!(warmupMs >= 0)) throw new UsageError('--warmup: must be ≥ 0', '--warmup')
  return {
    warmupMs,
    everyMs: positive('--sample-every', opts.sampleEveryMinutes, 60, 100_000) * 60_000,
    bins: Math.round(positive('--bins', opts.bins, 200, 5000)),
    rangePct: positive('--range', opts.rangePct, 15, 90),
    clusterPct: positive('--cluster-window', opts.clusterWindowPct, 5, 90),
    bandPct: positive('--band', opts.bandPct, 8, 90),
    horizonMs: positive('--horizon', opts.horizonHours, 24, 10_000) * 3_600_000,
  }
}
