/**
 * The low-dimensional parameter family the calibration searches (docs/accuracy.md): six numbers
 * that reshape the default model instead of thirteen free ones, so a fit on a few days cannot
 * bend each rung to the noise.
 *
 * - `leverageTilt` γ: rung weights ∝ default weight × (L / 10)^γ (then normalised);
 * - `halfLifeScale` k and `halfLifeTilt` η: half-life of rung L = default × k × (L / 10)^η;
 * - `entrySpread`, `levelSpread`, `sameBarShare`: the model parameters of those names.
 *
 * The family reshapes the field prior (`FIELD_PRIOR`, with its open-interest seeding and aggressor
 * tilt; `base` overrides it). `PRIOR_POINT` `{γ 0, k 1, η 0, 0.7, 0.3, 0.25}` is the prior itself
 * and `DEFAULT_POINT` (`CALIBRATED`, round 1's point J of docs/accuracy.md) is where the family
 * search starts. Round 2's rung fit (calibrate-rungs.ts) made the shipped defaults; they are not
 * in this family (another ladder, volume seeding).
 * @module
 */
import { CALIBRATED, FIELD_PRIOR, resolveParams, type ModelParams } from '../model/index.ts'

export const FAMILY_KEYS = [
  'leverageTilt',
  'halfLifeScale',
  'halfLifeTilt',
  'entrySpread',
  'levelSpread',
  'sameBarShare',
] as const
export type FamilyKey = (typeof FAMILY_KEYS)[number]
export type FamilyPoint = Readonly<Record<FamilyKey, number>>
export type FamilyGrid = Readonly<Record<FamilyKey, readonly number[]>>

/** Leverage at which both tilts are neutral. */
export const TILT_REFERENCE_LEVERAGE = 10

/** The family point of the field prior itself (no reshaping). */
export const PRIOR_POINT: FamilyPoint = Object.freeze({
  leverageTilt: 0,
  halfLifeScale: 1,
  halfLifeTilt: 0,
  entrySpread: FIELD_PRIOR.entrySpread,
  levelSpread: FIELD_PRIOR.levelSpread,
  sameBarShare: FIELD_PRIOR.sameBarShare,
})

/** Round 1's fitted point J (the defaults before round 2); the family search starts here. */
export const DEFAULT_POINT: FamilyPoint = Object.freeze({ ...CALIBRATED })

/**
 * The values the search tries for each coordinate (fixed in advance, docs/accuracy.md). Each grid
 * holds the starting value, so the search can always stay where it starts.
 */
export const FAMILY_GRID: FamilyGrid = Object.freeze({
  leverageTilt: [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1],
  halfLifeScale: [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2, 2.8, 4],
  halfLifeTilt: [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5],
  entrySpread: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  levelSpread: [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9],
  sameBarShare: [0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1],
})

/**
 * Model parameters of a family point on top of `base` (whose ladder, weights and half-lives are
 * the ones tilted; DEFAULT_PARAMS when not given). Weights are normalised.
 */
export function familyParams(
  pt: FamilyPoint,
  base: Partial<ModelParams> = {},
): Partial<ModelParams> {
  const b = resolveParams({ ...FIELD_PRIOR, ...base })
  const rel = (L: number): number => L / TILT_REFERENCE_LEVERAGE
  const raw = b.leverageWeights.map((w, i) => w * rel(b.leverages[i]) ** pt.leverageTilt)
  const sum = raw.reduce((a, x) => a + x, 0)
  return {
    ...FIELD_PRIOR,
    ...base,
    leverages: [...b.leverages],
    leverageWeights: raw.map((w) => w / sum),
    halfLifeHours: b.halfLifeHours.map(
      (h, i) => h * pt.halfLifeScale * rel(b.leverages[i]) ** pt.halfLifeTilt,
    ),
    entrySpread: pt.entrySpread,
    levelSpread: pt.levelSpread,
    sameBarShare: pt.sameBarShare,
  }
}

/** The full, validated model parameters of a point (what `--out` writes). */
export function resolvedFamilyParams(
  pt: FamilyPoint,
  base: Partial<ModelParams> = {},
): ModelParams {
  return resolveParams(familyParams(pt, base))
}

/**
 * Where a search starts: the shipped defaults' point; with a `base` (e.g. `--params`), the point
 * that reproduces the base itself (no tilt, scale 1, the base's own spreads and share).
 */
export function startPoint(base: Partial<ModelParams> = {}): FamilyPoint {
  if (Object.keys(base).length === 0) return DEFAULT_POINT
  const b = resolveParams({ ...FIELD_PRIOR, ...base })
  return {
    ...PRIOR_POINT,
    entrySpread: b.entrySpread,
    levelSpread: b.levelSpread,
    sameBarShare: b.sameBarShare,
  }
}
