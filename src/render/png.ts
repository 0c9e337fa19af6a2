/**
 * Server-side PNG of a liquidation heatmap (Skia via @napi-rs/canvas): dark background, cells
 * coloured through a palette, price drawn over them, price and UTC time axes, a colour legend in
 * USD, a title, and an "estimated" label that is always present. Fonts come from the
 * dejavu-fonts-ttf npm package, never from the system.
 * @module
 */
import { createRequire } from 'node:module'
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import { DataError, UsageError } from '../core/errors.ts'
import type { HeatmapGrid } from '../model/types.ts'
import { drawFrame, drawPriceAxis, drawTimeAxis, font, type PriceMapping } from './draw-axes.ts'
import { drawLastPrice, drawPrice, lastBar } from './draw-price.ts'
import { formatUtcDateTime } from './format.ts'
import { heatmapLayout, THEME, type Layout } from './layout.ts'
import { drawLegend } from './legend.ts'
import { isPaletteName, paletteLut, PALETTES, type PaletteName } from './palette.ts'
import { blendLut, quantise, rasterise } from './raster.ts'
import { intensityScale, type Scaling } from './scale.ts'

export interface RenderOptions {
  /** Image width, px (480..8192). Default 1600. */
  width?: number
  /** Image height, px (270..8192). Default 900. */
  height?: number
  palette?: PaletteName
  scaling?: Scaling
  /** Percentile (0 < p ≤ 100) of the non-zero cells that saturates the colour scale. Default 99. */
  clipPercentile?: number
  /** Which positions the cells show: both sides summed (default), longs or shorts. */
  side?: 'both' | 'long' | 'short'
  /** First header line, e.g. `BTCUSDT perp · Binance + Bybit + OKX · 30m`. */
  title: string
  /** Second header line, e.g. the model parameters. */
  subtitle?: string
}

/** The corner label every image carries. */
export const ESTIMATED_LABEL = 'Estimated liquidation levels — liqheat'

const SIDE_LABELS = { both: 'longs + shorts', long: 'longs only', short: 'shorts only' } as const

let fontsRegistered = false

function registerFonts(): void {
  if (fontsRegistered) return
  const require = createRequire(import.meta.url)
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`)
    if (!GlobalFonts.registerFromPath(path, THEME.font)) {
      throw new Error(`could not load font ${path} (package dejavu-fonts-ttf)`)
    }
  }
  fontsRegistered = true
}

function checkInt(v: number, min: number, max: number, flag: string): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${flag}: must be an integer from ${min} to ${max} px, got ${v}`, flag)
  }
  return v
}

function checkGrid(grid: HeatmapGrid): void {
  const cells = grid.times.length * grid.rows
  for (const field of ['long', 'short'] as const) {
    if (grid[field].length !== cells) {
      throw new DataError(
        `heatmap grid ${grid.symbol}: field '${field}' has ${grid[field].length} cells, ` +
          `expected times (${grid.times.length}) × rows (${grid.rows}) = ${cells}`,
        undefined,
        undefined,
        field,
      )
    }
  }
}

/** Cell values of the chosen side, with NaN, negative and infinite cells as 0. */
function sideValues(grid: HeatmapGrid, side: 'both' | 'long' | 'short'): Float32Array {
  const out = new Float32Array(grid.long.length)
  for (let i = 0; i < out.length; i++) {
    const l = side === 'short' ? 0 : grid.long[i]
    const s = side === 'long' ? 0 : grid.short[i]
    out[i] = (l > 0 && l < Infinity ? l : 0) + (s > 0 && s < Infinity ? s : 0)
  }
  return out
}

function fit(ctx: SKRSContext2D, text: string, maxW: number): string {
  if (ctx.measureText(text).width <= maxW) return text
  let t = text
  while (t.length > 1 && ctx.measureText(`${t}…`).width > maxW) t = t.slice(0, -1)
  return `${t}…`
}

function drawHeader(ctx: SKRSContext2D, layout: Layout, opts: RenderOptions, span?: string): void {
  const { ui, width } = layout
  const pad = 16 * ui
  ctx.textBaseline = 'alphabetic'
  ctx.textAlign = 'right'
  ctx.font = font(layout, 13, true)
  ctx.fillStyle = THEME.accent
  ctx.fillText(ESTIMATED_LABEL, width - pad, 26 * ui)
  const rightW = ctx.measureText(ESTIMATED_LABEL).width + 24 * ui
  ctx.font = font(layout, 12)
  ctx.fillStyle = THEME.textMuted
  if (span) ctx.fillText(span, width - pad, 47 * ui)
  ctx.textAlign = 'left'
  ctx.font = font(layout, 18, true)
  ctx.fillStyle = THEME.textStrong
  ctx.fillText(fit(ctx, opts.title, width - pad * 2 - rightW), pad, 27 * ui)
  if (opts.subtitle) {
    ctx.font = font(layout, 13)
    ctx.fillStyle = THEME.text
    ctx.fillText(fit(ctx, opts.subtitle, width - pad * 2 - rightW), pad, 48 * ui)
  }
}

