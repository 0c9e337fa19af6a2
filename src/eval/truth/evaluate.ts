/**
 * Accuracy against a simulated market's ground truth. The model reads only the public series; at
 * sample instants (every `sampleEveryMinutes` after `warmupHours`, at bar closes) its liquidation
 * map is compared, side by side, with the true standing distribution on the same price grid, and
 * so are two naive maps (flat-ladder, uniform-band). Method and metrics: docs/simulator.md.
 * @module
 */
import type { MarketData } from '../../core/types.ts'
import { toModelBars } from '../../model/index.ts'
import type { TruthLog } from '../../sim/index.ts'
import { scoreBaselines } from './baselines.ts'
import { correlationCeiling } from './ceiling.ts'
import {
  CORR_GOAL,
  TRUTH_BASELINES,
  truthEvalConfig,
  type TruthEvalOptions,
  type TruthEvalRow,
} from './config.ts'
import { modelMaps } from './model-maps.ts'
import { sampleBars, truthSamples } from './samples.ts'
import { TruthScorer } from './scorer.ts'

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
  const lines = [head, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  '))
  const below = rows.flatMap((r) =>
    r.metric === 'binned_corr' && r.ceiling !== undefined && r.ceiling < CORR_GOAL
      ? [`${r.side} ${f(r.ceiling)}`]
      : [],
  )
  if (below.length > 0)
    lines.push(
      `note: the ceiling (${below.join(', ')}) is the best ` +
        `binned correlation any map could expect on this market; below the goal of ${CORR_GOAL}, ` +
        'the market is too small (too few positions) for that goal at these bins. Larger markets: ' +
        '`liqheat simulate --traders 300000`; see docs/accuracy.md, "Market size".',
    )
  return lines.join('\n')
}
