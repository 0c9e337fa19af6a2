/**
 * Projection of the model's log-price bins onto a linear price axis of `rows` rows, and the
 * accumulation of books into rows. Each bin's notional is split over the rows it overlaps in
 * proportion to the overlap, so no row is brighter just because more bin edges fall in it.
 * Shared by the heatmap, the map and incremental columns.
 * @module
 */
import type { LevelBook } from './book.ts'

export interface RowAxis {
  readonly priceMin: number
  readonly priceMax: number
  readonly rows: number
}

/**
 * For each bin in [first, last]: the first row it touches (`row`, −1 when none) and the share of
 * its notional in that row (`share`); the rest goes to the following rows, read from `spill`
 * (CSR: bin k's extra (row, share) pairs are spillRow/spillShare[spillAt[k] … spillAt[k+1])).
 */
export interface RowMap {
  readonly first: number
  readonly last: number
  readonly row: Int32Array
  readonly share: Float64Array
  readonly spillAt: Int32Array
  readonly spillRow: Int32Array
  readonly spillShare: Float64Array
}

export function buildRowMap(
  axis: RowAxis,
  binPrice: (i: number) => number,
  coord: (p: number) => number,
  size: number,
): RowMap {
  const first = Math.max(0, Math.floor(coord(axis.priceMin)))
  const last = Math.min(size - 1, Math.floor(coord(axis.priceMax)))
  const n = Math.max(0, last - first + 1)
  const row = new Int32Array(n).fill(-1)
  const share = new Float64Array(n)
  const spillAt = new Int32Array(n + 1)
  const spillRow: number[] = []
  const spillShare: number[] = []
  const step = (axis.priceMax - axis.priceMin) / axis.rows
  for (let k = 0; k < n; k++) {
    spillAt[k] = spillRow.length
    const lo = binPrice(first + k)
    const hi = binPrice(first + k + 1)
    const width = hi - lo
    const r0 = Math.max(0, Math.floor((lo - axis.priceMin) / step))
    const r1 = Math.min(axis.rows - 1, Math.floor((hi - axis.priceMin) / step))
    for (let r = r0; r <= r1; r++) {
      const a = Math.max(lo, axis.priceMin + r * step)
      const b = Math.min(hi, axis.priceMin + (r + 1) * step)
      if (b <= a) continue
      if (row[k] < 0) {
        row[k] = r
        share[k] = (b - a) / width
      } else {
        spillRow.push(r)
        spillShare.push((b - a) / width)
      }
    }
  }
  spillAt[n] = spillRow.length
  return {
    first,
    last,
    row,
    share,
    spillAt,
    spillRow: Int32Array.from(spillRow),
    spillShare: Float64Array.from(spillShare),
  }
}

/** Adds each book's standing USD into `long`/`short` rows (offset `at`). */
export function accumulate(
  books: readonly LevelBook[],
  map: RowMap,
  long: Float32Array | Float64Array,
  short: Float32Array | Float64Array,
  at = 0,
): void {
  const { row, share, spillAt, spillRow, spillShare } = map
  for (const b of books) {
    const a = Math.max(b.lo, map.first)
    const z = Math.min(b.hi, map.last)
    if (z < a) continue
    const out = b.isLong ? long : short
    const s = b.scale
    const x = b.x
    for (let i = a; i <= z; i++) {
      const v = x[i]
      if (v === 0) continue
      const k = i - map.first
      const r = row[k]
      if (r < 0) continue
      const u = v * s
      out[at + r] += u * share[k]
      for (let j = spillAt[k]; j < spillAt[k + 1]; j++) out[at + spillRow[j]] += u * spillShare[j]
    }
  }
}
