/**
 * Per-bar accuracy on real data: the model's predicted liquidations (its sweeps) against realized
 * liquidations, beside the two naive baselines, by side, Spearman and Pearson. The method is fixed
 * in docs/accuracy.md: the first `warmupHours` of bars are skipped for every method alike (the
 * model starts with no positions), and only bars with a realized value are compared.
 * @module
 */
import { DataError } from '../core/errors.ts'
import type { MarketData, Side } from '../core/types.ts'
import { runSweeps, toModelBars, type ModelBar, type ModelParams } from '../model/index.ts'
import { adverseMoveBaseline, priorDayBaseline, type BaselineRow } from './baselines.ts'
import { pearson, spearman } from './stats.ts'

export const METHODS = ['model', 'adverse-move×OI', 'beyond-prior-day×OI'] as const
export type Method = (typeof METHODS)[number]

export interface EvalRow {
  readonly side: Side
  readonly measure: 'spearman' | 'pearson'
  readonly values: Readonly<Record<Method, number>>
}

export interface EvalResult {
  readonly bars: number
  readonly from: number
  readonly to: number
  readonly warmupHours: number
  readonly openInterest: boolean
  readonly rows: readonly EvalRow[]
  /** True when the model beats both baselines on every side and measure. */
  readonly beatsBaselines: boolean
}

/** Realized liquidations per bar (USD), from the aggregated file or summed from events. */
export function realizedPerBar(data: MarketData): Map<number, { long: number; short: number }> {
  const out = new Map<number, { long: number; short: number }>()
  if (data.liquidationBars.length > 0) {
    for (const r of data.liquidationBars) out.set(r.ts, { long: r.longUsd, short: r.shortUsd })
    return out
  }
  if (data.liquidationEvents.length === 0) return out
  const tf = data.timeframeMs
  const first = data.bars[0]?.ts ?? 0
  const barOf = (ts: number): number => first + Math.floor((ts - first) / tf) * tf
  // A per-event feed only observes where it recorded: spans between events more than
  // COVERAGE_GAP_MS apart are holes (not zero liquidations) and are left out.
  const events = [...data.liquidationEvents].sort((a, b) => a.ts - b.ts)
  let segStart = events[0].ts
  let prevTs = events[0].ts
  const cover = (a: number, z: number): void => {
    for (let t = barOf(a); t <= barOf(z); t += tf)
      if (!out.has(t)) out.set(t, { long: 0, short: 0 })
  }
  for (const e of events) {
    if (e.ts - prevTs > COVERAGE_GAP_MS) {
      cover(segStart, prevTs)
      segStart = e.ts
    }
    prevTs = e.ts
  }
  cover(segStart, prevTs)
  for (const e of events) {
    const cell = out.get(barOf(e.ts))
    if (!cell) continue
    if (e.side === 'long') cell.long += e.usd
    else cell.short += e.usd
  }
  // Bars with no klines are not compared.
  const barSet = new Set(data.bars.map((b) => b.ts))
  for (const t of [...out.keys()]) if (!barSet.has(t)) out.delete(t)
  return out
}

/** A per-event liquidation feed silent for longer than this is taken to have a hole. */
export const COVERAGE_GAP_MS = 12 * 3_600_000

/** What evaluate compares, before the model runs: the bars, the compared bars and the baselines. */
export interface RealEvalSetup {
  readonly bars: readonly ModelBar[]
  /** Indices of the compared bars (after the warm-up, inside the span, with a realized value). */
  readonly idx: readonly number[]
  readonly realized: { readonly long: Float64Array; readonly short: Float64Array }
  readonly baselines: Readonly<Record<Side, Readonly<Record<string, Float64Array>>>>
  readonly warmupHours: number
  readonly openInterest: boolean
}

