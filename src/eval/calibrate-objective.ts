/**
 * What the calibration maximises (docs/accuracy.md):
 * - **real**: on spans of real data, the margin of the model over the best naive baseline per side
 *   and measure (Spearman, Pearson); the score is the worst margin, ties broken by the mean;
 * - **sim**: on spans of simulated markets with ground truth, the truth metrics (Wasserstein-1,
 *   binned correlation, cluster error; averaged over spans) as log ratios to their goals; the score
 *   is minus the mean log ratio, ties broken by minus the worst;
 * - **joint**: real worst margin up to a floor, then sim, then the real mean.
 * Every score has a `key` compared lexicographically (larger is better). Pure.
 * @module
 */
import type { MarketData, Side } from '../core/types.ts'
import type { ModelParams } from '../model/index.ts'
import type { TruthLog } from '../sim/index.ts'
import { evaluate, METHODS, type EvalResult } from './evaluate.ts'
import {
  evaluateAgainstTruth,
  TRUTH_BASELINES,
  type TruthEvalRow,
  type TruthMetric,
} from './truth/index.ts'

/** A span of real data: bars in [from, to) are compared; earlier bars only warm the model up. */
export interface Span {
  readonly data: MarketData
  readonly name: string
  readonly from: number
  readonly to: number
}

export interface Score {
  /** Compared lexicographically; larger is better. */
  readonly key: readonly number[]
  /**
   * Per key entry, the smallest difference that counts (smaller ones are ties); `better`'s `eps`
   * where absent. A move must beat the best so far by more than this, so a search cannot creep.
   */
  readonly tol?: readonly number[]
}

/** Smallest improvement of a mean margin or a mean log goal ratio that counts. */
export const MEAN_TOL = 0.002

export interface RealScore extends Score {
  /**
   * Smallest (model − best baseline) over every span, side and measure. In the key it is floored
   * to a multiple of REAL_TIE (differences smaller than that are noise and count as ties), then
   * the mean decides.
   */
  readonly worst: number
  readonly mean: number
  readonly results: readonly EvalResult[]
}

/**
 * Worst-margin resolution: the standard error of a difference of two correlations over a few
 * hundred bars is about 0.01, so finer differences in the worst margin are not evidence.
 */
export const REAL_TIE = 0.01

/** Real-data warm-up: hours at the start of each data set skipped for every method. */
export const REAL_WARMUP_HOURS = 24

/** Model − best baseline per row (side × measure); a constant (NaN) correlation counts as 0. */
export function margins(r: EvalResult): number[] {
  const z = (x: number): number => (Number.isFinite(x) ? x : 0)
  return r.rows.map(
    (row) => z(row.values.model) - Math.max(...METHODS.slice(1).map((m) => z(row.values[m]))),
  )
}

export function score(
  spans: readonly Span[],
  params: Partial<ModelParams>,
  warmupHours = REAL_WARMUP_HOURS,
): RealScore {
  return realScoreOf(
    spans.map((s) => evaluate(s.data, params, { from: s.from, to: s.to, warmupHours })),
  )
}

/** The real score of evaluation results (one per span). */
export function realScoreOf(results: readonly EvalResult[]): RealScore {
  const all: number[] = []
  for (const r of results) for (const m of margins(r)) all.push(Number.isFinite(m) ? m : -1)
  const worst = Math.min(...all)
  const mean = all.reduce((a, b) => a + b, 0) / all.length
  const q = Math.floor(worst / REAL_TIE + 1e-9) * REAL_TIE
  return { key: [q, mean], tol: [1e-9, MEAN_TOL], worst, mean, results }
}

/** A simulated market prepared for scoring: public data cut at the span's end, and its truth. */
export interface SimSpan {
  readonly name: string
  /** The public series up to the span's end (the model never reads past it). */
  readonly data: MarketData
  readonly truth: TruthLog
  /** Samples start this many hours after the first bar (≥ the 48 h warm-up). */
  readonly warmupHours: number
}

/** Truth-metric warm-up: the model starts empty while the market has had a burn-in. */
export const SIM_WARMUP_HOURS = 48

/** Cuts `data` to [start, to) and sets the warm-up so samples fall in [from, to). */
export function simSpan(
  name: string,
  data: MarketData,
  truth: TruthLog,
  from = -Infinity,
  to = Infinity,
): SimSpan {
  const start = data.bars[0]?.ts ?? 0
  const cut = <T extends { ts: number }>(xs: readonly T[]): T[] => xs.filter((x) => x.ts < to)
  const sliced: MarketData =
    to === Infinity
      ? data
      : {
          ...data,
          bars: data.bars.filter((b) => b.ts + data.timeframeMs <= to),
          openInterest: cut(data.openInterest),
          funding: cut(data.funding),
          liquidationBars: cut(data.liquidationBars),
          liquidationEvents: cut(data.liquidationEvents),
        }
  const warmupHours = Math.max(SIM_WARMUP_HOURS, (from - start) / 3_600_000)
  return { name, data: sliced, truth, warmupHours }
}

