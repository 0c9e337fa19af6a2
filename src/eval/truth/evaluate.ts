/**
 * Accuracy against a simulated market's ground truth. The model reads only the public series; at
 * sample instants (every `sampleEveryMinutes` after `warmupHours`, at bar closes) its liquidation
 * map is compared, side by side, with the true standing distribution on the same price grid, and
 * so are two naive maps (flat-ladder, uniform-band). Method and metrics: docs/simulator.md.
 * @module
 */
import { UsageError } from '../../core/errors.ts'
import type { MarketData, Side } from '../../core/types.ts'
import {
  LiquidationModel,
  mapGrid,
  toModelBars,
  type ModelBar,
  type ModelParams,
} from '../../model/index.ts'
import type { TruthLog } from '../../sim/index.ts'
import {
  findPeaks,
  pearsonCorr,
  peakDistanceBins,
  topShareCaptured,
  wasserstein1,
  type Peak,
} from './metrics.ts'
import { correlationCeiling } from './ceiling.ts'
import { FlatLadderMap, uniformBandMap } from './naive-maps.ts'
import { StandingTruth, type PriceGrid } from './truth-dist.ts'

export const TRUTH_METRICS = [
  'wasserstein1_pct',
  'binned_corr',
  'cluster_err_pct',
  'top_decile_share',
] as const
export type TruthMetric = (typeof TRUTH_METRICS)[number]
export const TRUTH_BASELINES = ['flat-ladder', 'uniform-band'] as const

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

const GOALS: Partial<Record<TruthMetric, string>> = {
  wasserstein1_pct: '≤ 0.5',
  binned_corr: '≥ 0.9',
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
function nearPeaks(
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

/** The model's map at the sample bars `at` (ascending), on each sample's grid. */
export function modelMaps(
  bars: readonly ModelBar[],
  at: readonly number[],
  params: Partial<ModelParams> | undefined,
  c: TruthEvalConfig,
): SideMaps[] {
  const model = new LiquidationModel(params, { track: false })
  const out: SideMaps[] = []
  let k = 0
  for (let i = 0; i < bars.length && k < at.length; i++) {
    model.append(bars[i])
    if (i !== at[k]) continue
    const map = model.map({ bins: c.bins, rangePct: c.rangePct })
    out.push({ long: Float64Array.from(map.long), short: Float64Array.from(map.short) })
    k++
  }
  return out
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

/** Adds the naive baselines' maps at every sample to `scorer`. */
export function scoreBaselines(
  bars: readonly ModelBar[],
  samples: readonly TruthSample[],
  scorer: TruthScorer,
  c: TruthEvalConfig,
): void {
  const flat = new FlatLadderMap()
  const est = { long: new Float64Array(c.bins), short: new Float64Array(c.bins) }
  let k = 0
  for (let i = 0; i < bars.length && k < samples.length; i++) {
    flat.append(bars[i])
    const s = samples[k]
    if (i !== s.bar) continue
    est.long.fill(0)
    est.short.fill(0)
    flat.map(s.grid, est.long, est.short)
    scorer.add('flat-ladder', s, est)
    est.long.fill(0)
    est.short.fill(0)
    uniformBandMap(s.price, c.bandPct, s.grid, est.long, est.short)
    scorer.add('uniform-band', s, est)
    k++
  }
}

export function evaluateAgainstTruth(
  data: MarketData,
  truth: TruthLog,
  opts: TruthEvalOptions = {},
): TruthEvalRow[] {
  const c = truthEvalConfig(opts)
  const bars = toModelBars(data)
  if (bars.length === 0) return []
  const at = sampleBars(bars, data.timeframeMs, c)
  const samples = truthSamples(bars, data.timeframeMs, truth, at, c)
  const maps = modelMaps(bars, at, opts.params, c)
  const scorer = new TruthScorer(c)
  samples.forEach((s, k) => scorer.add('model', s, maps[k]))
  scoreBaselines(bars, samples, scorer, c)
  const rows = scorer.rows()
  if (!opts.ceiling) return rows
  const ceil = correlationCeiling(truth, samples)
  return rows.map((r) => (r.metric === 'binned_corr' ? { ...r, ceiling: ceil[r.side] } : r))
}

/** A plain-text table of the rows. */
export function formatTruthTable(rows: readonly TruthEvalRow[]): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a')
  const withCeiling = rows.some((r) => r.ceiling !== undefined)
  const head = [
    'metric',
    'side',
    'model',
    ...TRUTH_BASELINES,
    'samples',
    'goal',
    ...(withCeiling ? ['ceiling'] : []),
  ]
  const body = rows.map((r) => [
    r.metric,
    r.side,
    f(r.model),
    ...TRUTH_BASELINES.map((b) => f(r.baselines[b] ?? Number.NaN)),
    String(r.samples),
    r.goal ?? '',
    ...(withCeiling ? [r.ceiling !== undefined ? `≤ ${f(r.ceiling)}` : ''] : []),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)))
  return [head, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n')
}