function drawNote(ctx: SKRSContext2D, layout: Layout, note: string): void {
  const { plot, ui } = layout
  ctx.font = font(layout, 15, true)
  const w = ctx.measureText(note).width + 32 * ui
  const h = 40 * ui
  const cx = plot.x + plot.w / 2
  const cy = plot.y + plot.h / 2
  ctx.fillStyle = 'rgba(19, 23, 34, 0.85)'
  ctx.fillRect(cx - w / 2, cy - h / 2, w, h)
  ctx.strokeStyle = THEME.border
  ctx.strokeRect(cx - w / 2, cy - h / 2, w, h)
  ctx.fillStyle = THEME.textStrong
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillText(note, cx, cy)
}

/**
 * Renders the heatmap to a PNG. A grid without columns, rows or a valid price range, or whose
 * cells are all zero, gives a valid PNG with a "no data" note. Throws UsageError for bad options
 * and DataError when the cell arrays do not match times × rows.
 */
export function renderHeatmapPng(grid: HeatmapGrid, opts: RenderOptions): Buffer {
  return drawHeatmap(grid, opts).toBuffer('image/png')
}

/**
 * `renderHeatmapPng` with the PNG encoding (most of the time) off the event loop, for the
 * server: the same bytes.
 */
export async function renderHeatmapPngAsync(
  grid: HeatmapGrid,
  opts: RenderOptions,
): Promise<Buffer> {
  return drawHeatmap(grid, opts).encode('png')
}

/** Draws the heatmap's image (see renderHeatmapPng). */
function drawHeatmap(grid: HeatmapGrid, opts: RenderOptions): Canvas {
  const width = checkInt(opts.width ?? 1600, 480, 8192, '--width')
  const height = checkInt(opts.height ?? 900, 270, 8192, '--height')
  const palette = opts.palette ?? 'viridis'
  if (!isPaletteName(palette)) {
    throw new UsageError(
      `--palette: unknown palette '${palette}' (one of ${PALETTES.join(', ')})`,
      '--palette',
    )
  }
  const side = opts.side ?? 'both'
  if (!Object.hasOwn(SIDE_LABELS, side)) {
    throw new UsageError(`--side: must be both, long or short, got '${side}'`, '--side')
  }
  const scaling = opts.scaling ?? 'sqrt'
  const clipPercentile = opts.clipPercentile ?? 99
  checkGrid(grid)
  const values = sideValues(grid, side)
  const scale = intensityScale(values, { scaling, clipPercentile })

  registerFonts()
  const layout = heatmapLayout(width, height)
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = THEME.backgroundCss
  ctx.fillRect(0, 0, width, height)

  const cols = grid.times.length
  const { rows, priceMin, priceMax, columnMs } = grid
  const usable =
    cols > 0 &&
    rows > 0 &&
    Number.isFinite(priceMin) &&
    Number.isFinite(priceMax) &&
    priceMax > priceMin &&
    columnMs > 0 &&
    Number.isFinite(grid.times[0])
  const lut = blendLut(paletteLut(palette), THEME.background)
  const tStart = usable ? grid.times[0] : 0
  const tEnd = tStart + cols * columnMs
  drawHeader(ctx, layout, opts, usable ? spanLabel(tStart, tEnd) : undefined)
  const legendInfo = { scale, scaling, clipPercentile, sideLabel: SIDE_LABELS[side] }
  drawLegend(ctx, layout, lut, legendInfo)
  if (!usable) {
    drawFrame(ctx, layout)
    drawNote(ctx, layout, noDataReason(grid))
    return canvas
  }

  const { plot } = layout
  const pixels = rasterise(quantise(values, scale.toUnit), cols, rows, lut, plot.w, plot.h)
  const image = ctx.createImageData(plot.w, plot.h)
  image.data.set(pixels)
  ctx.putImageData(image, plot.x, plot.y)

  const mapping: PriceMapping = { priceMin, priceMax, tStart, tEnd }
  const step = drawPriceAxis(ctx, layout, mapping, lastBar(grid.candles)?.close)
  drawTimeAxis(ctx, layout, mapping)
  drawPrice(ctx, layout, mapping, grid.candles, columnMs)
  drawLastPrice(ctx, layout, mapping, grid.candles, step)
  drawFrame(ctx, layout)
  if (scale.max === 0) drawNote(ctx, layout, 'No data: every estimated cell is zero')
  return canvas
}

function spanLabel(tStart: number, tEnd: number): string {
  return `${formatUtcDateTime(tStart).replace(' UTC', '')} → ${formatUtcDateTime(tEnd)}`
}

function noDataReason(grid: HeatmapGrid): string {
  if (grid.times.length === 0) return 'No data: the heatmap has no time columns'
  if (grid.rows <= 0) return 'No data: the heatmap has no price rows'
  return 'No data: the heatmap has no valid price range'
}
