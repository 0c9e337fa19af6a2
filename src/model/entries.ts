/**
 * Where and how much a bar opens: the open-interest rule (`seedFrom`: what a venue's open
 * interest, or a bar's volume, says about positions opened and closed) and the entry histogram
 * of one seed over the prices traded since the venue's previous open-interest sample. Pure.
 * @module
 */
import type { ModelParams } from './params.ts'
import type { ModelBar } from './types.ts'

/** What a bar's open interest (or volume) does: seed USD per side, keep factor, sample ends. */
export interface OiChange {
  seed: number
  keep: number
  sampleEnds: boolean
}

/** Prices traded since a venue's previous open-interest sample: where new positions entered. */
export interface Span {
  low: number
  high: number
  closeSum: number
  n: number
}

export function emptySpan(): Span {
  return { low: Infinity, high: -Infinity, closeSum: 0, n: 0 }
}

export function extendSpan(span: Span, bar: ModelBar): void {
  if (bar.low < span.low) span.low = bar.low
  if (bar.high > span.high) span.high = bar.high
  span.closeSum += bar.close
  span.n++
}

export function resetSpan(span: Span): void {
  span.low = Infinity
  span.high = -Infinity
  span.closeSum = 0
  span.n = 0
}

/**
 * The open-interest rule, with the previous sample of each slot (a venue, or `slots − 1` for a
 * single series' total). Returns one reused result: no allocation per bar.
 */
export class OpenInterestRule {
  private readonly _prev: Float64Array
  private readonly _r: OiChange = { seed: 0, keep: 1, sampleEnds: true }

  constructor(
    private readonly p: ModelParams,
    slots: number,
  ) {
    this._prev = new Float64Array(slots).fill(Number.NaN)
  }

  /**
   * What a venue's open interest (slot `vi`) did in this bar, or its volume without open
   * interest. `seedFrom` volume ignores open interest; both adds the volume seed to what open
   * interest says. `share` is the venue's share of the bar's volume.
   */
  change(vi: number, oi: number | undefined, bar: ModelBar, share: number): OiChange {
    const mode = this.p.seedFrom
    const qv = bar.quoteVolume
    const vol = (qv !== undefined && qv > 0 ? qv : 1) * this.p.volumeSeedFraction * share
    if (mode !== 'volume' && oi !== undefined && Number.isFinite(oi)) {
      const extra = mode === 'both' ? vol : 0
      const prevOi = this._prev[vi]
      this._prev[vi] = oi
      if (Number.isNaN(prevOi)) return this.set(extra, 1, true)
      if (oi === prevOi) return this.set(extra, 1, extra > 0)
      if (oi < prevOi) return this.set(extra, prevOi > 0 ? oi / prevOi : 1, true)
      return this.set((oi - prevOi) * bar.close + extra, 1, true)
    }
    return this.set(vol, 1, true)
  }

  private set(seed: number, keep: number, sampleEnds: boolean): OiChange {
    const r = this._r
    r.seed = seed
    r.keep = keep
    r.sampleEnds = sampleEnds
    return r
  }
}

/** The entry distribution of one seed, in a reused buffer: `hist[0..n)` lands in bins j0 … */
export class EntryHistogram {
  hist = new Float64Array(64)
  j0 = 0

  /**
   * Fills the buffer (sums to 1): `1 − e` at the mean close of the span, `e` spread evenly over
   * [low, high]; `coord` maps a price to its fractional bin. Returns the length n.
   */
  fill(span: Span, e: number, coord: (price: number) => number): number {
    const uc = coord(span.closeSum / span.n)
    const ua = coord(span.low)
    const ub = coord(span.high)
    const i0 = Math.floor(Math.min(ua, uc))
    const i1 = Math.floor(Math.max(ub, uc))
    const n = i1 - i0 + 1
    if (this.hist.length < n) this.hist = new Float64Array(n * 2)
    const h = this.hist
    h.fill(0, 0, n)
    h[Math.floor(uc) - i0] += 1 - e
    if (e > 0) {
      const a0 = Math.floor(ua)
      const a1 = Math.floor(ub)
      if (a1 === a0 || ub - ua < 1e-9) h[a0 - i0] += e
      else {
        const per = e / (ub - ua)
        for (let i = a0; i <= a1; i++)
          h[i - i0] += per * ((i === a1 ? ub : i + 1) - (i === a0 ? ua : i))
      }
    }
    this.j0 = i0
    return n
  }
}
