/**
 * Draws the price axis (right of the plot, round ticks), the UTC time axis (below the plot) and
 * their faint grid lines over the heatmap.
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas'
import { priceTicks, timeTicks } from './axes.ts'
import { formatPrice } from './format.ts'
import { THEME, type Layout } from './layout.ts'

export interface PriceMapping {
  readonly priceMin: number
  readonly priceMax: number
  /** UTC ms at the plot's left edge and right edge. */
  readonly tStart: number
  readonly tEnd: number
}

export function priceToY(layout: Layout, m: PriceMapping, price: number): number {
  const { plot } = layout
  return plot.y + ((m.priceMax - price) / (m.priceMax - m.priceMin)) * plot.h
}

export function timeToX(layout: Layout, m: PriceMapping, ts: number): number {
  const { plot } = layout
  return plot.x + ((ts - m.tStart) / (m.tEnd - m.tStart)) * plot.w
}

export function font(layout: Layout, sizePx: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${Math.round(sizePx * layout.ui)}px "${THEME.font}"`
}

/**
 * Price ticks and horizontal grid lines; returns the tick step (for formatting other prices).
 * Tick labels near `avoidPrice` (the last-price label) are skipped.
 */
export function drawPriceAxis(
  ctx: SKRSContext2D,
  layout: Layout,
  m: PriceMapping,
  avoidPrice?: number,
): number {
  const { plot, priceAxis, ui } = layout
  const ticks = priceTicks(m.priceMin, m.priceMax, Math.max(2, Math.floor(plot.h / (70 * ui))))
  const avoidY = avoidPrice === undefined ? undefined : priceToY(layout, m, avoidPrice)
  ctx.font = font(layout, 12)
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'left'
  for (const v of ticks.values) {
    const y = Math.round(priceToY(layout, m, v)) + 0.5
    ctx.strokeStyle = THEME.grid
    ctx.lineWidth = 1
    line(ctx, plot.x, y, plot.x + plot.w, y)
    ctx.strokeStyle = THEME.border
    line(ctx, priceAxis.x, y, priceAxis.x + 5 * ui, y)
    if (y < plot.y + 7 * ui || y > plot.y + plot.h - 7 * ui) continue
    if (avoidY !== undefined && Math.abs(y - avoidY) < 18 * ui) continue
    ctx.fillStyle = THEME.text
    ctx.fillText(formatPrice(v, ticks.step), priceAxis.x + 9 * ui, y)
  }
  return ticks.step
}

/** UTC time ticks and vertical grid lines, plus the 'UTC' label. */
export function drawTimeAxis(ctx: SKRSContext2D, layout: Layout, m: PriceMapping): void {
  const { plot, timeAxis, ui } = layout
  const ticks = timeTicks(m.tStart, m.tEnd, Math.max(2, Math.floor(plot.w / (120 * ui))))
  ctx.textBaseline = 'top'
  ctx.textAlign = 'center'
  let lastRight = -Infinity
  for (const t of ticks) {
    const x = Math.round(timeToX(layout, m, t.ts)) + 0.5
    ctx.strokeStyle = t.major ? THEME.gridMajor : THEME.grid
    ctx.lineWidth = 1
    line(ctx, x, plot.y, x, plot.y + plot.h)
    ctx.strokeStyle = THEME.border
    line(ctx, x, timeAxis.y, x, timeAxis.y + 5 * ui)
    ctx.font = font(layout, 12, t.major)
    const w = ctx.measureText(t.label).width
    const left = x - w / 2
    if (left < lastRight + 8 * ui || left < plot.x || x + w / 2 > plot.x + plot.w) continue
    ctx.fillStyle = t.major ? THEME.textStrong : THEME.text
    ctx.fillText(t.label, x, timeAxis.y + 8 * ui)
    lastRight = x + w / 2
  }
  ctx.font = font(layout, 12, true)
  ctx.textAlign = 'left'
  ctx.fillStyle = THEME.textMuted
  ctx.fillText('UTC', timeAxis.x + timeAxis.w + 9 * ui, timeAxis.y + 8 * ui)
}

/** Borders between the plot and its axes. */
export function drawFrame(ctx: SKRSContext2D, layout: Layout): void {
  const { plot } = layout
  ctx.strokeStyle = THEME.border
  ctx.lineWidth = 1
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1)
}

export function line(ctx: SKRSContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath()
  ctx.moveTo(x0, y0)
  ctx.lineTo(x1, y1)
  ctx.stroke()
}
