/**
 * Draws the colour legend: a vertical colour bar with USD ticks (`$1.2M`), the clip level at the
 * top, and the scaling, clip percentile and side named below it.
 * @module
 */
import type { SKRSContext2D } from '@napi-rs/canvas'
import { niceStep } from './axes.ts'
import { font, line } from './draw-axes.ts'
import { formatUsd } from './format.ts'
import { THEME, type Layout } from './layout.ts'
import { LUT_SIZE } from './palette.ts'
import { LOG_DECADES, type IntensityScale, type Scaling } from './scale.ts'

export interface LegendInfo {
  readonly scale: IntensityScale
  readonly scaling: Scaling
  readonly clipPercentile: number
  /** Which positions the cells sum, e.g. `longs + shorts`. */
  readonly sideLabel: string
}

/** USD values to tick on the legend (all in (0, max)). */
export function legendTicks(max: number, scaling: Scaling, target = 6): number[] {
  if (!(max > 0)) return []
  if (scaling === 'log') {
    const out: number[] = []
    const lo = max / 10 ** LOG_DECADES
    for (let e = Math.floor(Math.log10(lo)); 10 ** e < max; e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e
        if (v >= lo && v < max) out.push(v)
      }
    }
    return out.length > target * 1.5 ? out.filter((v) => /^1e/.test(v.toExponential())) : out
  }
  const step = niceStep(max, target)
  const out: number[] = []
  for (let k = 1; k * step < max * 0.999; k++) out.push(Number((k * step).toPrecision(12)))
  return out
}

export function drawLegend(
  ctx: SKRSContext2D,
  layout: Layout,
  lut: Uint8Array,
  info: LegendInfo,
): void {
  const { legend, ui } = layout
  const x = Math.round(legend.x + 14 * ui)
  const barW = Math.round(14 * ui)
  const top = Math.round(legend.y + 46 * ui)
  const bottom = Math.round(legend.y + legend.h - 64 * ui)
  const h = bottom - top
  ctx.textAlign = 'left'
  ctx.textBaseline = 'alphabetic'
  ctx.fillStyle = THEME.textStrong
  ctx.font = font(layout, 12, true)
  ctx.fillText('USD / cell', x, legend.y + 14 * ui)
  ctx.fillStyle = THEME.textMuted
  ctx.font = font(layout, 11)
  ctx.fillText('(estimated)', x, legend.y + 29 * ui)
  if (h < 20) return
  for (let py = 0; py < h; py++) {
    const i = Math.round((1 - py / Math.max(1, h - 1)) * (LUT_SIZE - 1))
    ctx.fillStyle = `rgb(${lut[i * 3]}, ${lut[i * 3 + 1]}, ${lut[i * 3 + 2]})`
    ctx.fillRect(x, top + py, barW, 1)
  }
  ctx.strokeStyle = THEME.border
  ctx.lineWidth = 1
  ctx.strokeRect(x - 0.5, top - 0.5, barW + 1, h + 1)

  const { scale } = info
  ctx.font = font(layout, 11)
  ctx.textBaseline = 'middle'
  const labelX = x + barW + 6 * ui
  const minGap = 18 * ui
  ctx.fillStyle = THEME.textStrong
  if (scale.max > 0) ctx.fillText(`≥${formatUsd(scale.max)}`, labelX, top)
  let lastY = top
  const bottomLabelY = bottom
  const ticks = legendTicks(scale.max, info.scaling, Math.max(2, Math.floor(h / (90 * ui))))
  for (const v of ticks.reverse()) {
    const y = Math.round(bottom - scale.toUnit(v) * h) + 0.5
    if (y - lastY < minGap || bottomLabelY - y < minGap) continue
    ctx.strokeStyle = THEME.textMuted
    line(ctx, x + barW, y, x + barW + 3 * ui, y)
    ctx.fillStyle = THEME.text
    ctx.fillText(formatUsd(v), labelX, y)
    lastY = y
  }
  ctx.fillStyle = THEME.text
  ctx.fillText('$0', labelX, bottom)

  ctx.textBaseline = 'alphabetic'
  ctx.fillStyle = THEME.textMuted
  const lines = [`${info.scaling} scale`, `clip p${info.clipPercentile}`, info.sideLabel]
  lines.forEach((t, k) => ctx.fillText(t, x, bottom + (22 + 15 * k) * ui))
}
