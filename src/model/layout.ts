/**
 * Where a model's books come from: one book per (venue, leverage, side) — or per (leverage,
 * side) when venues are merged — with each venue's whole-bin offsets from entry to its
 * liquidation sub-levels, the merged seeding kernels, and each book's take-profit and stop
 * geometry. Also the ladder's weights under the taker tilt. Pure.
 * @module
 */
import type { Side, Venue } from '../core/types.ts'
import { liquidationRatio } from '../margin/index.ts'
import type { BookExits } from './book.ts'
import type { ModelParams } from './params.ts'
import type { ModelFilter } from './types.ts'

export interface BookInfo {
  /** Venues whose positions the book holds (one, unless venues are merged). */
  readonly venues: readonly Venue[]
  readonly leverage: number
  readonly side: Side
  /** Rung index in the ladder. */
  readonly rung: number
  /** Liquidation price / entry price of each sub-level, per venue. */
  readonly ratios: Readonly<Partial<Record<Venue, readonly number[]>>>
}

/** One venue's seeds into one book: whole-bin offsets of its sub-levels. */
export interface Feed {
  readonly book: number
  readonly offsets: Int32Array
}

/** Every venue's sub-level offsets of a merged book, weighted by venue share (one add per book). */
export interface Kernel {
  readonly offsets: Int32Array
  readonly weights: Float64Array
}

export interface BookLayout {
  readonly info: readonly BookInfo[]
  /** Per venue index (of params.venues): the books it feeds. */
  readonly feeds: readonly (readonly Feed[])[]
  /** Lowest and highest offset of any sub-level, bins (for sizing the grid). */
  readonly minOff: number
  readonly maxOff: number
  /** Merged, untracked books only: one kernel per book. */
  readonly kernels?: readonly Kernel[]
  /** Per book, when the model has take-profits or stops. */
  readonly exits?: readonly BookExits[]
}

/**
 * Lays out the books of `p` on a grid of ln-bin width `w`. `venueShare` is each venue's share of
 * a single open-interest series (normalised over p.venues).
 */
export function layoutBooks(
  p: ModelParams,
  w: number,
  venueShare: Readonly<Record<string, number>>,
  opts: { filter?: ModelFilter; merged: boolean; track: boolean },
): BookLayout {
  const fv = opts.filter?.venues
  const fl = opts.filter?.leverages
  const feeds: Feed[][] = p.venues.map(() => [])
  const bookOf = new Map<string, number>()
  const info: {
    venues: Venue[]
    ratios: Partial<Record<Venue, number[]>>
    leverage: number
    side: Side
    rung: number
  }[] = []
  let minOff = 0
  let maxOff = 0
  p.venues.forEach((venue, vi) => {
    if (fv && !fv.includes(venue)) return
    p.leverages.forEach((leverage, rung) => {
      if (fl && !fl.includes(leverage)) return
      for (const side of ['long', 'short'] as const) {
        const base = liquidationRatio(venue, side, leverage, p.positionNotionalUsd)
        const ratios = subLevelRatios(base, side, p.levelSpread).filter((r) => r > 0.02)
        const key = opts.merged ? `${rung}:${side}` : `${venue}:${rung}:${side}`
        let k = bookOf.get(key)
        if (k === undefined) {
          k = info.length
          bookOf.set(key, k)
          info.push({ venues: [], ratios: {}, leverage, side, rung })
        }
        info[k].venues.push(venue)
        info[k].ratios[venue] = ratios
        // Whole-bin offsets: at most half a bin (binPct / 2) of quantisation.
        const offsets = Int32Array.from(ratios, (r) => Math.round(Math.log(r) / w))
        feeds[vi].push({ book: k, offsets })
        for (const x of offsets) {
          minOff = Math.min(minOff, x)
          maxOff = Math.max(maxOff, x)
        }
      }
    })
  })
  const exits =
    p.takeProfitShare > 0 || p.stopLossShare > 0
      ? info.map((b) => {
          // The formula level (no spread), averaged over the book's venues.
          const lnR =
            b.venues.reduce(
              (a, v) =>
                a + Math.log(liquidationRatio(v, b.side, b.leverage, p.positionNotionalUsd)),
              0,
            ) / b.venues.length
          return bookExits(p, b.side, b.leverage, lnR, w)
        })
      : undefined
  const kernels =
    opts.merged && !opts.track
      ? info.map((_, k) => {
          const offs: number[] = []
          const wts: number[] = []
          p.venues.forEach((venue, vi) => {
            for (const feed of feeds[vi]) {
              if (feed.book !== k) continue
              for (const o of feed.offsets) {
                offs.push(o)
                wts.push(venueShare[venue] / feed.offsets.length)
              }
            }
          })
          return { offsets: Int32Array.from(offs), weights: Float64Array.from(wts) }
        })
      : undefined
  return {
    info,
    feeds,
    minOff,
    maxOff,
    ...(kernels ? { kernels } : {}),
    ...(exits ? { exits } : {}),
  }
}

/**
 * Where a book's take-profits and stops sit relative to its liquidation level, in bins (see
 * ModelParams): `lnR` is ln(liquidation / entry).
 */
export function bookExits(
  p: ModelParams,
  side: Side,
  leverage: number,
  lnR: number,
  w: number,
): BookExits {
  const d = Math.abs(Math.expm1(lnR)) // distance to liquidation, fraction of entry
  const v = p.stopLossDistance
  const stopLn = side === 'long' ? Math.log(1 - v * d) - lnR : lnR - Math.log(1 + v * d)
  return {
    tpShare: p.takeProfitShare,
    tpBins: Math.round((Math.log1p(p.takeProfitDistance / leverage) + Math.abs(lnR)) / w),
    slShare: p.stopLossShare,
    slBins: Math.max(0, Math.round(stopLn / w)),
  }
}

/**
 * Liquidation/entry ratios of a rung's sub-levels: the formula distance d from entry spread evenly
 * over [d·(1 − spread), d·(1 + spread)] by 2m + 1 equally weighted points, m = max(1, round(3·spread)).
 */
export function subLevelRatios(base: number, side: Side, spread: number): number[] {
  if (spread <= 0) return [base]
  const dist = side === 'long' ? 1 - base : base - 1
  const m = Math.max(1, Math.round(3 * spread))
  const out: number[] = []
  for (let k = -m; k <= m; k++) {
    const d = dist * (1 + (spread * k) / m)
    out.push(side === 'long' ? 1 - d : 1 + d)
  }
  return out
}

/** Ladder weights tilted toward high leverage by `bias` ∈ [−1, 1] (see ModelParams.aggressorTilt). */
export function tiltedWeights(
  weights: readonly number[],
  tilt: number,
  bias: number,
  out: number[] = [],
): number[] {
  const n = weights.length
  out.length = n
  let s = 0
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? 0 : (2 * i) / (n - 1) - 1
    out[i] = weights[i] * Math.max(0, 1 + tilt * bias * x)
    s += out[i]
  }
  for (let i = 0; i < n; i++) out[i] = s > 0 ? out[i] / s : weights[i]
  return out
}
