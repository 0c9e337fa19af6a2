/**
 * The model is linear in its rung weights: books of different rungs never interact, and a rung's
 * seeds scale with its weight (with `aggressorTilt` 0, which no longer renormalises across rungs
 * per bar). So the map and the per-bar sweeps of any weighting are the weighted sums of one-rung
 * runs, and every metric here is scale-free. A basis holds those one-rung runs, per rung and per
 * half-life of a grid, for one span; scoring a point is then a few sums instead of a model run.
 * `rung-basis.test.ts` checks the sums against direct runs. Pure; used by calibrate-rungs.ts.
 * @module
 */
import { runSweeps, toModelBars, type ModelParams } from '../model/index.ts'
import type { SimSpan, Span } from './calibrate-objective.ts'
import { evalResult, pick, realEvalSetup, type EvalResult, type RealEvalSetup } from './evaluate.ts'
import {
  modelMaps,
  sampleBars,
  scoreBaselines,
  TruthScorer,
  truthEvalConfig,
  truthSamples,
  type SideMaps,
  type TruthEvalConfig,
  type TruthEvalRow,
  type TruthSample,
} from './truth/index.ts'

/** A weighting of a ladder: a weight per rung (any scale, ≥ 0) and a half-life grid index. */
export interface RungPoint {
  readonly weights: readonly number[]
  readonly halfLife: readonly number[]
}

export interface RungLadder {
  /** Leverage of each rung. */
  readonly leverages: readonly number[]
  /** Half-lives (hours) a rung may take. */
  readonly halfLifeGrid: readonly number[]
  /** Every other parameter (levelSpread, entrySpread, …); aggressorTilt is forced to 0. */
  readonly base?: Partial<ModelParams>
}

/** The parameters of one rung alone, at the half-life `hours`. */
export function oneRungParams(l: RungLadder, rung: number, hours: number): Partial<ModelParams> {
  return {
    ...l.base,
    aggressorTilt: 0,
    leverages: [l.leverages[rung]],
    leverageWeights: [1],
    halfLifeHours: [hours],
  }
}

/** The model parameters of a point (weights normalised; zero-weight rungs kept). */
export function rungPointParams(l: RungLadder, pt: RungPoint): Partial<ModelParams> {
  const sum = pt.weights.reduce((a, b) => a + b, 0)
  return {
    ...l.base,
    aggressorTilt: 0,
    leverages: [...l.leverages],
    leverageWeights: pt.weights.map((w) => w / sum),
    halfLifeHours: pt.halfLife.map((j) => l.halfLifeGrid[j]),
  }
}

function checkPoint(l: RungLadder, pt: RungPoint): void {
  const n = l.leverages.length
  if (pt.weights.length !== n || pt.halfLife.length !== n)
    throw new RangeError(`a point needs ${n} weights and half-lives`)
  if (!pt.weights.some((w) => w > 0)) throw new RangeError('a point needs a positive weight')
}

/** One span of real data: each rung's predicted liquidations at the compared bars. */
export class RealBasis {
  readonly setup: RealEvalSetup
  /** [rung][half-life index] → per side, predicted USD per compared bar. */
  readonly sweeps: { long: Float64Array; short: Float64Array }[][]

  constructor(
    readonly ladder: RungLadder,
    readonly span: Span,
    warmupHours: number,
  ) {
    this.setup = realEvalSetup(span.data, { from: span.from, to: span.to, warmupHours })
    const { bars, idx } = this.setup
    this.sweeps = ladder.leverages.map((_, i) =>
      ladder.halfLifeGrid.map((h) => {
        const rows = runSweeps(bars, oneRungParams(ladder, i, h))
        return { long: pick(rows, idx, 'long'), short: pick(rows, idx, 'short') }
      }),
    )
  }

  result(pt: RungPoint): EvalResult {
    checkPoint(this.ladder, pt)
    const n = this.setup.idx.length
    const model = { long: new Float64Array(n), short: new Float64Array(n) }
    pt.weights.forEach((w, i) => {
      if (!(w > 0)) return
      const s = this.sweeps[i][pt.halfLife[i]]
      for (const side of ['long', 'short'] as const) addScaled(model[side], s[side], w)
    })
    return evalResult(this.setup, model)
  }
}

/** One simulated market: each rung's map at every sample instant. */
export class SimBasis {
  readonly config: TruthEvalConfig
  readonly samples: readonly TruthSample[]
  /** [rung][half-life index][sample] → the rung's map. */
  readonly maps: SideMaps[][][]
  /** The naive maps' rows: they do not depend on the point. */
  private readonly _baselineRows: readonly TruthEvalRow[]

  constructor(
    readonly ladder: RungLadder,
    readonly span: SimSpan,
  ) {
    const c = truthEvalConfig({ warmupHours: span.warmupHours })
    this.config = c
    const bars = toModelBars(span.data)
    const tf = span.data.timeframeMs
    const at = sampleBars(bars, tf, c)
    this.samples = truthSamples(bars, tf, span.truth, at, c)
    this.maps = ladder.leverages.map((_, i) =>
      ladder.halfLifeGrid.map((h) => modelMaps(bars, at, oneRungParams(ladder, i, h), c)),
    )
    const baselines = new TruthScorer(c)
    scoreBaselines(bars, this.samples, baselines, c)
    this._baselineRows = baselines.rows()
  }

  /** The truth rows of a point, as evaluateAgainstTruth gives them. */
  rows(pt: RungPoint): TruthEvalRow[] {
    checkPoint(this.ladder, pt)
    const c = this.config
    const scorer = new TruthScorer(c)
    const est = { long: new Float64Array(c.bins), short: new Float64Array(c.bins) }
    this.samples.forEach((s, k) => {
      est.long.fill(0)
      est.short.fill(0)
      pt.weights.forEach((w, i) => {
        if (!(w > 0)) return
        const m = this.maps[i][pt.halfLife[i]][k]
        for (const side of ['long', 'short'] as const) addScaled(est[side], m[side], w)
      })
      scorer.add('model', s, est)
    })
    return scorer.rows().map((r, i) => ({ ...r, baselines: this._baselineRows[i].baselines }))
  }
}

function addScaled(out: Float64Array, x: Float64Array, w: number): void {
  for (let k = 0; k < out.length; k++) out[k] += w * x[k]
}
