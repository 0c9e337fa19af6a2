/**
 * The ground truth: every position the simulated traders held, as growable typed arrays indexed by
 * position id. Entry fields are written when a position opens, exit fields when it closes.
 * A position stands at instant T when `entryTs ≤ T < exitTs` (exitTs = Infinity while open).
 * @module
 */
import type { Side, Venue } from '../core/types.ts'

/** Why a position closed. `open` = still open at the end of the simulation. */
export const EXIT_REASONS = ['open', 'take_profit', 'stop_loss', 'time', 'liquidation'] as const
export type ExitReason = (typeof EXIT_REASONS)[number]
export const EXIT_OPEN = 0
export const EXIT_TAKE_PROFIT = 1
export const EXIT_STOP_LOSS = 2
export const EXIT_TIME = 3
export const EXIT_LIQUIDATION = 4

/** Quantities are whole lots of 0.001 base units, so sums are exact. */
export const LOT = 0.001
export const LOTS_PER_UNIT = 1000

/** One position of the truth, as plain values. */
export interface TruthPosition {
  readonly id: number
  readonly venue: Venue
  readonly side: Side
  /** Leverage the position opened with (after the venue's tier cap). */
  readonly leverage: number
  /** Fill time, UTC ms. */
  readonly entryTs: number
  readonly entryPrice: number
  /** Base units (BTC), a multiple of 0.001. */
  readonly qty: number
  /** Margin added beyond notional / leverage, USD. */
  readonly extraMarginUsd: number
  /** Liquidation price by the venue formula, USD (0 = a long that cannot be liquidated). */
  readonly liqPrice: number
  /** Close time, UTC ms; Infinity while open. */
  readonly exitTs: number
  /** Close price; NaN while open. */
  readonly exitPrice: number
  readonly exitReason: ExitReason
}

export class TruthLog {
  venueIndex = new Uint8Array(0)
  side = new Int8Array(0)
  leverage = new Float64Array(0)
  entryTs = new Float64Array(0)
  entryPrice = new Float64Array(0)
  qtyLots = new Int32Array(0)
  extraMargin = new Float64Array(0)
  liq = new Float64Array(0)
  exitTs = new Float64Array(0)
  exitPrice = new Float64Array(0)
  exitReason = new Uint8Array(0)
  private _n = 0

  constructor(
    readonly venues: readonly Venue[],
    capacity = 1024,
  ) {
    this._resize(capacity)
  }

  get length(): number {
    return this._n
  }

  /** Records an opening; returns the new position id. */
  open(
    venueIndex: number,
    side: number,
    leverage: number,
    ts: number,
    price: number,
    qtyLots: number,
    extraMargin: number,
    liq: number,
  ): number {
    if (this._n === this.side.length) this._resize(this._n * 2)
    const id = this._n++
    this.venueIndex[id] = venueIndex
    this.side[id] = side
    this.leverage[id] = leverage
    this.entryTs[id] = ts
    this.entryPrice[id] = price
    this.qtyLots[id] = qtyLots
    this.extraMargin[id] = extraMargin
    this.liq[id] = liq
    this.exitTs[id] = Infinity
    this.exitPrice[id] = Number.NaN
    this.exitReason[id] = EXIT_OPEN
    return id
  }

  close(id: number, ts: number, price: number, reason: number): void {
    this.exitTs[id] = ts
    this.exitPrice[id] = price
    this.exitReason[id] = reason
  }

  /** Position `id` as plain values. */
  get(id: number): TruthPosition {
    return {
      id,
      venue: this.venues[this.venueIndex[id]],
      side: this.side[id] > 0 ? 'long' : 'short',
      leverage: this.leverage[id],
      entryTs: this.entryTs[id],
      entryPrice: this.entryPrice[id],
      qty: this.qtyLots[id] / LOTS_PER_UNIT,
      extraMarginUsd: this.extraMargin[id],
      liqPrice: this.liq[id],
      exitTs: this.exitTs[id],
      exitPrice: this.exitPrice[id],
      exitReason: EXIT_REASONS[this.exitReason[id]],
    }
  }

  private _resize(cap: number): void {
    const grow = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(cap)
      b.set(a.subarray(0, Math.min(a.length, cap)))
      return b
    }
    this.venueIndex = grow(this.venueIndex, (n) => new Uint8Array(n))
    this.side = grow(this.side, (n) => new Int8Array(n))
    this.leverage = grow(this.leverage, (n) => new Float64Array(n))
    this.entryTs = grow(this.entryTs, (n) => new Float64Array(n))
    this.entryPrice = grow(this.entryPrice, (n) => new Float64Array(n))
    this.qtyLots = grow(this.qtyLots, (n) => new Int32Array(n))
    this.extraMargin = grow(this.extraMargin, (n) => new Float64Array(n))
    this.liq = grow(this.liq, (n) => new Float64Array(n))
    this.exitTs = grow(this.exitTs, (n) => new Float64Array(n))
    this.exitPrice = grow(this.exitPrice, (n) => new Float64Array(n))
    this.exitReason = grow(this.exitReason, (n) => new Uint8Array(n))
  }
}
