/**
 * Projection of the model's log-price bins onto a linear price axis of `rows` rows, and the
 * accumulation of books into rows. Shared by the heatmap, the map and incremental columns.
 * @module
 */
import type { LevelBook } from './book.ts'

export interface RowAxis {
  readonly priceMin: number
  readonly priceMax: number
  readonly rows: number
}

/** For each bin in [first, last], its row (−1 outside); bin centres are used. */
export interface RowMap {
  readonly first: number
  readonly last: number
  readonly row: Int32Array
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
  const row = new Int32Array(n)
  const step = (axis.priceMax - axis.priceMin) / axis.rows
  for (let k = 0; k < n; k++) {
    const centre = Math.sqrt(binPrice(first + k) * binPrice(first + k + 1))
    const r = Math.floor((centre - axis.priceMin) / step)
    row[k] = r >= 0 && r < axis.rows ? r : -1
  }
  return { first, last, row }
}

/** Adds each book's standing USD into `long`/`short` rows (offset `at`). */
export function accumulate(
  books: readonly LevelBook[],
  map: RowMap,
  long: Float32Array | Float64Array,
  short: Float32Array | Float64Array,
  at = 0,
): void {
  const row = map.row
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
      const r = row[i - map.first]
      if (r >= 0) out[at + r] += v * s
    }
  }
}
