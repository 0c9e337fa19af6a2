/**
 * The liquidation map beside the heatmap: estimated long (below price) and short (above price)
 * notional per price bin as horizontal bars, with the cumulative curves, drawn on a canvas whose
 * vertical axis follows the chart's price scale so levels line up with the heatmap. When given,
 * Hyperliquid's exact map (real positions) is drawn beside it from the right edge in amber, on
 * its own scale, labelled EXACT with its coverage and the age of its oldest position.
 * @module
 */
import type { HlExactAnswer, LiqMap } from '../client/api.ts'
import { age, usd } from '../app/format.ts'

type ExactMap = Extract<HlExactAnswer, { available: true }>

const EXACT_FILL = 'rgba(251, 191, 36, 0.85)'

export type PriceToY = (price: number) => number | null

export class MapView {
  private _map: LiqMap | undefined
  private _exact: ExactMap | undefined
  private _frame = 0

  constructor(
    private readonly _canvas: HTMLCanvasElement,
    private readonly _priceToY: PriceToY,
    /** Height of the chart's price pane (the map is drawn only beside it). */
    private readonly _paneHeight: () => number,
  ) {
    new ResizeObserver(() => this.draw()).observe(_canvas)
  }

  set(map: LiqMap | undefined): void {
    this._map = map
    this.draw()
  }

  /** Hyperliquid's exact map to draw beside the estimate, or undefined for none. */
  setExact(map: ExactMap | undefined): void {
    this._exact = map
    this.draw()
  }

  get exact(): ExactMap | undefined {
    return this._exact
  }

  /** Redraws on the next frame (coalesced). */
  draw(): void {
    if (this._frame) return
    this._frame = requestAnimationFrame(() => {
      this._frame = 0
      this._paint()
    })
  }

  private _paint(): void {
    const c = this._canvas
    const dpr = window.devicePixelRatio || 1
    const w = c.clientWidth
    const h = c.clientHeight
    if (w === 0 || h === 0) return
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr)
      c.height = Math.round(h * dpr)
    }
    const ctx = c.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.clearRect(0, 0, w, h)
    const m = this._map
    ctx.font = '10px system-ui, "DejaVu Sans", sans-serif'
    if (!m) {
      ctx.fillStyle = '#5b6475'
      ctx.fillText('loading map…', 8, 20)
      return
    }
    ctx.save()
    ctx.beginPath()
    ctx.rect(0, 0, w, Math.min(h, this._paneHeight() || h))
    ctx.clip()
    const n = m.long.length
    let max = 0
    let cumMax = 0
    for (let i = 0; i < n; i++) {
      max = Math.max(max, m.long[i], m.short[i])
      cumMax = Math.max(cumMax, m.cumLong[i], m.cumShort[i])
    }
    const left = 4
    const width = w - 8
    // bars
    for (let i = 0; i < n; i++) {
      const y0 = this._priceToY(m.priceMin + (i + 1) * m.step)
      const y1 = this._priceToY(m.priceMin + i * m.step)
      if (y0 === null || y1 === null || y1 < 0 || y0 > h) continue
      const bh = Math.max(1, y1 - y0 - 0.5)
      if (m.long[i] > 0) {
        ctx.fillStyle = 'rgba(34, 197, 94, 0.75)'
        ctx.fillRect(left, y0, (m.long[i] / max) * width, bh)
      }
      if (m.short[i] > 0) {
        ctx.fillStyle = 'rgba(239, 68, 68, 0.75)'
        ctx.fillRect(left, y0, (m.short[i] / max) * width, bh)
      }
    }
    // cumulative curves
    const curve = (vals: readonly number[], colour: string) => {
      ctx.beginPath()
      let started = false
      for (let i = 0; i < n; i++) {
        if (!(vals[i] > 0)) continue
        const y = this._priceToY(m.priceMin + (i + 0.5) * m.step)
        if (y === null) continue
        const x = left + (vals[i] / cumMax) * width
        if (started) ctx.lineTo(x, y)
        else ctx.moveTo(x, y)
        started = true
      }
      ctx.strokeStyle = colour
      ctx.lineWidth = 1.5
      ctx.stroke()
    }
    curve(m.cumLong, '#86efac')
    curve(m.cumShort, '#fca5a5')
    const x = this._exact
    if (x) this._paintExact(ctx, x, w, h)
    // price marker
    const py = this._priceToY(m.price)
    if (py !== null) {
      ctx.strokeStyle = 'rgba(232, 234, 237, 0.6)'
      ctx.setLineDash([3, 3])
      ctx.beginPath()
      ctx.moveTo(0, py)
      ctx.lineTo(w, py)
      ctx.stroke()
      ctx.setLineDash([])
    }
    ctx.restore()
    // header
    ctx.fillStyle = 'rgba(12, 15, 22, 0.85)'
    ctx.fillRect(0, 0, w, x ? 42 : 30)
    ctx.fillStyle = '#c7ccd6'
    ctx.fillText('Liquidation map', 6, 12)
    ctx.fillStyle = '#787b86'
    ctx.fillText(
      `estimated · Σ ${usd(Math.max(...m.cumLong, 0))} L / ${usd(Math.max(...m.cumShort, 0))} S`,
      6,
      25,
    )
    if (x) {
      ctx.fillStyle = '#fbbf24'
      ctx.fillText(
        `EXACT HL · cov ${(x.coverage * 100).toFixed(x.coverage < 0.1 ? 1 : 0)} % · oldest ${age(x.oldestAgeMs)}`,
        6,
        38,
      )
    }
  }

  /** Exact bars from the right edge, on their own scale (Hyperliquid alone, accounts seen). */
  private _paintExact(ctx: CanvasRenderingContext2D, x: ExactMap, w: number, h: number): void {
    let max = 0
    for (let i = 0; i < x.long.length; i++) max = Math.max(max, x.long[i], x.short[i])
    if (max <= 0) return
    const width = w * 0.45
    ctx.fillStyle = EXACT_FILL
    for (let i = 0; i < x.long.length; i++) {
      const v = x.long[i] + x.short[i]
      if (v <= 0) continue
      const y0 = this._priceToY(x.priceMin + (i + 1) * x.step)
      const y1 = this._priceToY(x.priceMin + i * x.step)
      if (y0 === null || y1 === null || y1 < 0 || y0 > h) continue
      const bw = Math.max(1, (v / max) * width)
      ctx.fillRect(w - 2 - bw, y0, bw, Math.max(1, y1 - y0 - 0.5))
    }
  }
}
