/**
 * The liquidation model: pure functions and classes, no I/O. Every USD figure is an estimate.
 * @module
 */
export * from './types.ts'
export {
  CALIBRATED,
  DEFAULT_PARAMS,
  FIELD_PRIOR,
  onLadder,
  resolveParams,
  type ModelParams,
} from './params.ts'
export { toModelBars } from './align.ts'
export { ModelEngine, type Ledger, type ModelOptions, type BookInfo } from './engine.ts'
export { LiquidationModel, runSweeps } from './model.ts'
export { buildHeatmap, autoPriceRange, HEATMAP_LIMITS, type HeatmapOptions } from './heatmap.ts'
export { findClusters, autoRoundStep, type ClusterOptions } from './clusters.ts'
export { liquidationMap, mapGrid, type MapOptions } from './map.ts'
