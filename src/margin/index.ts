/**
 * Margin: per-venue maintenance tiers and liquidation-price formulas. Pure (no I/O at run time):
 * the shipped BTCUSDT tier tables are JSON data bundled at import.
 * @module
 */
export type {
  CrossPositionSpec,
  LiquidationResult,
  MarginTier,
  PositionSpec,
  TierTable,
} from './types.ts'
export {
  SHIPPED_SYMBOL,
  maintenanceMargin,
  maxLeverageFor,
  tierForNotional,
  tierTable,
} from './tables.ts'
export { maintenanceAmountGaps, parseTierTable } from './parse-table.ts'
export type { MaintenanceAmountGap } from './parse-table.ts'
export {
  effectiveLeverage,
  liquidationPrice,
  liquidationPriceCross,
  liquidationPriceDetail,
  liquidationRatio,
} from './liquidation.ts'
