/**
 * One calibration, whole: which parameters move (`family`: the six numbers of
 * calibrate-family.ts; `rungs`: every rung's weight and half-life on a ladder, calibrate-rungs.ts)
 * against which objective (`real`, `sim`, or `joint`: first a real fit R, then the sim objective
 * holding the real worst margin within JOINT_TOLERANCE of R's). Used by `liqheat calibrate` and
 * scripts/accuracy. Pure and deterministic.
 * @module
 */
import { resolveParams, type ModelParams } from '../model/index.ts'
import { formatPoint } from './calibrate-report.ts'
import {
  jointScore,
  realScoreOf,
  score,
  simScore,
  simScoreOf,
  type RealScore,
  type Score,
  type SimScore,
  type SimSpan,
  type Span,
} from './calibrate-objective.ts'
import { familyParams, type FamilyPoint } from './calibrate-family.ts'
import { calibrateRungs, HALF_LIFE_GRID, PRESET_LADDER, rungStartPoint } from './calibrate-rungs.ts'
import { calibrate } from './calibrate.ts'
import {
  RealBasis,
  rungPointParams,
  SimBasis,
  type RungLadder,
  type RungPoint,
} from './rung-basis.ts'

export const FITS = ['rungs', 'family'] as const
export type FitKind = (typeof FITS)[number]
export const OBJECTIVES = ['real', 'sim', 'joint'] as const
export type ObjectiveKind = (typeof OBJECTIVES)[number]

/** Joint fits: the real worst margin may give up at most this much to the sim objective. */
export const JOINT_TOLERANCE = 0.02

export interface FitInput {
  readonly fit: FitKind
  readonly objective: ObjectiveKind
  /** Real-data training spans (needed by real and joint). */
  readonly real: readonly Span[]
  /** Simulated training markets (needed by sim and joint). */
  readonly sim: readonly SimSpan[]
  /** Parameters the fit starts from and keeps where it does not move them. */
  readonly base?: Partial<ModelParams>
  readonly passes?: number
  readonly warmupHours?: number
  /** Joint: hold the real worst margin at this floor instead of R's less JOINT_TOLERANCE. */
  readonly jointFloor?: number
  /**
   * Joint: a real fit R already made by `fitModel` with the same fit, data, base and ladder and
   * objective `real`; the joint search starts from it instead of fitting R again.
   */
  readonly realFit?: FitOutput
  /**
   * Rung fits: where the searches start — these parameters' weights and half-lives carried onto
   * the ladder. Default: the shipped defaults (so a run that made the defaults, repeated, would
   * start from its own result; scripts/accuracy pins its start instead).
   */
  readonly startFrom?: Partial<ModelParams>
  /** Rung fits: the ladder (default PRESET_LADDER). */
  readonly ladder?: readonly number[]
  readonly onStep?: (what: string, evaluations: number) => void
}

export interface FitOutput {
  /** The fitted parameters, complete and validated (what `--out` writes). */
  readonly params: ModelParams
  /** The fitted point in words. */
  readonly described: string
  readonly evaluations: number
  readonly passes: number
  /** Joint fits: the real worst margin the sim objective had to hold (quantised). */
  readonly floor?: number
  /** The training score reached (joint: the joint key). */
  readonly score: Score
  /** The fitted point in the fit's own space (a RungPoint or a FamilyPoint), to continue from. */
  readonly point: unknown
  /** Which fit made it. */
  readonly fit: FitKind
  /** Joint fits: the real fit R the joint search started from. */
  readonly realFit?: Omit<FitOutput, 'realFit'>
}

export function fitModel(input: FitInput): FitOutput {
  const need = (what: 'real' | 'sim'): void => {
    if ((what === 'real' ? input.real : input.sim).length === 0)
      throw new RangeError(`objective ${input.objective} needs ${what} training data`)
  }
  if (input.objective !== 'sim') need('real')
  if (input.objective !== 'real') need('sim')
  return input.fit === 'family' ? fitFamily(input) : fitRungs(input)
}

/**
 * One way of fitting: the search over points P, whose objectives take X (model parameters for the
 * family, the point itself for rungs), and how a point becomes parameters and words.
 */
interface Space<X, P> {
  search<S extends Score>(
    objective: (x: X) => S,
    start: P | undefined,
    label: string,
  ): { point: P; score: S; evaluations: number; passes: number }
  readonly real: (x: X) => RealScore
  readonly sim: (x: X) => SimScore
  readonly params: (pt: P) => ModelParams
  readonly describe: (pt: P) => string
}

