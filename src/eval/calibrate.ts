/**
 * Calibration: a coordinate search (coordinate-search.ts) over the low-dimensional family of
 * calibrate-family.ts, each coordinate moving over its fixed grid. Every step can only improve the
 * objective, so the result is never worse than the start. Pure and deterministic:
 * the objective is any function of model parameters with a lexicographic `key`
 * (calibrate-objective.ts). Method and measured results: docs/accuracy.md.
 * @module
 */
import type { ModelParams } from '../model/index.ts'
import {
  FAMILY_GRID,
  FAMILY_KEYS,
  familyParams,
  startPoint,
  type FamilyGrid,
  type FamilyKey,
  type FamilyPoint,
} from './calibrate-family.ts'
import type { Score } from './calibrate-objective.ts'
import { coordinateSearch } from './coordinate-search.ts'

export {
  better,
  jointScore,
  margins,
  score,
  simScore,
  simSpan,
  type RealScore,
  type Score,
  type SimScore,
  type SimSpan,
  type Span,
} from './calibrate-objective.ts'

export interface CalibrateOptions<S extends Score> {
  /** Parameters the family reshapes (DEFAULT_PARAMS when not given). */
  readonly base?: Partial<ModelParams>
  /** Where the search starts (default: the point that reproduces `base`). */
  readonly start?: FamilyPoint
  readonly grid?: FamilyGrid
  /** Coordinates to search (default: all six). */
  readonly keys?: readonly FamilyKey[]
  /** At most this many passes over the coordinates. Default 4. */
  readonly maxPasses?: number
  /** Called after each accepted move. */
  readonly onStep?: (s: S, pt: FamilyPoint, evaluations: number) => void
}

export interface CalibrateResult<S extends Score> {
  readonly point: FamilyPoint
  readonly params: Partial<ModelParams>
  readonly score: S
  readonly startScore: S
  readonly evaluations: number
  readonly passes: number
}

export function calibrate<S extends Score>(
  objective: (params: Partial<ModelParams>) => S,
  opts: CalibrateOptions<S> = {},
): CalibrateResult<S> {
  const base = opts.base ?? {}
  const grid = opts.grid ?? FAMILY_GRID
  const keys = opts.keys ?? FAMILY_KEYS
  const maxPasses = opts.maxPasses ?? 4
  const cache = new Map<string, S>()
  let evaluations = 0
  const evalAt = (pt: FamilyPoint): S => {
    const id = FAMILY_KEYS.map((k) => pt[k]).join(',')
    let s = cache.get(id)
    if (!s) {
      s = objective(familyParams(pt, base))
      evaluations++
      cache.set(id, s)
    }
    return s
  }
  const r = coordinateSearch({
    start: opts.start ?? startPoint(base),
    coordinates: keys.length,
    *moves(cur: FamilyPoint, i: number) {
      const key = keys[i]
      for (const v of grid[key]) if (v !== cur[key]) yield { ...cur, [key]: v }
    },
    evaluate: evalAt,
    maxPasses,
    onStep: (sc, pt) => opts.onStep?.(sc, pt, evaluations),
  })
  return { ...r, params: familyParams(r.point, base), evaluations }
}
