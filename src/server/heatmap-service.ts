/**
 * Builds heatmap grids for the API. Whole columns come from `buildHeatmap`; a live window's last,
 * still-filling column is the running model's current state (`LiquidationModel.column`).
 * Grids are cached by (symbol, data generation, window, timeframe, rows, filter, parameters). A
 * live window (one that ends at the data's end) is kept up to date as bars close: the running
 * model's column is appended or replaces the last one and the window slides, so a request after
 * a new bar costs a cache hit, not a rebuild. A live grid is rebuilt when price leaves its axis.
 * @module
 */
import { buildHeatmap, DEFAULT_PARAMS, type ModelParams } from '../model/index.ts'
import type { HeatmapGrid, ModelFilter } from '../model/types.ts'
import type { Bar } from '../core/types.ts'
import { lowerBound, setBounded } from '../core/bisect.ts'
import { aggregateBars, bucketStart } from './aggregate.ts'
import { GridBuffer } from './grid-buffer.ts'
import { assembleHeatmap, encodeSegment, type EncodedSegment } from './heatmap-binary.ts'
import type { SymbolMarket } from './market-hub.ts'
import type { ModelRunners } from './model-runner.ts'
import { dataEnd, type TimeWindow } from './view.ts'

export interface HeatmapRequest {
  readonly window: TimeWindow
  readonly rows: number
  readonly filter: ModelFilter
  readonly params?: Partial<ModelParams>
}

interface Entry {
  grid: HeatmapGrid
  binary?: Uint8Array
  /** Encoded finished columns, re-sent as is while the window slides over them. */
  head?: EncodedSegment
  /** The live grid's cells, extended in place as bars close. */
  buffer?: GridBuffer
  readonly request: HeatmapRequest
  readonly symbol: string
  readonly generation: number
  /** Price left the axis: rebuild on the next request. */
  dirty: boolean
}

const CACHE_SIZE = 24
/** Re-encode the head once this many columns are in the tail or have slid out of the window. */
const MAX_TAIL = 96
const HOUR = 3_600_000

/** How far before `from` the model starts: six of the longest half-lives (1/64 of a seed left). */
export function warmupMs(params?: Partial<ModelParams>): number {
  const halfLives = params?.halfLifeHours ?? DEFAULT_PARAMS.halfLifeHours
  return 6 * Math.max(...halfLives) * HOUR
}

/** The grid with `col` appended at `time` (or replacing the last column), columns before `dropBefore` dropped; copies. */
export function withColumn(
  g: HeatmapGrid,
  col: { long: Float32Array; short: Float32Array },
  time: number,
  candle: Bar,
  dropBefore: number,
): HeatmapGrid {
  const rows = g.rows
  const replace = g.times.length > 0 && g.times[g.times.length - 1] === time
  let keepFrom = 0
  while (keepFrom < g.times.length && g.times[keepFrom] < dropBefore) keepFrom++
  const kept = (replace ? g.times.length - 1 : g.times.length) - keepFrom
  const n = Math.max(0, kept) + 1
  const long = new Float32Array(n * rows)
  const short = new Float32Array(n * rows)
  if (kept > 0) {
    long.set(g.long.subarray(keepFrom * rows, (keepFrom + kept) * rows))
    short.set(g.short.subarray(keepFrom * rows, (keepFrom + kept) * rows))
  }
  long.set(col.long, (n - 1) * rows)
  short.set(col.short, (n - 1) * rows)
  const times = [...g.times.slice(keepFrom, keepFrom + Math.max(0, kept)), time]
  const candles = [...g.candles.slice(keepFrom, keepFrom + Math.max(0, kept)), candle]
  let maxCell = 0
  for (let i = 0; i < long.length; i++)
    if (long[i] + short[i] > maxCell) maxCell = long[i] + short[i]
  return { ...g, times, candles, long, short, maxCell }
}

export class HeatmapService {
  private readonly _cache = new Map<string, Entry>()
  /** Full builds since start (cache misses), for /api/health and the bench. */
  builds = 0

  constructor(private readonly _runners: ModelRunners) {}

  private _key(m: SymbolMarket, r: HeatmapRequest): string {
    const w = r.window
    const when = w.live
      ? w.spanMs !== undefined
        ? ['span', w.spanMs]
        : ['from', w.from]
      : [w.from, w.to]
    return JSON.stringify([
      m.symbol,
      m.generation,
      ...when,
      w.tfMs,
      r.rows,
      r.filter,
      r.params ?? null,
    ])
  }

