/** Heatmap series options. @module */
import { customSeriesDefaultOptions, type CustomSeriesOptions } from 'lightweight-charts'

export interface HeatmapSeriesOptions extends CustomSeriesOptions {
  /** Bumped whenever the image changes, so the chart repaints. */
  readonly imageVersion: number
  /** Overall opacity of the layer (0…1). */
  readonly opacity: number
}

export const defaultOptions: HeatmapSeriesOptions = {
  ...customSeriesDefaultOptions,
  imageVersion: 0,
  opacity: 1,
  lastValueVisible: false,
  priceLineVisible: false,
}
