/**
 * The main chart: lightweight-charts candlesticks over the heatmap custom series, a crosshair
 * tooltip reading the cell under the cursor, and dashed lines at the nearest clusters.
 * @module
 */
import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  LineStyle,
  type CandlestickData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts'
import type { ClusterReport } from '../client/api.ts'
import type { DecodedHeatmap } from '../client/decode-heatmap.ts'
import type { ColumnMessage } from '../client/stream.ts'
import { price as fmtPrice, usd, utc } from '../app/format.ts'
import { GridStore } from './grid-store.ts'
import { quantile, sortedSample } from './colour.ts'
import { buildImage, type ColourOptions } from './heatmap-image.ts'
import type { HeatmapColumn } from './heatmap-series/data.ts'
import { HeatmapSeries } from './heatmap-series/heatmap-series.ts'
import type { HeatmapSeriesOptions } from './heatmap-series/options.ts'

export const THEME = {
  bg: '#0c0f16',
  text: '#9aa4b5',
  grid: 'rgba(120, 130, 150, 0.08)',
  up: '#e8eaed',
  down: '#6b7280',
  long: '#22c55e',
  short: '#ef4444',
}

const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp

export class ChartView {
  readonly chart: IChartApi
  readonly candles: ISeriesApi<'Candlestick'>
  readonly grid = new GridStore()
  private readonly _heatView = new HeatmapSeries()
  private readonly _heat: ISeriesApi<
    'Custom',
    Time,
    HeatmapColumn | WhitespaceData<Time>,
    HeatmapSeriesOptions,
    Partial<HeatmapSeriesOptions>
  >
  private readonly _tip: HTMLDivElement
  private _lines: IPriceLine[] = []
  private _version = 0
  private _colour: ColourOptions
  /** Sorted cell sample of the unfiltered view the colour scale is anchored to, when known. */
  private _reference: Float64Array | undefined
  private readonly _references = new Map<string, Float64Array>()
  /** Called after each full repaint request with the image's top-of-scale USD. */
  onScale: (vmax: number) => void = () => {}

