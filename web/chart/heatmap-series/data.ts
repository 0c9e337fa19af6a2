/**
 * Heatmap series data: one item per grid column. The cells live in the shared HeatmapImage
 * (one pixel per cell); an item only says which column it is and the price at its close.
 * @module
 */
import type { CustomData, Time } from 'lightweight-charts'

export interface HeatmapColumn extends CustomData<Time> {
  /** Column index in the grid. */
  readonly col: number
  /** Close of the column's candle (what the crosshair and autoscale see). */
  readonly close: number
}
