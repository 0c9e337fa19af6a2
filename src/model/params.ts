/**
 * Every parameter of the model, with its default and validation. Documented in docs/model.md.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { VENUES, type Venue } from '../core/types.ts'

export const SEED_FROM = ['oi', 'volume', 'both'] as const
export type SeedFrom = (typeof SEED_FROM)[number]

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
  /** Seeding from volume: share of the bar's quote volume that opens positions (each side). */
  readonly volumeSeedFraction: number
  /**
   * What opens positions: `oi` — rises of open interest (volume when there is none); `volume` —
   * a share of every bar's volume (gross turnover; open interest is not read); `both` — volume,
   * plus rises of open interest, with falls closing positions proportionally.
   */
  readonly seedFrom: SeedFrom
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
  /**
   * Share of new positions that carry a take-profit. A long's take-profit sits at
   * entry × (1 + takeProfitDistance / leverage) (a short's at entry ÷ that); once a bar's range
   * reaches it, those positions close.
   */
  readonly takeProfitShare: number
  /** Take-profit distance from entry, in units of 1 / leverage (0.7 at 10× = 7 %). */
  readonly takeProfitDistance: number
  /**
   * Share of new positions that carry a stop-loss, between the entry and the liquidation level
   * at `stopLossDistance` of the way; once a bar's range reaches it, those positions close
   * before they can be liquidated.
   */
  readonly stopLossShare: number
  /** Stop-loss distance from entry as a fraction of the distance to liquidation. */
  readonly stopLossDistance: number
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
  aggressorTilt: 0.5,
  seedFrom: 'oi' as SeedFrom,
  volumeSeedFraction: 0.05,
})

/**
 * Round 1's calibrated reshaping of the prior (point "J" of docs/accuracy.md, round 1): the
 * defaults until round 2, and where `liqheat calibrate --fit family` starts.
 */
export const CALIBRATED = Object.freeze({
  leverageTilt: -0.25,
  halfLifeScale: 0.7,
  halfLifeTilt: 0,
  entrySpread: 0.6,
  levelSpread: 0.1,
  sameBarShare: 0.1,
})

/**
 * The shipped defaults: point "J" of round 2 of docs/accuracy.md (`scripts/accuracy/run.ts`, the
 * same as `src/model/calibrated.json`, which a test checks). Every rung of the venues' leverage
 * presets got its own weight and half-life from a joint fit: 100 000-trader simulated markets
 * (seeds 101–104) holding the real-data margins of the w1/w2 training spans. New positions come
 * from 20 % of each bar's volume plus every open-interest rise (`seedFrom` both).
 */
export const DEFAULT_PARAMS: ModelParams = Object.freeze({
  leverages: [5, 10, 20, 25, 50, 75, 100, 125],
  leverageWeights: [
    0.2246922771077257, 0.2676691513363646, 0.1643201802192549, 0.14608687131000986,
    0.11561781308255817, 0.0382107584795346, 0.008680589692910455, 0.03472235877164182,
  ],
  halfLifeHours: [72, 48, 24, 12, 6, 2, 3, 24],
  venues: [...VENUES],
  venueShares: { binance: 0.4, bybit: 0.25, okx: 0.15, hyperliquid: 0.2 },
  entrySpread: 0.6,
  aggressorTilt: 0,
  positionNotionalUsd: 10_000,
  volumeSeedFraction: 0.2,
  seedFrom: 'both',
  levelSpread: 0,
  sameBarShare: 0.25,
  takeProfitShare: 0,
  takeProfitDistance: 0.7,
  stopLossShare: 0,
  stopLossDistance: 0.6,
  binPct: 0.05,
})

/** The parameters that are one number. */
type ScalarKey = {
  [K in keyof ModelParams]: ModelParams[K] extends number ? K : never
}[keyof ModelParams]

function fail(field: string, reason: string): never {
  throw new UsageError(`model parameter '${field}': ${reason}`, field)
}

function finiteIn(field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    fail(field, `${String(v)} is not a number in [${lo}, ${hi}]`)
  return v
}

function seedFromOf(v: unknown): SeedFrom {
  if (!SEED_FROM.includes(v as SeedFrom))
    fail('seedFrom', `'${String(v)}' is not one of ${SEED_FROM.join(', ')}`)
  return v as SeedFrom
}

/**
 * A per-rung value for leverage `lev` from `table`, given on the ascending `ladder`: log-linear in
 * leverage between rungs, the end values beyond them.
 */
export function onLadder(lev: number, ladder: readonly number[], table: readonly number[]): number {
  if (lev <= ladder[0]) return table[0]
  for (let i = 1; i < ladder.length; i++) {
    if (lev <= ladder[i]) {
      const t = Math.log(lev / ladder[i - 1]) / Math.log(ladder[i] / ladder[i - 1])
      return table[i - 1] + t * (table[i] - table[i - 1])
    }
  }
  return table[table.length - 1]
}

/** A per-rung default for a leverage not on the default ladder. */
function defaultFor(lev: number, table: readonly number[]): number {
  return onLadder(lev, DEFAULT_PARAMS.leverages, table)
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
  // A scalar: the override or the default, in [lo, hi].
  const num = (k: ScalarKey, lo: number, hi: number): number =>
    finiteIn(k, p[k] ?? DEFAULT_PARAMS[k], lo, hi)
  return Object.freeze({
    leverages,
    leverageWeights: weights,
    halfLifeHours: halfLives,
    venues,
    venueShares: shares,
    entrySpread: num('entrySpread', 0, 1),
    aggressorTilt: num('aggressorTilt', 0, 1),
    positionNotionalUsd: num('positionNotionalUsd', 1, 1e10),
    volumeSeedFraction: num('volumeSeedFraction', 0, 1),
    seedFrom: seedFromOf(p.seedFrom ?? DEFAULT_PARAMS.seedFrom),
    sameBarShare: num('sameBarShare', 0, 1),
    levelSpread: num('levelSpread', 0, 0.9),
    takeProfitShare: num('takeProfitShare', 0, 1),
    takeProfitDistance: num('takeProfitDistance', 0.01, 10),
    stopLossShare: num('stopLossShare', 0, 1),
    stopLossDistance: num('stopLossDistance', 0.01, 0.99),
    binPct: num('binPct', 0.001, 5),
  })
}
