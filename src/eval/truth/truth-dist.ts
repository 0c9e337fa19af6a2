/**
 * The true liquidation-level distribution at any instant, from the simulator's truth log: a sweep
 * over entry and exit times keeps the set of standing positions (entryTs < T ≤ exitTs), so
 * visiting N sample instants in order costs O(positions + N · standing). Notional of a level is
 * qty × liquidation price (USD liquidated if the price trades there).
 * @module
 */
import { EXIT_LIQUIDATION, LOTS_PER_UNIT, type TruthLog } from '../../sim/index.ts'

/** A linear price grid: bin i covers [priceMin + i·step, priceMin + (i+1)·step). */
export interface PriceGrid {
  readonly priceMin: number
  readonly step: number
  readonly bins: number
}

function binOf(g: PriceGrid, price: number): number {
  const b = Math.floor((price - g.priceMin) / g.step)
  return b >= 0 && b < g.bins ? b : -1
}

export class StandingTruth {
  private readonly _byExit: Int32Array
  private readonly _liqByExit: Int32Array
  private readonly _active: Int32Array
  private readonly _slot: Int32Array
  private _nActive = 0
  private _nextEntry = 0
  private _nextExit = 0
  private _nextLiq = 0
  private _t = -Infinity

  constructor(private readonly _log: TruthLog) {
    const n = _log.length
    const ids = Array.from({ length: n }, (_, i) => i)
    for (let i = 1; i < n; i++) {
      if (_log.entryTs[i] < _log.entryTs[i - 1])
        throw new RangeError('truth ids must be in entry order')
    }
    const exits = ids.filter((i) => _log.exitTs[i] !== Infinity)
    exits.sort((a, b) => _log.exitTs[a] - _log.exitTs[b] || a - b)
    this._byExit = Int32Array.from(exits)
    this._liqByExit = Int32Array.from(exits.filter((i) => _log.exitReason[i] === EXIT_LIQUIDATION))
    this._active = new Int32Array(n)
    this._slot = new Int32Array(n).fill(-1)
  }

  get standingCount(): number {
    return this._nActive
  }

  /** Moves the sweep to instant `t` (non-decreasing): positions with entryTs < t ≤ exitTs stand. */
  advanceTo(t: number): void {
    if (t < this._t) throw new RangeError(`StandingTruth.advanceTo: ${t} is before ${this._t}`)
    this._t = t
    const log = this._log
    while (this._nextEntry < log.length && log.entryTs[this._nextEntry] < t) {
      const id = this._nextEntry++
      if (log.exitTs[id] >= t && log.qtyLots[id] > 0) {
        this._slot[id] = this._nActive
        this._active[this._nActive++] = id
      }
    }
    while (this._nextExit < this._byExit.length && log.exitTs[this._byExit[this._nextExit]] < t) {
      const id = this._byExit[this._nextExit++]
      const s = this._slot[id]
      if (s < 0) continue
      const last = this._active[--this._nActive]
      this._active[s] = last
      this._slot[last] = s
      this._slot[id] = -1
    }
  }

  /**
   * Adds the standing USD of `side` (+1 long, −1 short) per bin of `g` into `out`; with `keep`,
   * only of the positions (by id) it keeps.
   */
  histogram(side: number, g: PriceGrid, out: Float64Array, keep?: (id: number) => boolean): void {
    const log = this._log
    for (let k = 0; k < this._nActive; k++) {
      const id = this._active[k]
      if (log.side[id] !== side) continue
      if (keep && !keep(id)) continue
      const liq = log.liq[id]
      if (!(liq > 0)) continue
      const b = binOf(g, liq)
      if (b >= 0) out[b] += (log.qtyLots[id] / LOTS_PER_UNIT) * liq
    }
  }

  /**
   * Liquidations with from ≤ exitTs < to (`from` non-decreasing between calls; windows may
   * overlap) of positions entered before `enteredBefore`, per bin of `g` by their
   * liquidation price into `outLong`/`outShort`; returns the USD of each side including any
   * outside the grid.
   */
  realized(
    from: number,
    to: number,
    g: PriceGrid,
    outLong: Float64Array,
    outShort: Float64Array,
    enteredBefore = Infinity,
  ): [number, number] {
    const log = this._log
    const ids = this._liqByExit
    while (this._nextLiq < ids.length && log.exitTs[ids[this._nextLiq]] < from) this._nextLiq++
    let totL = 0
    let totS = 0
    let k = this._nextLiq
    while (k < ids.length && log.exitTs[ids[k]] < to) {
      const id = ids[k++]
      if (!(log.entryTs[id] < enteredBefore)) continue
      const usd = (log.qtyLots[id] / LOTS_PER_UNIT) * log.liq[id]
      const b = binOf(g, log.liq[id])
      if (log.side[id] > 0) {
        totL += usd
        if (b >= 0) outLong[b] += usd
      } else {
        totS += usd
        if (b >= 0) outShort[b] += usd
      }
    }
    return [totL, totS]
  }
}
