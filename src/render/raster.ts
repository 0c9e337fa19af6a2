/**
 * Rasterises heatmap cells into RGBA pixels: each pixel takes the brightest cell it covers
 * (max-pooling when there are more cells than pixels, the cell under the pixel's centre otherwise), so a narrow
 * cluster never disappears when the image is smaller than the grid.
 * Pure (no I/O, no canvas), so the browser can share it.
 * @module
 */
import { LUT_SIZE } from './palette.ts'

/**
 * Blends a palette toward the background at low intensity, so near-empty cells read as
 * background: entry i = bg + (palette[i] − bg) · min(1, (i / 255) / fade). Entry 0 is exactly bg.
 */
export function blendLut(
  lut: Uint8Array,
  background: readonly [number, number, number],
  fade = 0.2,
): Uint8Array {
  const out = new Uint8Array(LUT_SIZE * 3)
  for (let i = 0; i < LUT_SIZE; i++) {
    const a = Math.min(1, i / (LUT_SIZE - 1) / fade)
    for (let k = 0; k < 3; k++) {
      out[i * 3 + k] = Math.round(background[k] + (lut[i * 3 + k] - background[k]) * a)
    }
  }
  return out
}

/**
 * Quantises cell values to LUT indices 0..255 with `toUnit`; zero, negative and NaN cells get
 * index 0, and any positive cell at least index 1 (so it never vanishes into the background).
 */
export function quantise(values: Float32Array, toUnit: (v: number) => number): Uint8Array {
  const out = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v > 0) out[i] = Math.max(1, Math.round(toUnit(v) * (LUT_SIZE - 1)))
  }
  return out
}

/**
 * Pixel → cell ranges: pixel p covers cells [start[p], end[p]). With more cells than pixels the
 * ranges tile the cells exactly (every cell lands in one pixel); otherwise each pixel takes the
 * cell under its centre.
 */
function spans(pixels: number, cells: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(pixels)
  const end = new Int32Array(pixels)
  const k = cells / pixels
  for (let p = 0; p < pixels; p++) {
    if (k < 1) {
      start[p] = Math.min(cells - 1, Math.floor((p + 0.5) * k))
      end[p] = start[p] + 1
    } else {
      start[p] = Math.floor(p * k)
      end[p] = Math.min(cells, Math.max(start[p] + 1, Math.floor((p + 1) * k)))
    }
  }
  return { start, end }
}

/**
 * RGBA pixels (w × h, row-major from the top) of a grid of LUT indices laid out column-major
 * (`c * rows + r`, row 0 = lowest price, drawn at the bottom).
 */
export function rasterise(
  indices: Uint8Array,
  cols: number,
  rows: number,
  lut: Uint8Array,
  w: number,
  h: number,
): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(w * h * 4)
  if (cols === 0 || rows === 0) return rgba
  const xs = spans(w, cols)
  const ys = spans(h, rows)
  const column = new Uint8Array(rows)
  for (let x = 0; x < w; x++) {
    column.fill(0)
    for (let c = xs.start[x]; c < xs.end[x]; c++) {
      const base = c * rows
      for (let r = 0; r < rows; r++)
        if (indices[base + r] > column[r]) column[r] = indices[base + r]
    }
    for (let y = 0; y < h; y++) {
      // Pixel y (from the top) covers rows counted from the bottom.
      const py = h - 1 - y
      let m = 0
      for (let r = ys.start[py]; r < ys.end[py]; r++) if (column[r] > m) m = column[r]
      const o = (y * w + x) * 4
      rgba[o] = lut[m * 3]
      rgba[o + 1] = lut[m * 3 + 1]
      rgba[o + 2] = lut[m * 3 + 2]
      rgba[o + 3] = 255
    }
  }
  return rgba
}