/** The objective's fit: R, S, or R then J from R's point above the floor. */
function runFit<X, P>(input: FitInput, sp: Space<X, P>): FitOutput {
  const done = (
    r: { point: P; evaluations: number; passes: number; score: Score },
    extra = 0,
    floor?: number,
  ): FitOutput => ({
    params: sp.params(r.point),
    described: sp.describe(r.point),
    evaluations: r.evaluations + extra,
    passes: r.passes,
    score: r.score,
    point: r.point,
    fit: input.fit,
    ...(floor !== undefined ? { floor } : {}),
  })
  const { real, sim } = sp
  if (input.objective === 'real') return done(sp.search(real, undefined, 'R'))
  if (input.objective === 'sim') return done(sp.search(sim, undefined, 'S'))
  const given = input.realFit
  if (given && (given.fit !== input.fit || !('worst' in given.score) || 'real' in given.score))
    throw new RangeError(`realFit must be a real ${input.fit} fit`)
  const R = given
    ? // Its evaluations count in the total, as if R had been fitted here.
      {
        point: given.point as P,
        score: given.score,
        evaluations: given.evaluations,
        passes: given.passes,
      }
    : sp.search(real, undefined, 'R')
  const floor = input.jointFloor ?? R.score.key[0] - JOINT_TOLERANCE
  const J = sp.search((x) => jointScore(real(x), sim(x), floor), R.point, 'J')
  return { ...done(J, R.evaluations, floor), realFit: given ?? done(R) }
}

function fitFamily(input: FitInput): FitOutput {
  const base = input.base ?? {}
  return runFit<Partial<ModelParams>, FamilyPoint>(input, {
    search: (objective, start, label) =>
      calibrate(objective, {
        base,
        maxPasses: input.passes ?? 4,
        ...(start ? { start } : {}),
        onStep: (_s, pt, n) => input.onStep?.(`${label} ${formatPoint(pt)}`, n),
      }),
    real: (p) => score(input.real, p, input.warmupHours),
    sim: (p) => simScore(input.sim, p),
    params: (pt) => resolveParams(familyParams(pt, base)),
    describe: formatPoint,
  })
}

function fitRungs(input: FitInput): FitOutput {
  const base = { ...(input.base ?? {}) }
  // The ladder is what is fitted: the base's own ladder, weights and half-lives do not carry over.
  delete base.leverages
  delete base.leverageWeights
  delete base.halfLifeHours
  const ladder: RungLadder = {
    leverages: [...(input.ladder ?? PRESET_LADDER)],
    halfLifeGrid: [...HALF_LIFE_GRID],
    base,
  }
  const warm = input.warmupHours ?? 24
  const realB =
    input.objective !== 'sim' ? input.real.map((s) => new RealBasis(ladder, s, warm)) : []
  const simB = input.objective !== 'real' ? input.sim.map((s) => new SimBasis(ladder, s)) : []
  return runFit<RungPoint, RungPoint>(input, {
    search: (objective, start, label) =>
      calibrateRungs(ladder, objective, {
        start: start ?? rungStartPoint(ladder, input.startFrom),
        maxPasses: input.passes ?? 4,
        onStep: (_s, pt, n) => input.onStep?.(`${label} ${describeRungs(ladder, pt)}`, n),
      }),
    real: (pt) => realScoreOf(realB.map((b) => b.result(pt))),
    sim: (pt) => simScoreOf(simB.map((b) => b.rows(pt))),
    params: (pt) => resolveParams(rungPointParams(ladder, pt)),
    describe: (pt) => describeRungs(ladder, pt),
  })
}

/** "5× 0.23 @ 100 h, 10× 0.27 @ 48 h, …" (dropped rungs left out). */
export function describeRungs(ladder: RungLadder, pt: RungPoint): string {
  const sum = pt.weights.reduce((a, b) => a + b, 0)
  return ladder.leverages
    .map((L, i) =>
      pt.weights[i] > 0
        ? `${L}× ${(pt.weights[i] / sum).toFixed(3)} @ ${ladder.halfLifeGrid[pt.halfLife[i]]} h`
        : '',
    )
    .filter(Boolean)
    .join(', ')
}
