/**
 * The file importer: `loadDataDir` reads a folder of downloaded market data into MarketData;
 * `formatReport` prints what it found.
 * @module
 */
export { loadDataDir, type ImportedMarketData, type LoadOptions } from './load-dir.ts'
export { formatReport, isImportReport, type ImportReport, type OutlierEvent } from './report.ts'
export type { IgnoredFile } from './file-kinds.ts'
