/**
 * Exports: CSV of the grid, the map and the clusters; the Pine Script v6 indicator; the export
 * routes (PNG, Pine, CSV). See docs/workflow.md.
 * @module
 */
export { gridCsv, mapCsv, clustersCsv, CSV_KINDS, type CsvKind } from './csv.ts'
export {
  pineScript,
  pineString,
  PINE_MAX_DRAWINGS,
  PINE_MAX_CLUSTERS,
  type PineOptions,
} from './pine.ts'
export { exportRoutes, pngQuery, pineQuery, csvQuery, scopeText } from './routes.ts'
