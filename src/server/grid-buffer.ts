/**
 * A live heatmap grid that grows at the end and slides at the start without copying the whole
 * grid per bar: the cells live in a buffer with spare columns, the grid is a view on it, and the
 * largest cell is kept up to date column by column.
 * @module
 */
import type { Bar } from '../core/types.ts'
import type { HeatmapGrid } from '../model/types.ts'

const SPARE = 256

export class GridBuffer {
  private _long: Float32Array
  private _short: Float32Array
  private _start = 0
  private _end: number
  private _times: number[]
  private _candles: Bar[]
  private _max = 0
  /** Absolute time of the column holding the largest cell. */
  private _maxTime = Number.NaN

  constructor(private readonly _base: HeatmapGrid) {
    const rows = _base.rows
    const n = _base.times.length
    this._long = new Float32Array((n + SPARE) * rows)
    this._short = new Float32Array((n + SPARE) * rows)
    this._long.set(_base.long.subarray(0, n * rows))
    this._short.set(_base.short.subarray(0, n * rows))
    this._end = n
    this._times = [..._base.times]
    this._candles = [..._base.candles]
    this._recomputeMax()
  }

  private _colMax(c: number): number {
    const rows = this._base.rows
    let m = 0
    for (let i = c * rows; i < (c + 1) * rows; i++)
      if (this._long[i] + this._short[i] > m) m = this._long[i] + this._short[i]
    return m
  }

  private _recomputeMax(): void {
    this._max = 0
    this._maxTime = Number.NaN
    for (let c = this._start; c < this._end; c++) {
      const m = this._colMax(c)
      if (m > this._max) {
        this._max = m
        this._maxTime = this._times[c - this._start]
      }
    }
  }

  /** Writes the column starting at `time` (replacing the last one if it is that column), then drops columns before `dropBefore`. */
  put(
    col: { long: Float32Array; short: Float32Array },
    time: number,
    candle: Bar,
    dropBefore: number,
  ): void {
    const rows = this._base.rows
    const last = this._times[this._times.length - 1]
    let recompute = false
    if (last === time) {
      this._candles[this._candles.length - 1] = candle
      if (this._maxTime === time) recompute = true
    } else {
      if (this._end * rows >= this._long.length) this._compact()
      this._end++
      this._times.push(time)
      this._candles.push(candle)
    }
    const c = this._end - 1
    this._long.set(col.long, c * rows)
    this._short.set(col.short, c * rows)
    let drop = 0
    while (drop < this._times.length - 1 && this._times[drop] < dropBefore) {
      if (this._times[drop] === this._maxTime) recompute = true
      drop++
    }
    if (drop > 0) {
      this._times.splice(0, drop)
      this._candles.splice(0, drop)
      this._start += drop
    }
    if (recompute) this._recomputeMax()
    else {
      const m = this._colMax(c)
      if (m >= this._max) {
        this._max = m
        this._maxTime = time
      }
    }
  }

  /** Moves the live columns to the front of the buffer, growing it when they nearly fill it. */
  private _compact(): void {
    const rows = this._base.rows
    const n = this._end - this._start
    if (n + SPARE / 2 <= this._long.length / rows && this._start > 0) {
      this._long.copyWithin(0, this._start * rows, this._end * rows)
      this._short.copyWithin(0, this._start * rows, this._end * rows)
    } else {
      const long = new Float32Array((n + SPARE) * rows)
      const short = new Float32Array((n + SPARE) * rows)
      long.set(this._long.subarray(this._start * rows, this._end * rows))
      short.set(this._short.subarray(this._start * rows, this._end * rows))
      this._long = long
      this._short = short
    }
    this._start = 0
    this._end = n
  }

  /** The grid as it stands (its cells are views on the buffer: read them before the next `put`). */
  grid(): HeatmapGrid {
    const rows = this._base.rows
    return {
      ...this._base,
      times: [...this._times],
      candles: [...this._candles],
      long: this._long.subarray(this._start * rows, this._end * rows),
      short: this._short.subarray(this._start * rows, this._end * rows),
      maxCell: this._max,
    }
  }
}
