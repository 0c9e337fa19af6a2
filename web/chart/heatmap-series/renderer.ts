/**
 * Draws the heatmap in bitmap coordinates: only the visible range is mapped — the first and last
 * visible columns give the horizontal extent, the grid's price bounds the vertical — and the
 * matching slice of the one-pixel-per-cell image is stretched there with a single drawImage.
 * @module
 */
import type { BitmapCoordinatesRenderingScope, CanvasRenderingTarget2D } from 'fancy-canvas'
import type {
  ICustomSeriesPaneRenderer,
  PaneRendererCustomData,
  PriceToCoordinateConverter,
  Time,
} from 'lightweight-charts'
import type { HeatmapImage } from '../heatmap-image.ts'
import type { HeatmapColumn } from './data.ts'
import type { HeatmapSeriesOptions } from './options.ts'

export class HeatmapRenderer implements ICustomSeriesPaneRenderer {
  private _data: PaneRendererCustomData<Time, HeatmapColumn> | null = null
  private _options: HeatmapSeriesOptions | null = null
  /** Milliseconds spent in the last draw (for the frame-time bench). */
  lastDrawMs = 0

  constructor(private readonly _image: () => HeatmapImage | undefined) {}

  update(data: PaneRendererCustomData<Time, HeatmapColumn>, options: HeatmapSeriesOptions): void {
    this._data = data
    this._options = options
  }

  draw(target: CanvasRenderingTarget2D, priceToCoordinate: PriceToCoordinateConverter): void {
    const t0 = performance.now()
    target.useBitmapCoordinateSpace((scope) => this._draw(scope, priceToCoordinate))
    this.lastDrawMs = performance.now() - t0
  }

  private _draw(
    scope: BitmapCoordinatesRenderingScope,
    priceToCoordinate: PriceToCoordinateConverter,
  ): void {
    const data = this._data
    const img = this._image()
    const range = data?.visibleRange
    if (!data || !img || !range || data.bars.length === 0 || img.columns === 0 || !this._options)
      return
    const from = Math.max(0, range.from)
    const to = Math.min(data.bars.length, range.to)
    if (to <= from) return
    const first = data.bars[from]
    const last = data.bars[to - 1]
    const c0 = first.originalData.col
    const c1 = last.originalData.col
    if (c1 < c0 || c1 >= img.columns) return
    const yTop = priceToCoordinate(img.priceMax)
    const yBottom = priceToCoordinate(img.priceMin)
    if (yTop === null || yBottom === null) return
    const hpr = scope.horizontalPixelRatio
    const vpr = scope.verticalPixelRatio
    const half = (data.barSpacing * data.conflationFactor) / 2
    const x0 = Math.round((first.x - half) * hpr)
    const x1 = Math.round((last.x + half) * hpr)
    const ctx = scope.context
    ctx.save()
    ctx.globalAlpha = this._options.opacity
    // Zoomed out (several columns per pixel) smoothing averages them; zoomed in, cells stay crisp.
    ctx.imageSmoothingEnabled = data.barSpacing < 2
    ctx.imageSmoothingQuality = 'low'
    ctx.drawImage(
      img.canvas,
      c0,
      0,
      c1 - c0 + 1,
      img.rows,
      x0,
      Math.round(yTop * vpr),
      x1 - x0,
      Math.round((yBottom - yTop) * vpr),
    )
    ctx.restore()
  }
}