  constructor(
    private readonly _el: HTMLElement,
    colour: ColourOptions,
  ) {
    this._colour = colour
    this.chart = createChart(_el, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: THEME.bg },
        textColor: THEME.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
        fontSize: 11,
        attributionLogo: false,
        panes: { separatorColor: '#1f2430', separatorHoverColor: '#2b3342' },
      },
      grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
      crosshair: {
        mode: CrosshairMode.Normal,
        vertLine: { color: '#5b6475', labelBackgroundColor: '#2b3342' },
        horzLine: { color: '#5b6475', labelBackgroundColor: '#2b3342' },
      },
      rightPriceScale: { borderColor: '#1f2430', scaleMargins: { top: 0.08, bottom: 0.08 } },
      timeScale: {
        borderColor: '#1f2430',
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 6,
        enableConflation: false,
      },
      handleScale: { axisPressedMouseMove: true, mouseWheel: true, pinch: true },
      handleScroll: {
        mouseWheel: true,
        pressedMouseMove: true,
        horzTouchDrag: true,
        vertTouchDrag: false,
      },
    })
    this._heat = this.chart.addCustomSeries<
      HeatmapColumn,
      HeatmapSeriesOptions,
      Partial<HeatmapSeriesOptions>
    >(this._heatView, { autoscaleInfoProvider: () => null })
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: 'rgba(232, 234, 237, 0.9)',
      downColor: 'rgba(12, 15, 22, 0.6)',
      borderUpColor: THEME.up,
      borderDownColor: '#c7ccd6',
      wickUpColor: THEME.up,
      wickDownColor: '#c7ccd6',
      priceLineColor: '#e8eaed',
      priceLineStyle: LineStyle.Dotted,
    })
    this._tip = document.createElement('div')
    this._tip.className = 'tooltip'
    this._tip.hidden = true
    _el.append(this._tip)
    this.chart.subscribeCrosshairMove((p) => this._onCrosshair(p))
  }

  get lastDrawMs(): number {
    return this._heatView.lastDrawMs
  }

  /**
   * Loads a grid. `scaleKey` names the view without its filter: an unfiltered (`full`) grid sets
   * the colour scale for that key, and a filtered one reuses it, so a subset looks as much
   * dimmer as it holds less (colours stay comparable across venue and tier toggles).
   */
  setGrid(d: DecodedHeatmap, scale: { key: string; full: boolean }): void {
    this.grid.load(d)
    if (scale.full) this._references.set(scale.key, sortedSample(d.long, d.short))
    this._reference = this._references.get(scale.key)
    this._repaint()
    const heat: HeatmapColumn[] = []
    const candles: CandlestickData[] = []
    this.grid.candles.forEach((c, i) => {
      heat.push({ time: sec(c.time), col: i, close: c.close })
      candles.push({ time: sec(c.time), open: c.open, high: c.high, low: c.low, close: c.close })
    })
    this._heat.setData(heat)
    this.candles.setData(candles)
  }

  applyColumn(m: ColumnMessage): boolean {
    const r = this.grid.apply(m)
    if (r === 'ignored') return false
    const col = this.grid.colAt(m.time)
    this._repaint()
    this._heat.update({ time: sec(m.time), col, close: m.candle.close })
    this.candles.update({
      time: sec(m.time),
      open: m.candle.open,
      high: m.candle.high,
      low: m.candle.low,
      close: m.candle.close,
    })
    return true
  }

  /** A forming bar's price: moves the last candle. */
  applyPrice(timeMs: number, p: number): void {
    const last = this.grid.candles[this.grid.columns - 1]
    if (!last || timeMs < last.time || timeMs >= last.time + this.grid.columnMs) return
    this.candles.update({
      time: sec(last.time),
      open: last.open,
      high: Math.max(last.high, p),
      low: Math.min(last.low, p),
      close: p,
    })
  }

  setColour(o: ColourOptions): void {
    this._colour = o
    this._repaint()
  }

  private _repaint(): void {
    const fixed = this._reference ? quantile(this._reference, this._colour.clip) : undefined
    const img = buildImage(this.grid, this._colour, this._heatView.image, fixed)
    this._heatView.image = img
    this._heat.applyOptions({ imageVersion: ++this._version })
    this.onScale(img.vmax)
  }

  setClusters(r: ClusterReport | undefined): void {
    for (const l of this._lines) this.candles.removePriceLine(l)
    this._lines = []
    if (!r) return
    for (const c of [...r.above, ...r.below]) {
      this._lines.push(
        this.candles.createPriceLine({
          price: c.peakPrice,
          color: c.side === 'short' ? 'rgba(239, 68, 68, 0.75)' : 'rgba(34, 197, 94, 0.75)',
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          axisLabelVisible: true,
          title: `${c.side === 'short' ? 'S' : 'L'} ${usd(c.notionalUsd)}${c.roundNumber ? ' ◆' : ''}`,
        }),
      )
    }
  }

  /** Shows the latest columns (about `n`), keeping a little space on the right. */
  fitRecent(n: number): void {
    const total = this.grid.columns
    this.chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, total - n), to: total + 5 })
  }

  private _onCrosshair(p: MouseEventParams<Time>): void {
    if (!p.point || p.time === undefined || this.grid.columns === 0) {
      this._tip.hidden = true
      return
    }
    const t = (p.time as number) * 1000
    const col = this.grid.colAt(t)
    const price = this.candles.coordinateToPrice(p.point.y)
    const cell = price === null ? undefined : this.grid.cell(col, price)
    const candle = this.grid.candles[col]
    if (price === null || !candle) {
      this._tip.hidden = true
      return
    }
    const total = cell ? cell.long + cell.short : 0
    this._tip.innerHTML =
      `<div class="tt-time">${utc(t)}</div>` +
      `<div class="tt-price">${fmtPrice(price)}</div>` +
      `<div class="tt-row"><span>Est. liquidations</span><b>${cell ? usd(total) : '—'}</b></div>` +
      (cell
        ? `<div class="tt-row long"><span>Longs</span><b>${usd(cell.long)}</b></div><div class="tt-row short"><span>Shorts</span><b>${usd(cell.short)}</b></div>` +
          `<div class="tt-sub">cell ${fmtPrice(cell.low)} – ${fmtPrice(cell.high)}</div>`
        : '<div class="tt-sub">outside the modelled range</div>') +
      `<div class="tt-sub">O ${fmtPrice(candle.open)} H ${fmtPrice(candle.high)} L ${fmtPrice(candle.low)} C ${fmtPrice(candle.close)}</div>` +
      '<div class="tt-est">estimated by the model</div>'
    this._tip.hidden = false
    const w = this._el.clientWidth
    const tw = this._tip.offsetWidth
    const th = this._tip.offsetHeight
    let x = p.point.x + 16
    if (x + tw > w - 60) x = p.point.x - tw - 16
    let y = p.point.y + 16
    if (y + th > this._el.clientHeight - 30) y = Math.max(4, p.point.y - th - 16)
    this._tip.style.transform = `translate(${Math.max(4, x)}px, ${y}px)`
  }
}
