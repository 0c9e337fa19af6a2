/**
 * Turns a decoded grid into a small canvas, one pixel per cell (width = columns, height = rows,
 * top row = highest price), coloured by palette, scaling and clip. The renderer stretches the
 * visible part of it onto the chart, so panning never recolours cells.
 * @module
 */
import type { Palette, Scaling } from '../app/state.ts'
import { paletteLut, percentile, scaleFn } from './colour.ts'

export interface GridData {
  readonly columns: number
  readonly rows: number
  readonly priceMin: number
  readonly priceMax: number
  /** Column-major, row 0 = lowest price; estimated USD. */
  long: Float32Array
  short: Float32Array
  times: Float64Array
}

export interface ColourOptions {
  readonly palette: Palette
  readonly scaling: Scaling
  /** Upper clip percentile (90…100). */
  readonly clip: number
}

export interface HeatmapImage {
  readonly canvas: HTMLCanvasElement
  readonly columns: number
  readonly rows: number
  readonly priceMin: number
  readonly priceMax: number
  /** USD at the top of the colour scale (the clip percentile). */
  readonly vmax: number
}

/** Colours columns [c0, c1) of `grid` into `img` (an ImageData of the grid's size). */
function paint(
  grid: GridData,
  o: ColourOptions,
  vmax: number,
  img: ImageData,
  c0: number,
  c1: number,
): void {
  const lut = paletteLut(o.palette)
  const f = scaleFn(o.scaling)
  const { rows, columns } = grid
  const px = img.data
  const inv = vmax > 0 ? 1 / vmax : 0
  for (let c = c0; c < c1; c++) {
    const base = c * rows
    for (let r = 0; r < rows; r++) {
      const v = grid.long[base + r] + grid.short[base + r]
      const o4 = ((rows - 1 - r) * columns + c) * 4
      if (!(v > 0)) {
        px[o4 + 3] = 0
        continue
      }
      const t = f(Math.min(1, v * inv))
      const li = Math.round(t * 255) * 3
      px[o4] = lut[li]
      px[o4 + 1] = lut[li + 1]
      px[o4 + 2] = lut[li + 2]
      // faint cells fade into the background so candles and the grid stay readable
      px[o4 + 3] = Math.min(255, 40 + Math.round(t * 600))
    }
  }
}

/** `vmax` fixes the top of the colour scale (else the grid's own clip percentile). */
export function buildImage(
  grid: GridData,
  o: ColourOptions,
  reuse?: HeatmapImage,
  vmaxFixed?: number,
): HeatmapImage {
  const vmax = vmaxFixed ?? percentile(grid.long, o.clip, grid.short)
  const canvas =
    reuse && reuse.canvas.width === grid.columns && reuse.canvas.height === grid.rows
      ? reuse.canvas
      : document.createElement('canvas')
  canvas.width = Math.max(1, grid.columns)
  canvas.height = Math.max(1, grid.rows)
  const ctx = canvas.getContext('2d')
  if (ctx && grid.columns > 0) {
    const img = ctx.createImageData(grid.columns, grid.rows)
    paint(grid, o, vmax, img, 0, grid.columns)
    ctx.putImageData(img, 0, 0)
  }
  return {
    canvas,
    columns: grid.columns,
    rows: grid.rows,
    priceMin: grid.priceMin,
    priceMax: grid.priceMax,
    vmax,
  }
}
