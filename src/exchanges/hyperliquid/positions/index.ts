/**
 * Hyperliquid's exact liquidation map from real positions: address discovery from the trades
 * stream, budgeted `clearinghouseState` polling, the map with its coverage, and the measured
 * leverage mix as a prior for the other venues. See docs/hyperliquid-positions.md.
 * @module
 */
export { AddressBook, type AddressBookStats, type AddressEntry } from './address-book.ts'
export {
  DEFAULT_BUDGET_SHARE,
  HL_WEIGHT_PER_MINUTE,
  WeightBudget,
  type BudgetOptions,
} from './budget.ts'
export {
  HlPositionsCollector,
  type HlPositionsOptions,
  type HlPositionsStatus,
} from './collector.ts'
export { parseExactMap, readExactMap } from './exact-map-file.ts'
export {
  HlInfoClient,
  HYPERLIQUID_REST,
  WEIGHT_CLEARINGHOUSE,
  WEIGHT_META_AND_CTXS,
  isAddress,
  type AssetCtx,
} from './info-client.ts'
export {
  effectiveLeverageOf,
  leverageDistribution,
  nearestRung,
  priorFromDistribution,
  type PriorOptions,
} from './leverage.ts'
export { PositionPoller, type CtxSample, type PollerStats } from './poller.ts'
export { PositionMap, exactLiquidationMap, type ExactMapOptions } from './position-map.ts'
export type { ExactLiquidationMap, HlPosition, LeverageDistribution } from './types.ts'
export { HlTradeUsersFeed, type UsersSink } from './users-feed.ts'
