/**
 * The compact heatmap wire format (`/api/heatmap?format=binary`), decoded by
 * `web/client/decode-heatmap.ts`. Layout (little-endian):
 *
 * | bytes | content |
 * |---|---|
 * | 0–3 | magic `LQHM` |
 * | 4 | version (2) |
 * | 5 | flags: bit 0 = segments are zlib-compressed |
 * | 6–7 | reserved (0) |
 * | 8–11 | header length H (bytes) |
 * | 12… | header: UTF-8 JSON (`HeatmapWireHeader`) |
 * | 12+H… | the segments' bytes, one after another (`header.segments[i].bytes` each) |
 *
 * A segment is a run of columns, compressed on its own, so a live grid re-sends its long history
 * as the bytes already encoded and only re-encodes the short tail that changed. Inside a segment
 * of C columns and R rows: `times` Int32 × C (seconds after the segment's `t0`); candles
 * Float32 × C × 5 (open, high, low, close, volume; NaN when absent); then `long` and `short`,
 * Uint8 × C × R each, column-major (index c·R + r, row 0 = lowest price), quantised on a
 * square-root scale q = round(255·√(v / max)) with the segment's `longMax`/`shortMax`
 * (v ≈ (q/255)²·max; a non-zero value never quantises to 0), each column stored as its difference
 * from the previous one (mod 256; the segment's first column as is). The decoded grid is the
 * segments' columns in order, without the first `skip` (columns that slid out of the window).
 * @module
 */
import { deflateSync } from 'node:zlib'
import type { HeatmapGrid, ModelFilter } from '../model/types.ts'

export const WIRE_MAGIC = 'LQHM'
export const WIRE_VERSION = 2

export interface SegmentMeta {
  readonly columns: number
  readonly t0: number
  readonly longMax: number
  readonly shortMax: number
  /** Length of the segment's bytes on the wire. */
  readonly bytes: number
}

export interface EncodedSegment {
  readonly meta: SegmentMeta
  readonly data: Uint8Array
  /** Times of the segment's columns (to find a grid's columns in it). */
  readonly times: readonly number[]
}

export interface HeatmapWireHeader {
  readonly symbol: string
  /** Columns after `skip`. */
  readonly columns: number
  readonly rows: number
  readonly columnMs: number
  readonly priceMin: number
  readonly priceMax: number
  readonly encoding: 'sqrt-u8'
  readonly skip: number
  readonly segments: readonly SegmentMeta[]
  readonly maxCell: number
  readonly filter: ModelFilter
  /** Always true: the cells are model estimates, not observed positions. */
  readonly estimated: true
  /** Extra fields the server adds (timeframe, source, window). */
  readonly meta: Readonly<Record<string, unknown>>
}

function maxOf(a: Float32Array, from: number, to: number): number {
  let m = 0
  for (let i = from; i < to; i++) if (a[i] > m) m = a[i]
  return m
}

/** Quantised, up-filtered cells of columns [c0, c1) of one side, written into `out` at `off`. */
function quantiseInto(
  out: Uint8Array,
  off: number,
  values: Float32Array,
  max: number,
  c0: number,
  c1: number,
  rows: number,
): void {
  if (!(max > 0)) return
  const k = (255 * 255) / max
  const prev = new Uint8Array(rows)
  for (let c = c0; c < c1; c++) {
    const base = c * rows
    const o = off + (c - c0) * rows
    for (let r = 0; r < rows; r++) {
      const v = values[base + r]
      const q = v > 0 ? Math.max(1, (Math.sqrt(v * k) + 0.5) | 0) : 0
      out[o + r] = (q - prev[r]) & 255
      prev[r] = q
    }
  }
}

/** Encodes columns [c0, c1) of `grid` as one segment. */
export function encodeSegment(
  grid: HeatmapGrid,
  c0: number,
  c1: number,
  compress = true,
): EncodedSegment {
  const rows = grid.rows
  const n = c1 - c0
  const t0 = grid.times[c0] ?? 0
  const longMax = maxOf(grid.long, c0 * rows, c1 * rows)
  const shortMax = maxOf(grid.short, c0 * rows, c1 * rows)
  const cells = n * rows
  const body = new Uint8Array(n * 24 + cells * 2)
  const view = new DataView(body.buffer)
  for (let c = 0; c < n; c++)
    view.setInt32(c * 4, Math.round((grid.times[c0 + c] - t0) / 1000), true)
  let off = n * 4
  for (let c = 0; c < n; c++) {
    const k = grid.candles[c0 + c]
    for (const x of [k?.open, k?.high, k?.low, k?.close, k?.volume]) {
      view.setFloat32(off, x ?? NaN, true)
      off += 4
    }
  }
  quantiseInto(body, off, grid.long, longMax, c0, c1, rows)
  quantiseInto(body, off + cells, grid.short, shortMax, c0, c1, rows)
  // zlib level 2: a few ms for a week of 5m columns, within a few % of level 6's size.
  const data = compress ? new Uint8Array(deflateSync(body, { level: 2 })) : body
  return {
    meta: { columns: n, t0, longMax, shortMax, bytes: data.length },
    data,
    times: grid.times.slice(c0, c1),
  }
}

/** Assembles the envelope around already encoded segments. */
export function assembleHeatmap(
  grid: HeatmapGrid,
  segments: readonly EncodedSegment[],
  skip: number,
  meta: Readonly<Record<string, unknown>>,
  compressed = true,
): Uint8Array {
  const header: HeatmapWireHeader = {
    symbol: grid.symbol,
    columns: segments.reduce((a, s) => a + s.meta.columns, 0) - skip,
    rows: grid.rows,
    columnMs: grid.columnMs,
    priceMin: grid.priceMin,
    priceMax: grid.priceMax,
    encoding: 'sqrt-u8',
    skip,
    segments: segments.map((s) => s.meta),
    maxCell: grid.maxCell,
    filter: grid.filter,
    estimated: true,
    meta,
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const total = segments.reduce((a, s) => a + s.data.length, 0)
  const out = new Uint8Array(12 + headerBytes.length + total)
  out.set(new TextEncoder().encode(WIRE_MAGIC), 0)
  out[4] = WIRE_VERSION
  out[5] = compressed ? 1 : 0
  new DataView(out.buffer).setUint32(8, headerBytes.length, true)
  out.set(headerBytes, 12)
  let off = 12 + headerBytes.length
  for (const s of segments) {
    out.set(s.data, off)
    off += s.data.length
  }
  return out
}

/** Encodes a whole grid as one segment (`compress` false for tests and debugging). */
export function encodeHeatmap(
  grid: HeatmapGrid,
  meta: Readonly<Record<string, unknown>>,
  compress = true,
): Uint8Array {
  return assembleHeatmap(
    grid,
    [encodeSegment(grid, 0, grid.times.length, compress)],
    0,
    meta,
    compress,
  )
}
