/**
 * Accuracy against a simulated market's ground truth. The model reads only the public series; at
 * sample instants (every `sampleEveryMinutes` after `warmupHours`, at bar closes) its liquidation
 * map is compared, side by side, with the true standing distribution on the same price grid, and
 * so are two naive maps (flat-ladder, uniform-band). Method and metrics: docs/simulator.md.
 * @module
 */
import { UsageError } from '../../core/errors.ts'
import type { MarketData, Side } from '../../core/types.ts'
import { LiquidationModel, toModelBars, type ModelParams } from '../../model/index.ts'
import type { TruthLog } from '../../sim/index.ts'
import {
  findPeaks,
  pearsonCorr,
  peakDistanceBins,
  topShareCaptured,
  wasserstein1,
  type Peak,
} from './metrics.ts'
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
}

const METHODS = ['model', ...TRUTH_BASELINES] as const
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

export function evaluateAgainstTruth(
  data: MarketData,
  truth: TruthLog,
  opts: TruthEvalOptions = {},
): TruthEvalRow[] {
  const warmupMs = (opts.warmupHours ?? 48) * 3_600_000
  if (!(warmupMs >= 0)) throw new UsageError('--warmup: must be ≥ 0', '--warmup')
  const everyMs = positive('--sample-every', opts.sampleEveryMinutes, 60, 100_000) * 60_000
  const bins = Math.round(positive('--bins', opts.bins, 200, 5000))
  const rangePct = positive('--range', opts.rangePct, 15, 90)
  const clusterPct = positive('--cluster-window', opts.clusterWindowPct, 5, 90)
  const bandPct = positive('--band', opts.bandPct, 8, 90)
  const horizonMs = positive('--horizon', opts.horizonHours, 24, 10_000) * 3_600_000
  const tf = data.timeframeMs
  const bars = toModelBars(data)
  if (bars.length === 0) return []
  const model = new LiquidationModel(opts.params, { track: false })
  const flat = new FlatLadderMap()
  const st = new StandingTruth(truth)
  const acc = new Map<string, Acc>()
  const a = (metric: string, side: Side, method: string): Acc => {
    const k = `${metric}|${side}|${method}`
    let x = acc.get(k)
    if (!x) acc.set(k, (x = new Acc()))
    return x
  }
  const captured = new Map<string, number>()
  const realizedTot = { long: 0, short: 0 }
  const t0 = bars[0].ts
  const est: Record<string, { long: Float64Array; short: Float64Array }> = {}
  for (const m of METHODS) est[m] = { long: new Float64Array(bins), short: new Float64Array(bins) }
  const tru = { long: new Float64Array(bins), short: new Float64Array(bins) }
  const rel = { long: new Float64Array(bins), short: new Float64Array(bins) }
  for (const bar of bars) {
    model.append(bar)
    flat.append(bar)
    const T = bar.ts + tf
    if (T - t0 < warmupMs || (T - t0) % everyMs !== 0) continue
    const map = model.map({ bins, rangePct })
    const g: PriceGrid = { priceMin: map.priceMin, step: map.step, bins }
    const price = map.price
    for (const arr of [tru, rel, ...Object.values(est)]) {
      arr.long.fill(0)
      arr.short.fill(0)
    }
    est.model.long.set(map.long)
    est.model.short.set(map.short)
    flat.map(g, est['flat-ladder'].long, est['flat-ladder'].short)
    uniformBandMap(price, bandPct, g, est['uniform-band'].long, est['uniform-band'].short)
    st.advanceTo(T)
    st.histogram(1, g, tru.long)
    st.histogram(-1, g, tru.short)
    const [rl, rs] = st.realized(T, T + horizonMs, g, rel.long, rel.short, T)
    realizedTot.long += rl
    realizedTot.short += rs
    const pIdx = Math.min(bins - 1, Math.max(0, Math.floor((price - g.priceMin) / g.step)))
    const cw = Math.floor((price * (clusterPct / 100)) / g.step)
    for (const side of ['long', 'short'] as const) {
      const [lo, hi] = side === 'long' ? [0, pIdx + 1] : [pIdx, bins]
      // Clusters: hills of the whole side, the three heaviest whose peak is within the window.
      const near = (arr: Float64Array): Peak[] =>
        findPeaks(arr.subarray(lo, hi), Infinity)
          .filter((q) => Math.abs(lo + q.index - pIdx) <= cw)
          .slice(0, 3)
      const t = tru[side].subarray(lo, hi)
      const tPeaks = near(tru[side])
      const r = rel[side].subarray(lo, hi)
      for (const m of METHODS) {
        const e = est[m][side].subarray(lo, hi)
        a('wasserstein1_pct', side, m).add((wasserstein1(e, t, g.step) / price) * 100)
        a('binned_corr', side, m).add(pearsonCorr(e, t))
        const d = peakDistanceBins(tPeaks, near(est[m][side]))
        a('cluster_err_pct', side, m).add(((d * g.step) / price) * 100)
        const k = `${side}|${m}`
        captured.set(k, (captured.get(k) ?? 0) + topShareCaptured(e, r, 0.1))
      }
      a('top_decile_share', side, 'model').n++
    }
  }
  const rows: TruthEvalRow[] = []
  for (const metric of TRUTH_METRICS) {
    for (const side of ['long', 'short'] as const) {
      const val = (m: string): number =>
        metric === 'top_decile_share'
          ? realizedTot[side] > 0
            ? (captured.get(`${side}|${m}`) ?? 0) / realizedTot[side]
            : Number.NaN
          : a(metric, side, m).mean
      const baselines: Record<string, number> = {}
      for (const b of TRUTH_BASELINES) baselines[b] = val(b)
      rows.push({
        metric,
        side,
        model: val('model'),
        baselines,
        samples: a(metric, side, 'model').n,
        better: metric === 'wasserstein1_pct' || metric === 'cluster_err_pct' ? 'lower' : 'higher',
        ...(GOALS[metric] ? { goal: GOALS[metric] } : {}),
      })
    }
  }
  return rows
}

/** A plain-text table of the rows. */
export function formatTruthTable(rows: readonly TruthEvalRow[]): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a')
  const head = ['metric', 'side', 'model', ...TRUTH_BASELINES, 'samples', 'goal']
  const body = rows.map((r) => [
    r.metric,
    r.side,
    f(r.model),
    ...TRUTH_BASELINES.map((b) => f(r.baselines[b] ?? Number.NaN)),
    String(r.samples),
    r.goal ?? '',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)))
  return [head, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n')
}