  private _build(m: SymbolMarket, r: HeatmapRequest): HeatmapGrid {
    const w = r.window
    const tf = w.tfMs
    // Whole columns from buildHeatmap; a live window's partial last column from the running model.
    const fullEnd = w.live ? bucketStart(w.to, tf) : w.to
    const first = lowerBound(m.modelBars, w.from - warmupMs(r.params))
    const last = lowerBound(m.modelBars, fullEnd)
    const windowBars = m.modelBars.slice(
      lowerBound(m.modelBars, w.from),
      lowerBound(m.modelBars, w.to),
    )
    const span = windowBars.length ? windowBars : m.modelBars.slice(-1)
    let lo = Infinity
    let hi = -Infinity
    for (const b of span) {
      lo = Math.min(lo, b.low)
      hi = Math.max(hi, b.high)
    }
    const pad = Math.max(0.05 * ((lo + hi) / 2), 0.25 * (hi - lo))
    const priceMin = Math.max(lo - pad, ((lo + hi) / 2) * 0.01)
    const priceMax = hi + pad
    const columns = Math.round((fullEnd - w.from) / tf)
    let grid: HeatmapGrid =
      columns > 0
        ? buildHeatmap(m.modelBars.slice(first, last), {
            symbol: m.symbol,
            ...(r.params ? { params: r.params } : {}),
            from: w.from,
            to: fullEnd,
            columns,
            rows: r.rows,
            priceMin,
            priceMax,
            filter: r.filter,
          })
        : {
            symbol: m.symbol,
            times: [],
            columnMs: tf,
            rows: r.rows,
            priceMin,
            priceMax,
            long: new Float32Array(0),
            short: new Float32Array(0),
            maxCell: 0,
            candles: [],
            filter: r.filter,
          }
    // A gap at the window's edge can make buildHeatmap pick other columns; such a grid stays static.
    const aligned = grid.times.length === 0 || grid.columnMs === tf
    grid = { ...grid, columnMs: aligned ? tf : grid.columnMs }
    if (aligned && w.live && w.to > fullEnd) grid = this._appendLive(m, r, grid, fullEnd, w.from)
    this.builds++
    return grid
  }

  /** The running model's current state as the column starting at `time`. */
  private _appendLive(
    m: SymbolMarket,
    r: HeatmapRequest,
    g: HeatmapGrid,
    time: number,
    dropBefore: number,
  ): HeatmapGrid {
    const model = this._runners.get(m, r.params)
    const col = model.column({
      filter: r.filter,
      rows: g.rows,
      priceMin: g.priceMin,
      priceMax: g.priceMax,
    })
    const candle = aggregateBars(m.bars, r.window.tfMs, time, time + r.window.tfMs)[0]
    if (!candle) return g
    return withColumn(g, col, time, candle, dropBefore)
  }

  private _entry(m: SymbolMarket, r: HeatmapRequest): Entry {
    const key = this._key(m, r)
    const hit = this._cache.get(key)
    if (hit && !hit.dirty) {
      this._cache.delete(key)
      this._cache.set(key, hit)
      return hit
    }
    const entry: Entry = {
      grid: this._build(m, r),
      request: r,
      symbol: m.symbol,
      generation: m.generation,
      dirty: false,
    }
    setBounded(this._cache, key, entry, CACHE_SIZE)
    return entry
  }

  /** Keeps live grids of `m` current after a bar closed (runners already advanced). */
  onBarClosed(m: SymbolMarket, bar: Bar): void {
    const end = dataEnd(m)
    for (const e of this._cache.values()) {
      const w = e.request.window
      if (e.symbol !== m.symbol || !w.live || e.dirty || e.generation !== m.generation) continue
      if (e.grid.columnMs !== w.tfMs) continue
      if (bar.high > e.grid.priceMax || bar.low < e.grid.priceMin) {
        e.dirty = true
        continue
      }
      const time = bucketStart(bar.ts, w.tfMs)
      const from =
        w.spanMs !== undefined ? bucketStart(end - w.spanMs + w.tfMs - 1, w.tfMs) : w.from
      const model = this._runners.get(m, e.request.params)
      const g = e.grid
      const col = model.column({
        filter: e.request.filter,
        rows: g.rows,
        priceMin: g.priceMin,
        priceMax: g.priceMax,
      })
      const candle = aggregateBars(m.bars, w.tfMs, time, time + w.tfMs)[0]
      if (!candle) continue
      e.buffer ??= new GridBuffer(g)
      e.buffer.put(col, time, candle, from)
      e.grid = e.buffer.grid()
      e.binary = undefined
    }
  }

  grid(m: SymbolMarket, r: HeatmapRequest): HeatmapGrid {
    return this._entry(m, r).grid
  }

  /**
   * The binary form (cached until the grid changes). A live grid keeps its finished columns as an
   * encoded head segment and re-encodes only the tail behind it, so a new bar costs a few columns.
   */
  binary(m: SymbolMarket, r: HeatmapRequest, meta: Readonly<Record<string, unknown>>): Uint8Array {
    const e = this._entry(m, r)
    if (e.binary) return e.binary
    const g = e.grid
    const n = g.times.length
    let head = e.head
    let skip = head ? head.times.indexOf(g.times[0]) : -1
    const headEnd = head && skip >= 0 ? head.times.length - skip : -1
    const tailLen = n - headEnd
    const valid =
      head !== undefined &&
      skip >= 0 &&
      headEnd >= 0 &&
      headEnd <= n &&
      g.times[headEnd - 1] === head.times[head.times.length - 1]
    if (!valid || skip > MAX_TAIL || tailLen > MAX_TAIL) {
      // finished columns: all but the last, which may still be replaced
      head = n > 1 && r.window.live ? encodeSegment(g, 0, n - 1) : undefined
      e.head = head
      skip = 0
    }
    const segments: EncodedSegment[] = []
    let next = 0
    if (head) {
      segments.push(head)
      next = head.times.length - skip
    }
    if (next < n || segments.length === 0) segments.push(encodeSegment(g, next, n))
    e.binary = assembleHeatmap(g, segments, head ? skip : 0, meta)
    return e.binary
  }
}
