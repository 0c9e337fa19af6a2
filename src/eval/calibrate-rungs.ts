/**
 * Rung calibration: fits the leverage weight and the half-life of every rung of a ladder (the
 * issue's "leverage weights, half-lives"), on the linear bases of rung-basis.ts. A coordinate
 * search: each pass visits the rungs in order and, holding the rest, tries scaling the rung's
 * weight by each factor of WEIGHT_STEPS (or, at 0, giving it a small share) and each half-life of
 * the grid, keeping the best move; passes repeat until none moves or `maxPasses` is reached. Moves
 * must beat the best so far by more than the score's tolerance, so the result is never worse than
 * the start. Pure and deterministic. Method and results: docs/accuracy.md.
 * @module
 */
import { onLadder, resolveParams, type ModelParams } from '../model/index.ts'
import type { Score } from './calibrate-objective.ts'
import { coordinateSearch } from './coordinate-search.ts'
import type { RungLadder, RungPoint } from './rung-basis.ts'

/** Factors a rung's weight is scaled by in one move (0 drops the rung). */
export const WEIGHT_STEPS = [0, 0.5, 0.7, 0.85, 1.2, 1.4, 2] as const
/** Shares (of the current total) a dropped rung may come back with. */
export const REVIVE_SHARES = [0.01, 0.03, 0.1] as const

/** The ladder the shipped defaults are fitted on: the leverage presets of the venues' order forms. */
export const PRESET_LADDER = [5, 10, 20, 25, 50, 75, 100, 125] as const
/** Half-lives a rung may take, hours. */
export const HALF_LIFE_GRID = [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 72, 100] as const

export interface RungFitOptions<S extends Score> {
  readonly start: RungPoint
  /** At most this many passes. Default 4. */
  readonly maxPasses?: number
  readonly onStep?: (s: S, pt: RungPoint, evaluations: number) => void
}

export interface RungFitResult<S extends Score> {
  readonly point: RungPoint
  readonly score: S
  readonly startScore: S
  readonly evaluations: number
  readonly passes: number
}

/**
 * The point that reproduces `ladder.base`'s weights and half-lives (snapped to the grid): the
 * shipped defaults' unless the base sets them; with `from`, those of `from` carried onto the
 * ladder instead.
 */
export function rungStartPoint(ladder: RungLadder, from?: Partial<ModelParams>): RungPoint {
  const p = resolveParams({
    ...ladder.base,
    leverages: [...ladder.leverages],
    ...(from ? onLadderOf(from, ladder.leverages) : {}),
  })
  const grid = ladder.halfLifeGrid
  const snap = (h: number): number => {
    let best = 0
    for (let j = 1; j < grid.length; j++)
      if (Math.abs(Math.log(grid[j] / h)) < Math.abs(Math.log(grid[best] / h))) best = j
    return best
  }
  return { weights: [...p.leverageWeights], halfLife: p.halfLifeHours.map(snap) }
}

/** `from`'s weights and half-lives carried onto `leverages` (log-linear between its rungs). */
function onLadderOf(
  from: Partial<ModelParams>,
  leverages: readonly number[],
): Partial<ModelParams> {
  const p = resolveParams(from)
  return {
    leverageWeights: leverages.map((l) => onLadder(l, p.leverages, p.leverageWeights)),
    halfLifeHours: leverages.map((l) => onLadder(l, p.leverages, p.halfLifeHours)),
  }
}

export function calibrateRungs<S extends Score>(
  ladder: RungLadder,
  objective: (pt: RungPoint) => S,
  opts: RungFitOptions<S>,
): RungFitResult<S> {
  const n = ladder.leverages.length
  const maxPasses = opts.maxPasses ?? 4
  let evaluations = 0
  const evalAt = (pt: RungPoint): S => {
    evaluations++
    return objective(pt)
  }
  const r = coordinateSearch({
    start: normalise(opts.start),
    coordinates: n,
    moves: (cur, i) => rungMoves(cur, i, ladder.halfLifeGrid.length),
    evaluate: evalAt,
    maxPasses,
    onStep: (sc, pt) => opts.onStep?.(sc, pt, evaluations),
  })
  return { ...r, evaluations }
}

/** Candidate moves of rung i: weight steps (or revivals), then every other half-life. */
function rungMoves(pt: RungPoint, i: number, gridLength: number): RungPoint[] {
  const out: RungPoint[] = []
  const w = pt.weights
  const total = w.reduce((a, b) => a + b, 0)
  const weightsWith = (x: number): number[] => w.map((v, k) => (k === i ? x : v))
  if (w[i] > 0) {
    for (const f of WEIGHT_STEPS) {
      const ws = weightsWith(w[i] * f)
      if (ws.some((v) => v > 0)) out.push(normalise({ weights: ws, halfLife: pt.halfLife }))
    }
  } else
    for (const s of REVIVE_SHARES)
      out.push(normalise({ weights: weightsWith(s * total), halfLife: pt.halfLife }))
  // A dropped rung's half-life changes nothing.
  if (w[i] > 0)
    for (let j = 0; j < gridLength; j++)
      if (j !== pt.halfLife[i])
        out.push({ weights: w, halfLife: pt.halfLife.map((h, k) => (k === i ? j : h)) })
  return out
}

function normalise(pt: RungPoint): RungPoint {
  const s = pt.weights.reduce((a, b) => a + b, 0)
  return { weights: pt.weights.map((x) => x / s), halfLife: [...pt.halfLife] }
}
