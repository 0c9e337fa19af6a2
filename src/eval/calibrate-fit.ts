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

function fitFamily(input: FitInput): FitOutput {
  const base = input.base ?? {}
  const opts = { base, maxPasses: input.passes ?? 4 }
  const step = (what: string) => (_s: unknown, pt: FamilyPoint, n: number) =>
    input.onStep?.(`${what} ${formatPoint(pt)}`, n)
  const real = (p: Partial<ModelParams>): RealScore => score(input.real, p, input.warmupHours)
  const sim = (p: Partial<ModelParams>): SimScore => simScore(input.sim, p)
  const done = (
    r: { point: FamilyPoint; evaluations: number; passes: number; score: Score },
    extra = 0,
    floor?: number,
  ): FitOutput => ({
    params: resolveParams(familyParams(r.point, base)),
    described: formatPoint(r.point),
    evaluations: r.evaluations + extra,
    passes: r.passes,
    score: r.score,
    ...(floor !== undefined ? { floor } : {}),
  })
  if (input.objective === 'real') return done(calibrate(real, { ...opts, onStep: step('R') }))
  if (input.objective === 'sim') return done(calibrate(sim, { ...opts, onStep: step('S') }))
  const R = calibrate(real, { ...opts, onStep: step('R') })
  const floor = input.jointFloor ?? R.score.key[0] - JOINT_TOLERANCE
  const J = calibrate((p) => jointScore(real(p), sim(p), floor), {
    ...opts,
    start: R.point,
    onStep: step('J'),
  })
  return { ...done(J, R.evaluations, floor), realFit: done(R) }
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
  const real = (pt: RungPoint): RealScore => realScoreOf(realB.map((b) => b.result(pt)))
  const sim = (pt: RungPoint): SimScore => simScoreOf(simB.map((b) => b.rows(pt)))
  const opts = { start: rungStartPoint(ladder), maxPasses: input.passes ?? 4 }
  const step = (what: string) => (_s: unknown, pt: RungPoint, n: number) =>
    input.onStep?.(`${what} ${describeRungs(ladder, pt)}`, n)
  const done = (
    r: { point: RungPoint; evaluations: number; passes: number; score: Score },
    extra = 0,
    floor?: number,
  ): FitOutput => ({
    params: resolveParams(rungPointParams(ladder, r.point)),
    described: describeRungs(ladder, r.point),
    evaluations: r.evaluations + extra,
    passes: r.passes,
    score: r.score,
    ...(floor !== undefined ? { floor } : {}),
  })
  if (input.objective === 'real')
    return done(calibrateRungs(ladder, real, { ...opts, onStep: step('R') }))
  if (input.objective === 'sim')
    return done(calibrateRungs(ladder, sim, { ...opts, onStep: step('S') }))
  const R = calibrateRungs(ladder, real, { ...opts, onStep: step('R') })
  const floor = input.jointFloor ?? R.score.key[0] - JOINT_TOLERANCE
  const J = calibrateRungs(ladder, (pt) => jointScore(real(pt), sim(pt), floor), {
    ...opts,
    start: R.point,
    onStep: step('J'),
  })
  return { ...done(J, R.evaluations, floor), realFit: done(R) }
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
