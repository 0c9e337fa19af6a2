/**
 * The compact heatmap wire format (`/api/heatmap?format=binary`), decoded by
 * `web/client/decode-heatmap.ts`. Layout (little-endian):
 *
 * | bytes | content |
 * |---|---|
 * | 0–3 | magic `LQHM` |
 * | 4 | version (1) |
 * | 5 | flags: bit 0 = body is zlib-compressed |
 * | 6–7 | reserved (0) |
 * | 8–11 | header length H (bytes) |
 * | 12… | header: UTF-8 JSON (`HeatmapWireHeader`) |
 * | 12+H… | body (zlib if flagged) |
 *
 * Body: `times` Int32 × C (seconds after `t0`); candles Float32 × C × 5 (open, high, low, close,
 * volume; NaN when absent); then `long` and `short` cells, Uint8 × C × R each, column-major
 * (index c·R + r, row 0 = lowest price). Cells are quantised on a square-root scale,
 * q = round(255·√(v / max)) with max the side's largest cell (`scale.longMax`, `scale.shortMax`),
 * so v ≈ (q/255)²·max; a non-zero value never quantises to 0. Each column is stored as its
 * difference from the previous column (mod 256): standing liquidity changes little bar to bar, so
 * the body compresses well.
 * @module
 */
import { deflateSync } from 'node:zlib'
import type { ModelFilter } from '../model/types.ts'
import type { HeatmapGrid } from '../model/types.ts'

export const WIRE_MAGIC = 'LQHM'
export const WIRE_VERSION = 1

export interface HeatmapWireHeader {
  readonly symbol: string
  readonly columns: number
  readonly rows: number
  readonly columnMs: number
  readonly priceMin: number
  readonly priceMax: number
  /** Time of column 0 (UTC ms). */
  readonly t0: number
  readonly scale: {
    readonly encoding: 'sqrt-u8'
    readonly longMax: number
    readonly shortMax: number
  }
  readonly maxCell: number
  readonly filter: ModelFilter
  /** Always true: the cells are model estimates, not observed positions. */
  readonly estimated: true
  /** Extra fields the server adds (data age, source, version). */
  readonly meta: Readonly<Record<string, unknown>>
}

function maxOf(a: Float32Array): number {
  let m = 0
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i]
  return m
}

/** Writes the quantised, up-filtered cells of one side into `out` at `off` (one pass). */
function quantiseInto(
  out: Uint8Array,
  off: number,
  values: Float32Array,
  max: number,
  columns: number,
  rows: number,
): void {
  if (!(max > 0)) return
  const k = (255 * 255) / max
  const prev = new Uint8Array(rows)
  for (let c = 0; c < columns; c++) {
    const base = c * rows
    for (let r = 0; r < rows; r++) {
      const v = values[base + r]
      const q = v > 0 ? Math.max(1, (Math.sqrt(v * k) + 0.5) | 0) : 0
      out[off + base + r] = (q - prev[r]) & 255
      prev[r] = q
    }
  }
}

/** Encodes a grid; `meta` lands in the header. `compress` false is for tests and debugging. */
export function encodeHeatmap(
  grid: HeatmapGrid,
  meta: Readonly<Record<string, unknown>>,
  compress = true,
): Uint8Array {
  const columns = grid.times.length
  const rows = grid.rows
  const t0 = grid.times[0] ?? 0
  const longMax = maxOf(grid.long)
  const shortMax = maxOf(grid.short)
  const header: HeatmapWireHeader = {
    symbol: grid.symbol,
    columns,
    rows,
    columnMs: grid.columnMs,
    priceMin: grid.priceMin,
    priceMax: grid.priceMax,
    t0,
    scale: { encoding: 'sqrt-u8', longMax, shortMax },
    maxCell: grid.maxCell,
    filter: grid.filter,
    estimated: true,
    meta,
  }
  const cells = columns * rows
  const body = new Uint8Array(columns * 4 + columns * 20 + cells * 2)
  const view = new DataView(body.buffer)
  for (let c = 0; c < columns; c++)
    view.setInt32(c * 4, Math.round((grid.times[c] - t0) / 1000), true)
  let off = columns * 4
  for (let c = 0; c < columns; c++) {
    const k = grid.candles[c]
    const v = [k?.open, k?.high, k?.low, k?.close, k?.volume]
    for (const x of v) {
      view.setFloat32(off, x ?? NaN, true)
      off += 4
    }
  }
  quantiseInto(body, off, grid.long, longMax, columns, rows)
  quantiseInto(body, off + cells, grid.short, shortMax, columns, rows)
  // zlib level 2: ~5 ms for a week of 5m columns, within a few % of level 6's size.
  const payload = compress ? deflateSync(body, { level: 2 }) : body
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(12 + headerBytes.length + payload.length)
  out.set(new TextEncoder().encode(WIRE_MAGIC), 0)
  out[4] = WIRE_VERSION
  out[5] = compress ? 1 : 0
  new DataView(out.buffer).setUint32(8, headerBytes.length, true)
  out.set(headerBytes, 12)
  out.set(payload, 12 + headerBytes.length)
  return out
}
