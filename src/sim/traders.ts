/**
 * The traders, struct-of-arrays: fixed traits drawn once (venue, favourite leverage, wealth,
 * momentum or contrarian, stop user) and the state of the one position or resting entry order
 * each may hold. Slot i is trader i; a position lives in its trader's slot.
 * @module
 */
import { cumulative, type Prng } from './prng.ts'
import type { SimParams } from './params.ts'

export const FLAT = 0
export const PENDING = 1
export const OPEN = 2

export class Traders {
  readonly n: number
  /** Index into params.venues. */
  readonly venue: Uint8Array
  readonly favLeverage: Float64Array
  /** USD. */
  readonly wealth: Float64Array
  /** +1 follows momentum, −1 fades it. */
  readonly momentum: Int8Array
  readonly usesStop: Uint8Array
  /** FLAT, PENDING (resting limit entry) or OPEN. */
  readonly state: Uint8Array
  /** Bumped on every state change; a scheduled event with an older stamp is stale. */
  readonly stamp: Int32Array
  /** +1 long, −1 short (position or resting order). */
  readonly side: Int8Array
  readonly leverage: Float64Array
  /** Margin posted (initial, USD) for the position or the resting order. */
  readonly margin: Float64Array
  readonly extraMargin: Float64Array
  readonly qtyLots: Int32Array
  /** Entry price, or the limit price while PENDING. */
  readonly entry: Float64Array
  readonly liq: Float64Array
  /** 0 = none. */
  readonly tp: Float64Array
  readonly sl: Float64Array
  /** Truth id of the open position (−1 when truth is not recorded). */
  readonly posId: Int32Array
  /** Time the position was opened. */
  readonly entryTs: Float64Array

  constructor(p: SimParams, rng: Prng) {
    const n = p.traders
    this.n = n
    this.venue = new Uint8Array(n)
    this.favLeverage = new Float64Array(n)
    this.wealth = new Float64Array(n)
    this.momentum = new Int8Array(n)
    this.usesStop = new Uint8Array(n)
    this.state = new Uint8Array(n)
    this.stamp = new Int32Array(n)
    this.side = new Int8Array(n)
    this.leverage = new Float64Array(n)
    this.margin = new Float64Array(n)
    this.extraMargin = new Float64Array(n)
    this.qtyLots = new Int32Array(n)
    this.entry = new Float64Array(n)
    this.liq = new Float64Array(n)
    this.tp = new Float64Array(n)
    this.sl = new Float64Array(n)
    this.posId = new Int32Array(n).fill(-1)
    this.entryTs = new Float64Array(n)
    const venueCum = cumulative(p.venueShares)
    const levCum = cumulative(p.leverage.weights)
    for (let i = 0; i < n; i++) {
      this.venue[i] = rng.pickCumulative(venueCum)
      this.favLeverage[i] = p.leverage.values[rng.pickCumulative(levCum)]
      this.wealth[i] = Math.min(p.wealthMaxUsd, rng.pareto(p.wealthMinUsd, p.wealthAlpha))
      this.momentum[i] = rng.chance(p.momentumShare) ? 1 : -1
      this.usesStop[i] = rng.chance(p.stopLossShare) ? 1 : 0
    }
  }
}
