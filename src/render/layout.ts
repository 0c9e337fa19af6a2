/**
 * Geometry and theme of the rendered heatmap PNG: where the header, plot, price axis, time axis
 * and colour legend sit for a given image size (pixels, origin top-left), and the dark palette of
 * the chart chrome (TradingView-like).
 * @module
 */

export interface Rect {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

export interface Layout {
  readonly width: number
  readonly height: number
  /** UI scale factor (1 at 1600 × 900); font sizes and margins are multiplied by it. */
  readonly ui: number
  readonly header: Rect
  /** The heatmap itself; integer pixel bounds. */
  readonly plot: Rect
  readonly priceAxis: Rect
  readonly timeAxis: Rect
  readonly legend: Rect
}

export const THEME = {
  /** Page and empty-cell background. */
  background: [19, 23, 34] as const,
  backgroundCss: '#131722',
  border: '#2a2e39',
  grid: 'rgba(255, 255, 255, 0.07)',
  gridMajor: 'rgba(255, 255, 255, 0.14)',
  text: '#b2b5be',
  textStrong: '#d1d4dc',
  textMuted: '#787b86',
  accent: '#f0b90b',
  up: '#26a69a',
  down: '#ef5350',
  priceLine: '#e6e9f0',
  font: 'DejaVu Sans',
} as const

/** The layout of an image of `width × height` pixels. */
export function heatmapLayout(width: number, height: number): Layout {
  const ui = Math.min(2, Math.max(0.8, Math.sqrt(Math.min(width / 1600, height / 900))))
  const px = (v: number) => Math.round(v * ui)
  const margin = px(16)
  const headerH = px(64)
  const timeAxisH = px(30)
  const priceAxisW = px(84)
  const legendW = px(112)
  const plotX = margin
  const plotY = headerH
  const plotW = Math.max(1, width - margin - priceAxisW - legendW)
  const plotH = Math.max(1, height - headerH - timeAxisH - px(6))
  return {
    width,
    height,
    ui,
    header: { x: 0, y: 0, w: width, h: headerH },
    plot: { x: plotX, y: plotY, w: plotW, h: plotH },
    priceAxis: { x: plotX + plotW, y: plotY, w: priceAxisW, h: plotH },
    timeAxis: { x: plotX, y: plotY + plotH, w: plotW, h: timeAxisH },
    legend: { x: plotX + plotW + priceAxisW, y: plotY, w: legendW, h: plotH },
  }
}
