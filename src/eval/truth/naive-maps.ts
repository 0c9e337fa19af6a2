/**
 * Naive liquidation maps the model must beat on simulated markets:
 * - `flat-ladder`: every open-interest rise is seeded at the bar's close, half long and half short,
 *   split evenly over a fixed ladder (5/10/25/50/100×) at `close·(1 ∓ 1/L ± mmr)` with one flat
 *   mmr (0.5 %); levels are removed only when a bar's range reaches them (no decay, no closes).
 * - `uniform-band`: equal notional in every bin within `bandPct` of the price on each side.
 * @module
 */
import type { ModelBar } from '../../model/index.ts'
import type { PriceGrid } from './truth-dist.ts'

export interface FlatLadderOptions {
  readonly leverages?: readonly number[]
  readonly mmr?: number
  /** Internal resolution, % of price. */
  readonly binPct?: number
}

export class FlatLadderMap {
  private readonly _lev: readonly number[]
  private readonly _mmr: number
  private readonly _w: number
  private readonly _n: number
  private readonly _long: Float64Array
  private readonly _short: Float64Array
  private _origin = Number.NaN
  private _hiLong = -1
  private _loShort: number
  private _prevOi = Number.NaN

  constructor(opts: FlatLadderOptions = {}) {
    this._lev = opts.leverages ?? [5, 10, 25, 50, 100]
    this._mmr = opts.mmr ?? 0.005
    this._w = Math.log(1 + (opts.binPct ?? 0.05) / 100)
    this._n = Math.ceil(Math.log(16) / this._w)
    this._long = new Float64Array(this._n)
    this._short = new Float64Array(this._n)
    this._loShort = this._n
  }

  private _bin(price: number): number {
    return Math.floor(Math.log(price) / this._w - this._origin)
  }

  append(bar: ModelBar): void {
    if (Number.isNaN(this._origin))
      this._origin = Math.floor(Math.log(bar.close) / this._w) - this._n / 2
    // Sweep: long levels at or above the low, short levels at or below the high.
    const kLow = Math.max(0, this._bin(bar.low))
    for (let k = Math.min(this._hiLong, this._n - 1); k >= kLow; k--) this._long[k] = 0
    this._hiLong = Math.min(this._hiLong, kLow - 1)
    const kHigh = Math.min(this._n - 1, this._bin(bar.high))
    for (let k = Math.max(this._loShort, 0); k <= kHigh; k++) this._short[k] = 0
    this._loShort = Math.max(this._loShort, kHigh + 1)
    const oi = bar.oi
    if (oi === undefined) return
    const rise = Number.isNaN(this._prevOi) ? 0 : oi - this._prevOi
    this._prevOi = oi
    if (!(rise > 0)) return
    const each = (rise * bar.close) / 2 / this._lev.length
    for (const L of this._lev) {
      const kl = this._bin(bar.close * (1 - 1 / L + this._mmr))
      if (kl >= 0 && kl < this._n) {
        this._long[kl] += each
        if (kl > this._hiLong) this._hiLong = kl
      }
      const ks = this._bin(bar.close * (1 + 1 / L - this._mmr))
      if (ks >= 0 && ks < this._n) {
        this._short[ks] += each
        if (ks < this._loShort) this._loShort = ks
      }
    }
  }

  /** Adds the standing levels per bin of `g`. */
  map(g: PriceGrid, outLong: Float64Array, outShort: Float64Array): void {
    const put = (src: Float64Array, out: Float64Array): void => {
      for (let k = 0; k < this._n; k++) {
        if (src[k] === 0) continue
        const price = Math.exp((k + this._origin + 0.5) * this._w)
        const b = Math.floor((price - g.priceMin) / g.step)
        if (b >= 0 && b < g.bins) out[b] += src[k]
      }
    }
    put(this._long, outLong)
    put(this._short, outShort)
  }
}

/** Uniform notional within `bandPct` % of `price`: longs below, shorts above. */
export function uniformBandMap(
  price: number,
  bandPct: number,
  g: PriceGrid,
  outLong: Float64Array,
  outShort: Float64Array,
): void {
  for (let b = 0; b < g.bins; b++) {
    const mid = g.priceMin + (b + 0.5) * g.step
    if (mid < price && mid >= price * (1 - bandPct / 100)) outLong[b] += 1
    if (mid > price && mid <= price * (1 + bandPct / 100)) outShort[b] += 1
  }
}