/** The metrics the sim objective uses, with their goals. */
export const SIM_GOALS: Readonly<Partial<Record<TruthMetric, { goal: number; lower: boolean }>>> = {
  wasserstein1_pct: { goal: 0.5, lower: true },
  binned_corr: { goal: 0.9, lower: false },
  cluster_err_pct: { goal: 0.3, lower: true },
}

/** How far a value is from its goal, as a log ratio (≤ 0 meets it). Missing values count as 10×. */
export function logGoalRatio(metric: TruthMetric, value: number): number {
  const g = SIM_GOALS[metric]
  if (!g) return 0
  if (!Number.isFinite(value)) return Math.log(10)
  const ratio = g.lower ? value / g.goal : (1 - value) / (1 - g.goal)
  return Math.log(Math.max(1e-3, ratio))
}

/** Truth rows averaged over spans: model and baselines per (metric, side). */
export interface SimRow {
  readonly metric: TruthMetric
  readonly side: Side
  readonly model: number
  readonly baselines: Readonly<Record<string, number>>
  readonly goal?: string
}

export interface SimScore extends Score {
  /** Mean log goal ratio over the objective's metrics and sides (lower is better). */
  readonly meanLog: number
  readonly worstLog: number
  readonly rows: readonly SimRow[]
  readonly perSpan: readonly (readonly TruthEvalRow[])[]
}

/** Mean of finite values; NaN when there are none. */
const meanOf = (xs: readonly number[]): number => {
  const f = xs.filter(Number.isFinite)
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : Number.NaN
}

/** Averages truth rows over spans (each span's rows in the same order). */
export function averageTruthRows(perSpan: readonly (readonly TruthEvalRow[])[]): SimRow[] {
  const first = perSpan[0] ?? []
  return first.map((r, i) => {
    const baselines: Record<string, number> = {}
    for (const b of TRUTH_BASELINES)
      baselines[b] = meanOf(perSpan.map((rows) => rows[i]?.baselines[b] ?? Number.NaN))
    return {
      metric: r.metric,
      side: r.side,
      model: meanOf(perSpan.map((rows) => rows[i]?.model ?? Number.NaN)),
      baselines,
      ...(r.goal ? { goal: r.goal } : {}),
    }
  })
}

export function simScore(
  spans: readonly SimSpan[],
  params: Partial<ModelParams>,
  opts: { bins?: number } = {},
): SimScore {
  const perSpan = spans.map((s) =>
    evaluateAgainstTruth(s.data, s.truth, {
      params,
      warmupHours: s.warmupHours,
      ...(opts.bins ? { bins: opts.bins } : {}),
    }),
  )
  return simScoreOf(perSpan)
}

/** The sim score of truth rows (one list per span). */
export function simScoreOf(perSpan: readonly (readonly TruthEvalRow[])[]): SimScore {
  const rows = averageTruthRows(perSpan)
  const logs = rows.filter((r) => SIM_GOALS[r.metric]).map((r) => logGoalRatio(r.metric, r.model))
  const meanLog = logs.length ? logs.reduce((a, b) => a + b, 0) / logs.length : Math.log(10)
  const worstLog = logs.length ? Math.max(...logs) : Math.log(10)
  return { key: [-meanLog, -worstLog], tol: [MEAN_TOL, MEAN_TOL], meanLog, worstLog, rows, perSpan }
}

export interface JointScore extends Score {
  readonly real: RealScore
  readonly sim: SimScore
}

/**
 * Lexicographic: the real worst margin (as quantised in its key) counts up to `floor` (every fit
 * at or above the floor is as good), then the sim score decides, then the real mean margin.
 */
export function jointScore(real: RealScore, sim: SimScore, floor: number): JointScore {
  return {
    key: [Math.min(real.key[0], floor), ...sim.key, real.mean],
    tol: [1e-9, MEAN_TOL, MEAN_TOL, MEAN_TOL],
    real,
    sim,
  }
}

/** a better than b: the first key entry differing by more than its tolerance decides. */
export function better(a: Score, b: Score, eps = 1e-4): boolean {
  const n = Math.min(a.key.length, b.key.length)
  for (let i = 0; i < n; i++) {
    const t = a.tol?.[i] ?? eps
    if (a.key[i] > b.key[i] + t) return true
    if (a.key[i] < b.key[i] - t) return false
  }
  return false
}
