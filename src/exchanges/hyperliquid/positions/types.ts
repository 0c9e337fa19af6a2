/**
 * Types of the Hyperliquid position collector: one account's position in one coin as
 * `clearinghouseState` reports it, the exact liquidation map built from many of them, and the
 * measured leverage distribution. Prices USD (USDC treated as USD), sizes base units (BTC),
 * times UTC ms.
 * @module
 */
import type { Side, UtcMs } from '../../../core/types.ts'
import type { LiquidationMap } from '../../../model/types.ts'

/** One account's position in one coin, normalised from `assetPositions[].position`. */
export interface HlPosition {
  /** Account address, lower-case `0x` + 40 hex. */
  readonly address: string
  /** Venue coin, e.g. `BTC`. */
  readonly coin: string
  /** From the sign of `szi`: positive = long. */
  readonly side: Side
  /** |szi|, base units (> 0). */
  readonly size: number
  /** Average entry price. */
  readonly entryPx: number
  /**
   * The venue's own liquidation (mark) price. `null` when the venue gives none: the account's
   * equity covers the position at any price (e.g. a fully collateralised cross position).
   */
  readonly liquidationPx: number | null
  /** Margin mode of the position. */
  readonly leverageType: 'cross' | 'isolated'
  /** The leverage setting (`leverage.value`), × (≥ 1). */
  readonly leverage: number
  /** Margin allocated to the position, USD (isolated: its isolated margin incl. PnL). */
  readonly marginUsed: number
  /** |szi| × mark at the poll, USD. */
  readonly positionValue: number
  /** Unrealised PnL at the poll, USD. */
  readonly unrealizedPnl: number
  /** Time of the `clearinghouseState` answer that reported it. */
  readonly polledAt: UtcMs
}

/**
 * The exact liquidation map of one coin on Hyperliquid: the same shape as the model's
 * {@link LiquidationMap} (linear price bins around `price`, per-side USD and cumulative curves),
 * built from real positions and their venue-computed liquidation prices. It covers only the
 * accounts seen so far: read `coverage` before reading absolute dollars.
 */
export interface ExactLiquidationMap extends LiquidationMap {
  /** Always true: levels are the venue's, not estimated. */
  readonly exact: true
  readonly venue: 'hyperliquid'
  /** Canonical symbol, e.g. `BTCUSDT`. */
  readonly symbol: string
  /**
   * Share (0..1, can exceed 1 only if the open-interest convention is wrong) of Hyperliquid's
   * open interest seen: (long + short notional seen) / (2 × one-sided OI × mark).
   */
  readonly coverage: number
  /** Long notional seen / one-sided OI notional. */
  readonly coverageLong: number
  /** Short notional seen / one-sided OI notional. */
  readonly coverageShort: number
  /** One-sided open interest, base units (`openInterest / HL_OI_SIDES`). */
  readonly openInterest: number
  /** One-sided open interest × mark, USD. */
  readonly openInterestUsd: number
  /** Long and short notional seen (|szi| × mark), USD, including positions without a level. */
  readonly seenLongUsd: number
  readonly seenShortUsd: number
  /** Notional of positions whose `liquidationPx` is null (seen, counted in coverage, not mapped). */
  readonly noLiquidationUsd: number
  /** Notional with a level outside the map's price range, USD per side. */
  readonly outOfRangeLongUsd: number
  readonly outOfRangeShortUsd: number
  /**
   * Notional whose level is already past the price (longs at or above it, shorts at or below):
   * positions liquidated or changed since their poll. They are drawn in their bins.
   */
  readonly pastPriceUsd: number
  /** Accounts with a position in the coin (each counted once). */
  readonly addresses: number
  /** Positions mapped (with a level inside the range). */
  readonly positionsMapped: number
  /** Age of the oldest position used at `at`, ms (0 when there is none). */
  readonly oldestAgeMs: number
  /** Notional-weighted mean age of the positions used, ms. */
  readonly meanAgeMs: number
}

/** The measured leverage mix, notional-weighted, bucketed onto a ladder. */
export interface LeverageDistribution {
  /** The ladder (ascending), × . */
  readonly ladder: readonly number[]
  /** Share of notional at each rung; sums to 1 (all 0 when `totalUsd` is 0). */
  readonly weights: readonly number[]
  /** Notional at each rung, USD. */
  readonly notionalUsd: readonly number[]
  /** Positions at each rung. */
  readonly positions: readonly number[]
  readonly totalUsd: number
  /** Positions skipped because their effective leverage could not be computed. */
  readonly skipped: number
}
