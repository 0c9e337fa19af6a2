/**
 * `TruthScorer`: scores estimated maps (the model's and the baselines') against the truth samples
 * with the metrics of metrics.ts, and turns the scores into the evaluation's rows.
 * @module
 */
import type { Side } from '../../core/types.ts'
import {
  CORR_GOAL,
  TRUTH_BASELINES,
  TRUTH_METRICS,
  type TruthEvalConfig,
  type TruthEvalRow,
  type TruthMetric,
} from './config.ts'
import { pearsonCorr, peakDistanceBins, topShareCaptured, wasserstein1 } from './metrics.ts'
import { nearPeaks, type SideMaps, type TruthSample } from './samples.ts'

const GOALS: Partial<Record<TruthMetric, string>> = {
  wasserstein1_pct: '≤ 0.5',
  binned_corr: `≥ ${CORR_GOAL}`,
  cluster_err_pct: '≤ 0.3',
}

class Acc {
  sum = 0
  n = 0
  add(x: number): void {
    if (Number.isFinite(x)) {
      this.sum += x
      this.n++
    }
  }
  get mean(): number {
    return this.n > 0 ? this.sum / this.n : Number.NaN
  }
}

/**
 * Accumulates the truth metrics of estimated maps against samples, per method and side; `rows`
 * averages them (the pooled share for top_decile_share).
 */
export class TruthScorer {
  private readonly _acc = new Map<string, Acc>()
  private readonly _captured = new Map<string, number>()
  private readonly _realized = { long: 0, short: 0 }
  private readonly _samples = new Set<TruthSample>()

  constructor(private readonly _c: TruthEvalConfig) {}

  private acc(metric: string, side: Side, method: string): Acc {
    const k = `${metric}|${side}|${method}`
    let x = this._acc.get(k)
    if (!x) this._acc.set(k, (x = new Acc()))
    return x
  }

  /** Adds one method's map at one sample. */
  add(method: string, s: TruthSample, est: SideMaps): void {
    if (!this._samples.has(s)) {
      this._samples.add(s)
      this._realized.long += s.realizedUsd.long
      this._realized.short += s.realizedUsd.short
    }
    const step = s.grid.step
    for (const side of ['long', 'short'] as const) {
      const [lo, hi] = side === 'long' ? [0, s.pIdx + 1] : [s.pIdx, this._c.bins]
      const t = s.truth[side].subarray(lo, hi)
      const e = est[side].subarray(lo, hi)
      this.acc('wasserstein1_pct', side, method).add((wasserstein1(e, t, step) / s.price) * 100)
      this.acc('binned_corr', side, method).add(pearsonCorr(e, t))
      const d = peakDistanceBins(s.peaks[side], nearPeaks(s, side, est[side], this._c.clusterPct))
      this.acc('cluster_err_pct', side, method).add(((d * step) / s.price) * 100)
      const k = `${side}|${method}`
      const r = s.realized[side].subarray(lo, hi)
      this._captured.set(k, (this._captured.get(k) ?? 0) + topShareCaptured(e, r, 0.1))
    }
  }

  /** Mean of `metric` for `method` and `side` over the samples added. */
  value(metric: TruthMetric, side: Side, method: string): number {
    if (metric !== 'top_decile_share') return this.acc(metric, side, method).mean
    return this._realized[side] > 0
      ? (this._captured.get(`${side}|${method}`) ?? 0) / this._realized[side]
      : Number.NaN
  }

  rows(): TruthEvalRow[] {
    const rows: TruthEvalRow[] = []
    for (const metric of TRUTH_METRICS) {
      for (const side of ['long', 'short'] as const) {
        const baselines: Record<string, number> = {}
        for (const b of TRUTH_BASELINES) baselines[b] = this.value(metric, side, b)
        rows.push({
          metric,
          side,
          model: this.value(metric, side, 'model'),
          baselines,
          samples:
            metric === 'top_decile_share' ? this._samples.size : this.acc(metric, side, 'model').n,
          better:
            metric === 'wasserstein1_pct' || metric === 'cluster_err_pct' ? 'lower' : 'higher',
          ...(GOALS[metric] ? { goal: GOALS[metric] } : {}),
        })
      }
    }
    return rows
  }
}
