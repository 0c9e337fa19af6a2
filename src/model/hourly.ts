/**
 * Hourly snapshots of every book (for growth over the freshness window): one per hour boundary,
 * pruned to the window. Values are actual USD (Float32).
 * @module
 */
import { upperBound } from '../core/bisect.ts'
import type { LevelBook } from './book.ts'

const HOUR = 3_600_000

export interface Snapshot {
  readonly ts: number
  readonly books: readonly { lo: number; vals: Float32Array }[]
}

export class HourlySnapshots {
  private _list: { ts: number; books: { lo: number; vals: Float32Array }[] }[] = []
  private _lastHour = Number.NaN
  /**
   * Hours opening before this instant settle the books but keep no snapshot (`historyStart`:
   * during a catch-up, the snapshots that `past` can no longer return once it ends).
   */
  skipBefore = -Infinity

  constructor(private readonly windowMs: number) {}

  /** Records the books at `ts` if it opens a new hour (call after decay is settled to `ts`). */
  record(ts: number, books: readonly LevelBook[], settle: () => void): void {
    const hour = Math.floor(ts / HOUR)
    if (hour === this._lastHour) return
    this._lastHour = hour
    settle()
    if (ts < this.skipBefore) return
    this._list.push({
      ts,
      books: books.map((b) => {
        const lo = Math.max(0, b.lo)
        const vals = new Float32Array(Math.max(0, b.hi - lo + 1))
        for (let i = 0; i < vals.length; i++) vals[i] = b.x[lo + i] * b.scale
        return { lo, vals }
      }),
    })
    while (this._list.length > 1 && this._list[1].ts <= ts - this.windowMs) this._list.shift()
  }

  /** The grid grew: old bin i is now bin i + shift. */
  shiftBins(shift: number): void {
    for (const h of this._list) for (const hb of h.books) hb.lo += shift
  }

  /** The snapshot nearest to the window's length before `lastTs` (undefined when history is shorter). */
  past(lastTs: number | undefined): Snapshot | undefined {
    const h = this._list[0]
    if (!h || lastTs === undefined || lastTs - h.ts < this.windowMs * 0.9) return undefined
    return h
  }
}

/**
 * Where a catch-up over `bars[0..end)` may start keeping snapshots, so that once its last bar is in,
 * `past` returns what it would have had every hour been kept. The oldest snapshot `past` can
 * return then was recorded at or before `last − window`, and at or after the last bar at or
 * before `last − window − 1 h` (the record of that bar's hour): keep from that hour on.
 * −Infinity when no bar is that old.
 */
export function historyStart(
  bars: readonly { readonly ts: number }[],
  end: number,
  windowMs: number,
): number {
  if (end <= 0) return -Infinity
  const k = upperBound(bars, bars[end - 1].ts - windowMs - HOUR, end)
  return k === 0 ? -Infinity : Math.floor(bars[k - 1].ts / HOUR) * HOUR
}
