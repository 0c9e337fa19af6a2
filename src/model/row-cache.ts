/**
 * Cached row projections of books for building many heatmap columns: each book's rows are kept in
 * stored (unscaled) units and only the rows over bins that changed since the last column are
 * recomputed; a column is then Σ scale × cached rows. Decay and closures change only the scale,
 * so a column costs books × rows plus the changed bins. Exact: a recomputed row is summed afresh.
 * @module
 */
import type { LevelBook } from './book.ts'
import type { RowMap } from './rows.ts'

export class RowCache {
  private readonly _rows: Float64Array[]
  /** For each row, the first and last map position (bin − first) that touch it. */
  private readonly _rowFirst: Int32Array
  private readonly _rowLast: Int32Array

  constructor(
    readonly map: RowMap,
    readonly nRows: number,
    books: readonly LevelBook[],
  ) {
    this._rows = books.map(() => new Float64Array(nRows))
    this._rowFirst = new Int32Array(nRows).fill(-1)
    this._rowLast = new Int32Array(nRows).fill(-2)
    const touch = (r: number, k: number): void => {
      if (this._rowFirst[r] < 0) this._rowFirst[r] = k
      this._rowLast[r] = k
    }
    for (let k = 0; k < map.row.length; k++) {
      if (map.row[k] < 0) continue
      touch(map.row[k], k)
      for (let j = map.spillAt[k]; j < map.spillAt[k + 1]; j++) touch(map.spillRow[j], k)
    }
    for (const b of books) b.markDirty(0, b.size - 1)
  }

  /** Adds every book's current state into `long`/`short` at offset `at`. */
  addColumn(
    books: readonly LevelBook[],
    long: Float32Array | Float64Array,
    short: Float32Array | Float64Array,
    at: number,
  ): void {
    const map = this.map
    const nRows = this.nRows
    for (let bi = 0; bi < books.length; bi++) {
      const b = books[bi]
      const cache = this._rows[bi]
      if (b.dirtyHi >= b.dirtyLo) {
        const ka = Math.max(0, b.dirtyLo - map.first)
        const kz = Math.min(map.row.length - 1, b.dirtyHi - map.first)
        if (kz >= ka) this.refresh(b, cache, ka, kz)
        b.clearDirty()
      }
      const out = b.isLong ? long : short
      const s = b.scale
      for (let r = 0; r < nRows; r++) {
        const v = cache[r]
        if (v !== 0) out[at + r] += v * s
      }
    }
  }

  /** Recomputes every row touched by map positions [ka, kz]. */
  private refresh(b: LevelBook, cache: Float64Array, ka: number, kz: number): void {
    const map = this.map
    let r0 = Infinity
    let r1 = -Infinity
    for (const k of [ka, kz]) {
      if (map.row[k] >= 0) {
        r0 = Math.min(r0, map.row[k])
        r1 = Math.max(r1, map.row[k])
      }
      for (let j = map.spillAt[k]; j < map.spillAt[k + 1]; j++) r1 = Math.max(r1, map.spillRow[j])
    }
    if (r0 === Infinity) {
      // The ends fall outside the axis: recompute every row the range can touch.
      r0 = 0
      r1 = this.nRows - 1
    }
    // Rows are monotone in bins, so rows r0..r1 are touched by positions rowFirst[r0]..rowLast[r1].
    const k0 = this._rowFirst[r0] >= 0 ? this._rowFirst[r0] : ka
    const k1 = Math.max(this._rowLast[r1], kz)
    cache.fill(0, r0, r1 + 1)
    const x = b.x
    const first = map.first
    for (let k = k0; k <= k1; k++) {
      const v = x[first + k]
      if (v === 0) continue
      const r = map.row[k]
      if (r < 0) continue
      if (r >= r0 && r <= r1) cache[r] += v * map.share[k]
      for (let j = map.spillAt[k]; j < map.spillAt[k + 1]; j++) {
        const rr = map.spillRow[j]
        if (rr >= r0 && rr <= r1) cache[rr] += v * map.spillShare[j]
      }
    }
  }
}
