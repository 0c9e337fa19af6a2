/**
 * Every parameter of the model, with its default and validation. Documented in docs/model.md.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { VENUES, type Venue } from '../core/types.ts'

export interface ModelParams {
  /** Leverage ladder. */
  readonly leverages: readonly number[]
  /** Share of newly opened notional at each leverage (same length as `leverages`, sums to 1). */
  readonly leverageWeights: readonly number[]
  /** Half-life, hours, of positions at each leverage that close without a trace. */
  readonly halfLifeHours: readonly number[]
  /** Venues modelled. */
  readonly venues: readonly Venue[]
  /** How one open-interest series splits across venues (normalised over `venues`). */
  readonly venueShares: Readonly<Record<Venue, number>>
  /** 0 = entries at the bar's close … 1 = entries spread evenly over the bar's [low, high]. */
  readonly entrySpread: number
  /**
   * How strongly the taker side carries the high leverage: at a taker-buy share b, the long side's
   * weight of the ladder's rung x ∈ [−1 (lowest), +1 (highest)] is multiplied by
   * 1 + aggressorTilt·(2b − 1)·x (shorts use 1 − b), then renormalised.
   */
  readonly aggressorTilt: number
  /** Representative position size, USD: picks each venue's margin tier. */
  readonly positionNotionalUsd: number
  /** Without open interest: share of the bar's quote volume that opens positions (each side). */
  readonly volumeSeedFraction: number
  /**
   * Spread of each rung's liquidation levels around the formula level, as a fraction of the
   * rung's distance from entry (added margin, averaged entries, cross margin make real levels
   * spread): levels fall evenly in [d·(1 − s), d·(1 + s)] from entry, d the formula distance.
   */
  readonly levelSpread: number
  /**
   * Share of a bar's new positions whose liquidation level lies inside that bar's own range that
   * the bar liquidates (the order of prices within a bar is unknown; 0.5 = even odds).
   */
  readonly sameBarShare: number
  /** State resolution (log-price bin width), % of price. */
  readonly binPct: number
}

/**
 * The prior used across the field (field.md) before calibration: the family of
 * docs/accuracy.md reshapes it.
 */
export const FIELD_PRIOR = Object.freeze({
  leverages: [5, 10, 25, 50, 100],
  leverageWeights: [0.15, 0.3, 0.25, 0.2, 0.1],
  halfLifeHours: [96, 72, 36, 18, 8],
  entrySpread: 0.7,
  levelSpread: 0.3,
  sameBarShare: 0.25,
})

/** The calibrated reshaping of the prior adopted as defaults (point "J" of docs/accuracy.md). */
export const CALIBRATED = Object.freeze({
  leverageTilt: -0.25,
  halfLifeScale: 0.7,
  halfLifeTilt: 0,
  entrySpread: 0.6,
  levelSpread: 0.1,
  sameBarShare: 0.1,
})

const tilt = FIELD_PRIOR.leverageWeights.map(
  (w, i) => w * (FIELD_PRIOR.leverages[i] / 10) ** CALIBRATED.leverageTilt,
)
const tiltSum = tilt.reduce((a, b) => a + b, 0)

/**
 * The shipped defaults: the calibrated point "J" of docs/accuracy.md (joint fit on simulated
 * markets, seeds 101–104, holding the real-data margins of the w1/w2 training spans): the prior's
 * weights × (L/10)^−0.25 renormalised (0.206, 0.346, 0.229, 0.154, 0.065), half-lives × 0.7
 * (67.2, 50.4, 25.2, 12.6, 5.6 h), entrySpread 0.6, levelSpread 0.1, sameBarShare 0.1.
 */
export const DEFAULT_PARAMS: ModelParams = Object.freeze({
  leverages: [...FIELD_PRIOR.leverages],
  leverageWeights: tilt.map((w) => w / tiltSum),
  halfLifeHours: FIELD_PRIOR.halfLifeHours.map(
    (h, i) =>
      h * CALIBRATED.halfLifeScale * (FIELD_PRIOR.leverages[i] / 10) ** CALIBRATED.halfLifeTilt,
  ),
  venues: [...VENUES],
  venueShares: { binance: 0.4, bybit: 0.25, okx: 0.15, hyperliquid: 0.2 },
  entrySpread: CALIBRATED.entrySpread,
  aggressorTilt: 0.5,
  positionNotionalUsd: 10_000,
  volumeSeedFraction: 0.05,
  levelSpread: CALIBRATED.levelSpread,
  sameBarShare: CALIBRATED.sameBarShare,
  binPct: 0.05,
})