export function realEvalSetup(
  data: MarketData,
  opts: { warmupHours?: number; from?: number; to?: number } = {},
): RealEvalSetup {
  const realized = realizedPerBar(data)
  if (realized.size === 0)
    throw new DataError(
      'eval needs realized liquidations: a liquidations-aggregated.csv or liquidations-<exchange>.csv in the folder',
      undefined,
      undefined,
      'liquidations',
    )
  const bars = toModelBars(data)
  const adverse = adverseMoveBaseline(bars)
  const prior = priorDayBaseline(bars)
  const warmupHours = opts.warmupHours ?? 24
  const start = (bars[0]?.ts ?? 0) + warmupHours * 3_600_000
  const from = Math.max(start, opts.from ?? -Infinity)
  const to = opts.to ?? Infinity
  const idx: number[] = []
  bars.forEach((b, i) => {
    if (b.ts >= from && b.ts < to && realized.has(b.ts)) idx.push(i)
  })
  if (idx.length < 10)
    throw new DataError(
      `eval: only ${idx.length} bars have both prices and realized liquidations after the warm-up`,
    )
  const real = (side: Side): Float64Array =>
    Float64Array.from(idx, (i) => {
      const r = realized.get(bars[i].ts)
      return side === 'long' ? (r?.long ?? 0) : (r?.short ?? 0)
    })
  const base = (side: Side): Record<string, Float64Array> => ({
    'adverse-move×OI': pick(adverse, idx, side),
    'beyond-prior-day×OI': pick(prior, idx, side),
  })
  return {
    bars,
    idx,
    realized: { long: real('long'), short: real('short') },
    baselines: { long: base('long'), short: base('short') },
    warmupHours,
    openInterest: data.openInterest.length > 0,
  }
}

/** A side of per-bar rows at the bars `idx`. */
export function pick(
  rows: readonly BaselineRow[],
  idx: readonly number[],
  side: Side,
): Float64Array {
  return Float64Array.from(idx, (i) => (side === 'long' ? rows[i].longUsd : rows[i].shortUsd))
}

/** The comparison, given the model's predictions at the compared bars. */
export function evalResult(
  setup: RealEvalSetup,
  model: { readonly long: Float64Array; readonly short: Float64Array },
): EvalResult {
  const out: EvalRow[] = []
  let beats = true
  for (const side of ['long', 'short'] as const) {
    const y = setup.realized[side]
    const preds: Record<Method, Float64Array> = {
      model: model[side],
      'adverse-move×OI': setup.baselines[side]['adverse-move×OI'],
      'beyond-prior-day×OI': setup.baselines[side]['beyond-prior-day×OI'],
    }
    for (const measure of ['spearman', 'pearson'] as const) {
      const f = measure === 'spearman' ? spearman : pearson
      const values = Object.fromEntries(METHODS.map((m) => [m, f(preds[m], y)])) as Record<
        Method,
        number
      >
      // A constant predictor (e.g. no new daily high in the span) has no correlation: it counts as 0.
      const base = Math.max(
        orZero(values['adverse-move×OI']),
        orZero(values['beyond-prior-day×OI']),
      )
      if (!(values.model > base)) beats = false
      out.push({ side, measure, values })
    }
  }
  const { bars, idx } = setup
  return {
    bars: idx.length,
    from: bars[idx[0]].ts,
    to: bars[idx[idx.length - 1]].ts,
    warmupHours: setup.warmupHours,
    openInterest: setup.openInterest,
    rows: out,
    beatsBaselines: beats,
  }
}

export function evaluate(
  data: MarketData,
  params?: Partial<ModelParams>,
  opts: { warmupHours?: number; from?: number; to?: number } = {},
): EvalResult {
  const setup = realEvalSetup(data, opts)
  const sweeps = runSweeps(setup.bars, params)
  return evalResult(setup, {
    long: pick(sweeps, setup.idx, 'long'),
    short: pick(sweeps, setup.idx, 'short'),
  })
}

const orZero = (x: number): number => (Number.isFinite(x) ? x : 0)

export function formatEval(r: EvalResult): string {
  const head = ['side', 'measure', ...METHODS]
  const lines = r.rows.map((row) => [
    row.side,
    row.measure,
    ...METHODS.map((m) =>
      Number.isFinite(row.values[m]) ? row.values[m].toFixed(3) : 'n/a (constant)',
    ),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ')
  return [
    `bars compared: ${r.bars} (${new Date(r.from).toISOString()} → ${new Date(r.to).toISOString()}), warm-up ${r.warmupHours} h skipped${r.openInterest ? '' : '; no open interest: baselines use OI = 1, the model seeds from volume'}`,
    fmt(head),
    ...lines.map(fmt),
    r.beatsBaselines
      ? 'model beats both baselines on every side and measure'
      : 'model does NOT beat both baselines everywhere',
  ].join('\n')
}
