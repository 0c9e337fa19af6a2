/**
 * What price did at a level: when it was swept, and whether it then reversed or continued; which
 * of two levels it reached first; rates and a seeded random-number generator for the baselines.
 * Pure functions over bars; a long level (below price) is swept when a bar's low reaches it, a
 * short level (above) when a high does.
 * @module
 */
import type { Side, UtcMs } from '../core/types.ts'

export interface PriceBar {
  readonly ts: UtcMs
  readonly high: number
  readonly low: number
  readonly close: number
}

export type Outcome =
  /** Price came back `reversalPct` % from the level (up after a long sweep) first. */
  | 'reversal'
  /** Price went `reversalPct` % further through the level first. */
  | 'continuation'
  /** Neither within `reversalBars` bars. */
  | 'neither'
  /** Both in the same bar: the order inside a bar is unknown. */
  | 'ambiguous'
  /** The session ended before `reversalBars` bars passed without either. */
  | 'unresolved'
  /** Price never reached the level. */
  | 'unswept'

export interface LevelOutcome {
  readonly outcome: Outcome
  /** Index of the sweeping bar. */
  readonly sweepIndex?: number
  /** Bars from the start of the sweep to the outcome. */
  readonly outcomeBars?: number
}

export function reaches(b: PriceBar, side: Side, level: number): boolean {
  return side === 'long' ? b.low <= level : b.high >= level
}

/** Sweep and what followed, for the bars from `start`. `x` is the reversal size as a fraction. */
export function levelOutcome(
  bars: readonly PriceBar[],
  start: number,
  side: Side,
  level: number,
  x: number,
  n: number,
): LevelOutcome {
  let j = start
  while (j < bars.length && !reaches(bars[j], side, level)) j++
  if (j >= bars.length) return { outcome: 'unswept' }
  const up = level * (1 + x)
  const down = level * (1 - x)
  for (let k = j + 1; k <= j + n; k++) {
    if (k >= bars.length) return { outcome: 'unresolved', sweepIndex: j }
    const b = bars[k]
    const rev = side === 'long' ? b.high >= up : b.low <= down
    const cont = side === 'long' ? b.low <= down : b.high >= up
    if (rev && cont) return { outcome: 'ambiguous', sweepIndex: j, outcomeBars: k - j }
    if (rev) return { outcome: 'reversal', sweepIndex: j, outcomeBars: k - j }
    if (cont) return { outcome: 'continuation', sweepIndex: j, outcomeBars: k - j }
  }
  return { outcome: 'neither', sweepIndex: j }
}

export type FirstTouch = 'above' | 'below' | 'both' | 'neither'

/** Which of a level above and a level below price the bars from `start` reach first. */
export function firstTouch(
  bars: readonly PriceBar[],
  start: number,
  above: number,
  below: number,
): FirstTouch {
  for (let k = start; k < bars.length; k++) {
    const a = bars[k].high >= above
    const b = bars[k].low <= below
    if (a && b) return 'both'
    if (a) return 'above'
    if (b) return 'below'
  }
  return 'neither'
}

export interface Rate {
  readonly hits: number
  readonly of: number
  /** hits / of; null when `of` is 0. */
  readonly rate: number | null
}

export function rate(hits: number, of: number): Rate {
  return { hits, of, rate: of > 0 ? hits / of : null }
}

/** The map's rate beside the same rate over random draws. */
export interface BaselineRate {
  readonly draws: number
  readonly mean: number | null
  readonly p5: number | null
  readonly p95: number | null
  /** Share of draws whose rate is at or above the map's (one-sided p-value for "higher"); null if undefined. */
  readonly atLeastMap: number | null
  /** Share of draws at or below the map's (one-sided p-value for "lower"). */
  readonly atMostMap: number | null
}

export function baselineRate(values: readonly (number | null)[], map: number | null): BaselineRate {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b)
  if (v.length === 0)
    return {
      draws: values.length,
      mean: null,
      p5: null,
      p95: null,
      atLeastMap: null,
      atMostMap: null,
    }
  const q = (p: number): number =>
    v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]
  return {
    draws: values.length,
    mean: v.reduce((a, b) => a + b, 0) / v.length,
    p5: q(0.05),
    p95: q(0.95),
    atLeastMap: map === null ? null : v.filter((x) => x >= map - 1e-12).length / v.length,
    atMostMap: map === null ? null : v.filter((x) => x <= map + 1e-12).length / v.length,
  }
}

/** Seeded uniform [0, 1) generator (mulberry32): the same seed gives the same baseline. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