function fail(field: string, reason: string): never {
  throw new UsageError(`model parameter '${field}': ${reason}`, field)
}

function finiteIn(field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    fail(field, `${String(v)} is not a number in [${lo}, ${hi}]`)
  return v
}

/** Interpolates a per-rung default for a leverage not on the default ladder (log-linear in leverage). */
function defaultFor(lev: number, table: readonly number[]): number {
  const ladder = DEFAULT_PARAMS.leverages
  if (lev <= ladder[0]) return table[0]
  for (let i = 1; i < ladder.length; i++) {
    if (lev <= ladder[i]) {
      const t = Math.log(lev / ladder[i - 1]) / Math.log(ladder[i] / ladder[i - 1])
      return table[i - 1] + t * (table[i] - table[i - 1])
    }
  }
  return table[table.length - 1]
}

/**
 * Merges overrides into the defaults and validates. A custom ladder without weights gets weights
 * and half-lives interpolated from the default ladder (then normalised).
 */
export function resolveParams(p: Partial<ModelParams> = {}): ModelParams {
  const leverages = [...(p.leverages ?? DEFAULT_PARAMS.leverages)]
  if (leverages.length === 0) fail('leverages', 'the ladder is empty')
  leverages.forEach((l, i) => finiteIn(`leverages[${i}]`, l, 1, 200))
  const sameLadder =
    leverages.length === DEFAULT_PARAMS.leverages.length &&
    leverages.every((l, i) => l === DEFAULT_PARAMS.leverages[i])
  let weights = p.leverageWeights
    ? [...p.leverageWeights]
    : sameLadder
      ? [...DEFAULT_PARAMS.leverageWeights]
      : leverages.map((l) => defaultFor(l, DEFAULT_PARAMS.leverageWeights))
  if (weights.length !== leverages.length)
    fail('leverageWeights', `has ${weights.length} entries for ${leverages.length} leverages`)
  weights.forEach((w, i) => finiteIn(`leverageWeights[${i}]`, w, 0, 1e9))
  const wsum = weights.reduce((a, b) => a + b, 0)
  if (!(wsum > 0)) fail('leverageWeights', 'sum to 0')
  weights = weights.map((w) => w / wsum)
  const halfLives = p.halfLifeHours
    ? [...p.halfLifeHours]
    : sameLadder
      ? [...DEFAULT_PARAMS.halfLifeHours]
      : leverages.map((l) => defaultFor(l, DEFAULT_PARAMS.halfLifeHours))
  if (halfLives.length !== leverages.length)
    fail('halfLifeHours', `has ${halfLives.length} entries for ${leverages.length} leverages`)
  halfLives.forEach((h, i) => finiteIn(`halfLifeHours[${i}]`, h, 0.01, 1e6))
  const venues = [...(p.venues ?? DEFAULT_PARAMS.venues)]
  if (venues.length === 0) fail('venues', 'no venue selected')
  for (const v of venues)
    if (!VENUES.includes(v)) fail('venues', `'${v}' is not one of ${VENUES.join(', ')}`)
  const shares = { ...DEFAULT_PARAMS.venueShares, ...(p.venueShares ?? {}) }
  for (const v of VENUES) finiteIn(`venueShares.${v}`, shares[v], 0, 1e9)
  if (!(venues.reduce((a, v) => a + shares[v], 0) > 0))
    fail('venueShares', 'selected venues have 0 share')
  return Object.freeze({
    leverages,
    leverageWeights: weights,
    halfLifeHours: halfLives,
    venues,
    venueShares: shares,
    entrySpread: finiteIn('entrySpread', p.entrySpread ?? DEFAULT_PARAMS.entrySpread, 0, 1),
    aggressorTilt: finiteIn('aggressorTilt', p.aggressorTilt ?? DEFAULT_PARAMS.aggressorTilt, 0, 1),
    positionNotionalUsd: finiteIn(
      'positionNotionalUsd',
      p.positionNotionalUsd ?? DEFAULT_PARAMS.positionNotionalUsd,
      1,
      1e10,
    ),
    volumeSeedFraction: finiteIn(
      'volumeSeedFraction',
      p.volumeSeedFraction ?? DEFAULT_PARAMS.volumeSeedFraction,
      0,
      1,
    ),
    sameBarShare: finiteIn('sameBarShare', p.sameBarShare ?? DEFAULT_PARAMS.sameBarShare, 0, 1),
    levelSpread: finiteIn('levelSpread', p.levelSpread ?? DEFAULT_PARAMS.levelSpread, 0, 0.9),
    binPct: finiteIn('binPct', p.binPct ?? DEFAULT_PARAMS.binPct, 0.001, 5),
  })
}
