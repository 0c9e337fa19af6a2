/**
 * The leverage mix measured on real Hyperliquid positions, and the model prior calibrated from
 * it. Effective leverage: isolated = positionValue / marginUsed (the margin actually behind the
 * position); cross = the `leverage.value` setting (the account's equity, shared by its
 * positions, is not split per position). Each position's notional (|szi| × mark) goes to the
 * ladder rung nearest in log space (boundaries at geometric midpoints, ties to the lower rung).
 * Assumption of the prior: Hyperliquid's mix stands for the other venues'. Its biases: HL users
 * skew to higher leverage and to whales, and a snapshot counts *standing* notional, which
 * under-weights short-lived high leverage compared with the *new* notional the model's weights
 * describe (see docs/hyperliquid-positions.md).
 * @module
 */
import { DataError } from '../../../core/errors.ts'
import { resolveParams, type ModelParams } from '../../../model/params.ts'
import type { HlPosition, LeverageDistribution } from './types.ts'

/** Effective leverage of a position, or undefined when it cannot be computed. */
export function effectiveLeverageOf(p: HlPosition): number | undefined {
  if (p.leverageType === 'isolated') {
    const l = p.positionValue / p.marginUsed
    return p.marginUsed > 0 && Number.isFinite(l) && l > 0 ? l : undefined
  }
  return p.leverage >= 1 && Number.isFinite(p.leverage) ? p.leverage : undefined
}

/** Index of the rung of an ascending `ladder` nearest to `lev` in log space. */
export function nearestRung(ladder: readonly number[], lev: number): number {
  const x = Math.log(lev)
  let best = 0
  let bestD = Infinity
  for (let i = 0; i < ladder.length; i++) {
    const d = Math.abs(x - Math.log(ladder[i]))
    if (d < bestD - 1e-12) {
      best = i
      bestD = d
    }
  }
  return best
}

/** Checks a ladder through the model's own validation; answers it sorted ascending. */
function checkedLadder(ladder: readonly number[]): number[] {
  const sorted = [...ladder].sort((a, b) => a - b)
  resolveParams({ leverages: sorted })
  sorted.forEach((l, i) => {
    if (i > 0 && l === sorted[i - 1]) throw new RangeError(`ladder lists ${l}× twice`)
  })
  return sorted
}

/**
 * The notional-weighted histogram of effective leverage over `positions`, bucketed onto `ladder`.
 * Notional = size × `markPx` (default: each position's `positionValue`).
 */
export function leverageDistribution(
  positions: Iterable<HlPosition>,
  ladder: readonly number[],
  markPx?: number,
): LeverageDistribution {
  const rungs = checkedLadder(ladder)
  const usd = new Array<number>(rungs.length).fill(0)
  const count = new Array<number>(rungs.length).fill(0)
  let skipped = 0
  let total = 0
  for (const p of positions) {
    const lev = effectiveLeverageOf(p)
    const n = markPx !== undefined ? p.size * markPx : p.positionValue
    if (lev === undefined || !(n > 0)) {
      skipped++
      continue
    }
    const i = nearestRung(rungs, lev)
    usd[i] += n
    count[i]++
    total += n
  }
  return {
    ladder: rungs,
    weights: usd.map((u) => (total > 0 ? u / total : 0)),
    notionalUsd: usd,
    positions: count,
    totalUsd: total,
    skipped,
  }
}

export interface PriorOptions {
  /** Fewest positions behind the distribution (default 50); fewer throws DataError. */
  readonly minPositions?: number
  /**
   * Per-rung half-lives, hours: turns the standing mix into a new-notional mix (in a steady state
   * standing ∝ inflow × lifetime, so inflow ∝ standing / half-life). Off by default.
   */
  readonly halfLifeHours?: readonly number[]
}

/**
 * `{ leverages, leverageWeights }` for the model's other venues, from a measured distribution.
 * The weights sum to 1 and pass `resolveParams`.
 */
export function priorFromDistribution(
  d: LeverageDistribution,
  o: PriorOptions = {},
): Partial<ModelParams> {
  const min = o.minPositions ?? 50
  const n = d.positions.reduce((a, b) => a + b, 0)
  if (n < min || !(d.totalUsd > 0)) {
    throw new DataError(
      `hyperliquid positions: ${n} positions with a usable leverage seen, at least ${min} are needed to calibrate the leverage prior`,
      undefined,
      undefined,
      'positions',
    )
  }
  let w = [...d.weights]
  const h = o.halfLifeHours
  if (h !== undefined) {
    if (h.length !== w.length || h.some((x) => !(x > 0)))
      throw new RangeError(`halfLifeHours needs ${w.length} positive values, got ${h.join(', ')}`)
    w = w.map((x, i) => x / h[i])
    const s = w.reduce((a, b) => a + b, 0)
    w = w.map((x) => x / s)
  }
  const out: Partial<ModelParams> = { leverages: [...d.ladder], leverageWeights: w }
  resolveParams(out)
  return out
}
