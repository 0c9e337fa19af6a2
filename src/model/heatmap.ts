/**
 * The heatmap: the model run over the bars, its standing levels sampled at the end of each time
 * column and projected onto price rows. Bars before `from` warm the model up.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import type { Bar, UtcMs } from '../core/types.ts'
import { ModelEngine } from './engine.ts'
import type { ModelParams } from './params.ts'
import { RowCache } from './row-cache.ts'
import { buildRowMap } from './rows.ts'
import type { HeatmapGrid, ModelBar, ModelFilter } from './types.ts'

export interface HeatmapOptions {
  readonly symbol: string
  readonly params?: Partial<ModelParams>
  /** First column starts at the first bar at or after `from` (default: first bar). */
  readonly from?: UtcMs
  /** Bars at or after `to` are not used (default: all). */
  readonly to?: UtcMs
  /** Default: one column per bar, at most 1000. */
  readonly columns?: number
  /** Default 400. */
  readonly rows?: number
  /** Price axis; default: the price path's range padded on both sides. */
  readonly priceMin?: number
  readonly priceMax?: number
  readonly filter?: ModelFilter
}

export const HEATMAP_LIMITS = { maxColumns: 5000, maxRows: 2000, maxCells: 4_000_000 } as const

/** The price range a heatmap shows around a price path: its range plus max(5 % of mid, 25 % of range). */
export function autoPriceRange(bars: readonly { high: number; low: number }[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const b of bars) {
    if (b.low < lo) lo = b.low
    if (b.high > hi) hi = b.high
  }
  const mid = (lo + hi) / 2
  const pad = Math.max(0.05 * mid, 0.25 * (hi - lo))
  return [Math.max(lo - pad, mid * 0.01), hi + pad]
}

export function buildHeatmap(bars: readonly ModelBar[], opts: HeatmapOptions): HeatmapGrid {
  const to = opts.to ?? Infinity
  const from = opts.from ?? -Infinity
  const used = bars.filter((b) => b.ts < to)
  const start = used.findIndex((b) => b.ts >= from)
  const rows = opts.rows ?? 400
  if (rows > HEATMAP_LIMITS.maxRows)
    throw new UsageError(`rows: ${rows} is above the limit of ${HEATMAP_LIMITS.maxRows}`, 'rows')
  if (start < 0) return emptyGrid(opts.symbol, rows, opts)
  const window = used.slice(start)
  const tf = window.length > 1 ? window[1].ts - window[0].ts : 60_000
  const first = window[0].ts
  const last = window[window.length - 1].ts
  const barsInWindow = Math.round((last - first) / tf) + 1
  const columns = Math.min(opts.columns ?? Math.min(barsInWindow, 1000), barsInWindow)
  if (columns > HEATMAP_LIMITS.maxColumns)
    throw new UsageError(
      `columns: ${columns} is above the limit of ${HEATMAP_LIMITS.maxColumns}`,
      'columns',
    )
  if (columns * rows > HEATMAP_LIMITS.maxCells)
    throw new UsageError(
      `columns × rows = ${columns * rows} is above the limit of ${HEATMAP_LIMITS.maxCells} cells`,
      'rows',
    )
  const columnMs = Math.ceil(barsInWindow / columns) * tf
  const nCols = Math.ceil((last + tf - first) / columnMs)
  let [priceMin, priceMax] = autoPriceRange(window)
  if (opts.priceMin !== undefined) priceMin = opts.priceMin
  if (opts.priceMax !== undefined) priceMax = opts.priceMax
  if (!(priceMax > priceMin) || !(priceMin > 0))
    throw new UsageError(
      `price range [${priceMin}, ${priceMax}] is empty or not positive`,
      'priceMin',
    )

  const merge = !used.some((b) => b.oiByVenue !== undefined)
  const engine = new ModelEngine(opts.params, {
    filter: opts.filter,
    track: false,
    mergeVenues: merge,
  })
  const long = new Float32Array(nCols * rows)
  const short = new Float32Array(nCols * rows)
  const times: UtcMs[] = []
  const candles: Bar[] = []
  for (let i = 0; i < start; i++) engine.step(used[i])
  let cache: RowCache | undefined
  let mapKey = ''
  const axis = { priceMin, priceMax, rows }
  let col = -1
  let candle: { ts: number; open: number; high: number; low: number; close: number } | undefined
  const flush = (): void => {
    if (col < 0 || !candle) return
    const key = `${engine.origin}:${engine.size}`
    if (!cache || key !== mapKey) {
      const rowMap = buildRowMap(
        axis,
        (i) => engine.binPrice(i),
        (p) => engine.coord(p),
        engine.size,
      )
      cache = new RowCache(rowMap, rows, engine.books)
      mapKey = key
    }
    engine.settleAll()
    cache.addColumn(engine.books, long, short, col * rows)
    candles.push({ ...candle })
  }
  for (const bar of window) {
    const c = Math.floor((bar.ts - first) / columnMs)
    if (c !== col) {
      flush()
      col = c
      times.push(first + c * columnMs)
      candle = {
        ts: first + c * columnMs,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
      }
    } else if (candle) {
      if (bar.high > candle.high) candle.high = bar.high
      if (bar.low < candle.low) candle.low = bar.low
      candle.close = bar.close
    }
    engine.step(bar)
  }
  flush()
  // Columns with no bar (gaps) are dropped: keep only filled columns, in order.
  const filled = times.length
  const outLong = filled === nCols ? long : compact(long, times, first, columnMs, rows)
  const outShort = filled === nCols ? short : compact(short, times, first, columnMs, rows)
  let maxCell = 0
  for (let i = 0; i < outLong.length; i++) {
    const v = outLong[i] + outShort[i]
    if (v > maxCell) maxCell = v
  }
  return {
    symbol: opts.symbol,
    times,
    columnMs,
    rows,
    priceMin,
    priceMax,
    long: outLong,
    short: outShort,
    maxCell,
    candles,
    filter: opts.filter ?? {},
  }
}

function compact(
  a: Float32Array,
  times: readonly UtcMs[],
  first: number,
  columnMs: number,
  rows: number,
): Float32Array {
  const out = new Float32Array(times.length * rows)
  times.forEach((t, k) => {
    const c = Math.round((t - first) / columnMs)
    out.set(a.subarray(c * rows, (c + 1) * rows), k * rows)
  })
  return out
}

function emptyGrid(symbol: string, rows: number, opts: HeatmapOptions): HeatmapGrid {
  return {
    symbol,
    times: [],
    columnMs: 0,
    rows,
    priceMin: opts.priceMin ?? 0,
    priceMax: opts.priceMax ?? 1,
    long: new Float32Array(0),
    short: new Float32Array(0),
    maxCell: 0,
    candles: [],
    filter: opts.filter ?? {},
  }
}
