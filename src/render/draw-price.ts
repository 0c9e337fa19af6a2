/**
 * Draws price over the heatmap: candlesticks (green up, red down, thin wicks) when a column is
 * at least 3 px wide, a close-price line otherwise, and a dashed last-price line with its label
 * on the price axis.
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas'
import type { Bar } from '../core/types.ts'
import { font, line, priceToY, timeToX, type PriceMapping } from './draw-axes.ts'
import { formatPrice } from './format.ts'
import { THEME, type Layout } from './layout.ts'

/** Minimum column width, px, for candlesticks; narrower columns get a line. */
export const MIN_CANDLE_PX = 3

export const finiteBar = (b: Bar): boolean =>
  Number.isFinite(b.ts) &&
  Number.isFinite(b.open) &&
  Number.isFinite(b.high) &&
  Number.isFinite(b.low) &&
  Number.isFinite(b.close)

export function drawPrice(
  ctx: SKRSContext2D,
  layout: Layout,
  m: PriceMapping,
  candles: readonly Bar[],
  columnMs: number,
): void {
  const bars = candles.filter(finiteBar)
  if (bars.length === 0) return
  const { plot } = layout
  const colPx = (columnMs / (m.tEnd - m.tStart)) * plot.w
  ctx.save()
  ctx.beginPath()
  ctx.rect(plot.x, plot.y, plot.w, plot.h)
  ctx.clip()
  if (colPx >= MIN_CANDLE_PX) drawCandles(ctx, layout, m, bars, columnMs, colPx)
  else drawLine(ctx, layout, m, bars, columnMs)
  ctx.restore()
}

function drawCandles(
  ctx: SKRSContext2D,
  layout: Layout,
  m: PriceMapping,
  bars: readonly Bar[],
  columnMs: number,
  colPx: number,
): void {
  let body = Math.max(1, Math.floor(colPx * 0.7))
  if (body > 2 && body % 2 === 0) body -= 1
  const wick = Math.max(1, Math.round(layout.ui * (colPx >= 12 ? 1.5 : 1)))
  for (const b of bars) {
    const xc = Math.round(timeToX(layout, m, b.ts + columnMs / 2))
    const yHigh = priceToY(layout, m, b.high)
    const yLow = priceToY(layout, m, b.low)
    const yTop = Math.round(priceToY(layout, m, Math.max(b.open, b.close)))
    const yBot = Math.round(priceToY(layout, m, Math.min(b.open, b.close)))
    const left = xc - Math.floor(body / 2)
    // A dark halo keeps candles readable over bright (yellow) cells.
    ctx.fillStyle = 'rgba(0, 0, 0, 0.45)'
    ctx.fillRect(xc - Math.floor(wick / 2) - 1, yHigh - 1, wick + 2, yLow - yHigh + 2)
    ctx.fillRect(left - 1, yTop - 1, body + 2, Math.max(1, yBot - yTop) + 2)
    ctx.fillStyle = b.close >= b.open ? THEME.up : THEME.down
    ctx.fillRect(xc - Math.floor(wick / 2), yHigh, wick, yLow - yHigh)
    ctx.fillRect(left, yTop, body, Math.max(1, yBot - yTop))
  }
}

function drawLine(
  ctx: SKRSContext2D,
  layout: Layout,
  m: PriceMapping,
  bars: readonly Bar[],
  columnMs: number,
): void {
  const path = () => {
    ctx.beginPath()
    bars.forEach((b, i) => {
      const x = timeToX(layout, m, b.ts + columnMs / 2)
      const y = priceToY(layout, m, b.close)
      if (i === 0) ctx.moveTo(x, y)
      else ctx.lineTo(x, y)
    })
  }
  ctx.lineJoin = 'round'
  path()
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)'
  ctx.lineWidth = 3.5 * layout.ui
  ctx.stroke()
  path()
  ctx.strokeStyle = THEME.priceLine
  ctx.lineWidth = 1.5 * layout.ui
  ctx.stroke()
}

/** The last candle with finite prices. */
export function lastBar(candles: readonly Bar[]): Bar | undefined {
  for (let i = candles.length - 1; i >= 0; i--) if (finiteBar(candles[i])) return candles[i]
  return undefined
}

/** Dashed line at the last close with a label box on the price axis. */
export function drawLastPrice(
  ctx: SKRSContext2D,
  layout: Layout,
  m: PriceMapping,
  candles: readonly Bar[],
  step: number,
): void {
  const last = lastBar(candles)
  if (!last || last.close < m.priceMin || last.close > m.priceMax) return
  const { plot, priceAxis, ui } = layout
  const y = Math.round(priceToY(layout, m, last.close)) + 0.5
  const colour = last.close >= last.open ? THEME.up : THEME.down
  ctx.save()
  ctx.setLineDash([4 * ui, 3 * ui])
  ctx.strokeStyle = colour
  ctx.lineWidth = 1
  line(ctx, plot.x, y, plot.x + plot.w, y)
  ctx.restore()
  const h = Math.round(18 * ui)
  ctx.fillStyle = colour
  ctx.fillRect(priceAxis.x + 1, y - h / 2, priceAxis.w - 2, h)
  ctx.font = font(layout, 12, true)
  ctx.fillStyle = '#ffffff'
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'left'
  ctx.fillText(formatPrice(last.close, step / 10), priceAxis.x + 9 * ui, y)
}
