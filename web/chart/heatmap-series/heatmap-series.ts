/**
 * The heatmap as a lightweight-charts custom series (the shape of the library's plugin-examples
 * heatmap-series: data → options → series → renderer). It never drives autoscale: the candles do.
 * @module
 */
import type {
  CustomSeriesPricePlotValues,
  CustomSeriesWhitespaceData,
  ICustomSeriesPaneView,
  PaneRendererCustomData,
  Time,
} from 'lightweight-charts'
import type { HeatmapImage } from '../heatmap-image.ts'
import type { HeatmapColumn } from './data.ts'
import { defaultOptions, type HeatmapSeriesOptions } from './options.ts'
import { HeatmapRenderer } from './renderer.ts'

export class HeatmapSeries implements ICustomSeriesPaneView<
  Time,
  HeatmapColumn,
  HeatmapSeriesOptions
> {
  private readonly _renderer: HeatmapRenderer
  image: HeatmapImage | undefined

  constructor() {
    this._renderer = new HeatmapRenderer(() => this.image)
  }

  get lastDrawMs(): number {
    return this._renderer.lastDrawMs
  }

  priceValueBuilder(row: HeatmapColumn): CustomSeriesPricePlotValues {
    return [row.close]
  }

  isWhitespace(
    row: HeatmapColumn | CustomSeriesWhitespaceData<Time>,
  ): row is CustomSeriesWhitespaceData<Time> {
    return (row as Partial<HeatmapColumn>).col === undefined
  }

  renderer(): HeatmapRenderer {
    return this._renderer
  }

  update(data: PaneRendererCustomData<Time, HeatmapColumn>, options: HeatmapSeriesOptions): void {
    this._renderer.update(data, options)
  }

  defaultOptions(): HeatmapSeriesOptions {
    return defaultOptions
  }
}
