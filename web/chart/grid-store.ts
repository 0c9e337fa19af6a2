/**
 * The page's copy of the heatmap grid: the decoded response, then live columns appended or
 * replacing the last one as the stream sends them.
 * @module
 */
import type { Candle, DecodedHeatmap } from '../client/decode-heatmap.ts'
import type { ColumnMessage } from '../client/stream.ts'
import type { GridData } from './heatmap-image.ts'

export class GridStore implements GridData {
  columns = 0
  rows = 0
  priceMin = 0
  priceMax = 0
  columnMs = 0
  long: Float32Array = new Float32Array(0)
  short: Float32Array = new Float32Array(0)
  times: Float64Array = new Float64Array(0)
  candles: Candle[] = []
  private readonly _index = new Map<number, number>()

  load(d: DecodedHeatmap): void {
    this.columns = d.header.columns
    this.rows = d.header.rows
    this.priceMin = d.header.priceMin
    this.priceMax = d.header.priceMax
    this.columnMs = d.header.columnMs
    this.long = d.long
    this.short = d.short
    this.times = d.times
    this.candles = [...d.candles]
    this._index.clear()
    d.times.forEach((t, i) => this._index.set(t, i))
  }

  /** Column index at a time (ms), or -1. */
  colAt(timeMs: number): number {
    return this._index.get(timeMs) ?? -1
  }

  /** Applies a live column; returns 'replaced' | 'appended' | 'ignored'. */
  apply(m: ColumnMessage): 'replaced' | 'appended' | 'ignored' {
    if (this.columns === 0 || m.long.length !== this.rows) return 'ignored'
    const lastTime = this.times[this.columns - 1]
    if (m.time < lastTime) return 'ignored'
    const candle = {
      time: m.candle.time,
      open: m.candle.open,
      high: m.candle.high,
      low: m.candle.low,
      close: m.candle.close,
      volume: m.candle.volume ?? NaN,
    }
    let c = this.columns - 1
    let result: 'replaced' | 'appended' = 'replaced'
    if (m.time > lastTime) {
      c = this.columns
      const grow = (a: Float32Array) => {
        const b = new Float32Array((c + 1) * this.rows)
        b.set(a.subarray(0, c * this.rows))
        return b
      }
      this.long = grow(this.long)
      this.short = grow(this.short)
      const t = new Float64Array(c + 1)
      t.set(this.times)
      t[c] = m.time
      this.times = t
      this.columns = c + 1
      this._index.set(m.time, c)
      this.candles.push(candle)
      result = 'appended'
    } else this.candles[c] = candle
    this.long.set(m.long, c * this.rows)
    this.short.set(m.short, c * this.rows)
    return result
  }

  /** Long/short USD of the cell at (column, price), with the cell's price bounds. */
  cell(
    col: number,
    price: number,
  ): { long: number; short: number; low: number; high: number } | undefined {
    if (col < 0 || col >= this.columns || price < this.priceMin || price >= this.priceMax)
      return undefined
    const step = (this.priceMax - this.priceMin) / this.rows
    const r = Math.floor((price - this.priceMin) / step)
    const i = col * this.rows + r
    return {
      long: this.long[i],
      short: this.short[i],
      low: this.priceMin + r * step,
      high: this.priceMin + (r + 1) * step,
    }
  }
}
