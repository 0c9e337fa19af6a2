/**
 * Types of the margin module: maintenance tiers per venue and the position a liquidation price is
 * computed for. Prices are USD (USDT/USDC) per base unit; quantities are base units (BTC); every
 * `…Usd` amount is quote currency. Rates are fractions (0.004 = 0.4 %).
 * @module
 */
import type { Side, Venue } from '../core/types.ts'

/** One maintenance tier (Binance "bracket", Bybit "risk limit", OKX "position tier"). */
export interface MarginTier {
  /** 1-based tier number, in order of notional. */
  readonly tier: number
  /** Position notional (USD) above which this tier applies; the first tier starts at 0. */
  readonly floorUsd: number
  /** Largest position notional (USD) in this tier, inclusive; `Infinity` when open-ended. */
  readonly capUsd: number
  /** Highest leverage a position in this tier may open with. */
  readonly maxLeverage: number
  /** Maintenance margin rate applied to the whole notional. */
  readonly mmr: number
  /** Maintenance amount (Binance cum, Bybit mmDeduction, Hyperliquid deduction; OKX 0), USD. */
  readonly maintAmountUsd: number
}

/** The tiers of one symbol on one venue, with where the numbers come from. */
export interface TierTable {
  readonly venue: Venue
  /** Canonical symbol, e.g. `BTCUSDT` (the venue's own name is given in `source`). */
  readonly symbol: string
  /** Where the numbers come from. */
  readonly source: string
  /** Date the table was read, ISO (`YYYY-MM-DD`). */
  readonly asOf: string
  /** Which rows are derived or assumed, and what replaces them. */
  readonly note?: string
  /** Tiers in order of notional; contiguous (each floor is the previous cap). */
  readonly tiers: readonly MarginTier[]
  /** Fee rate added to mmr in the venue's trigger (OKX taker fee); 0 elsewhere. */
  readonly liquidationFeeRate: number
}

/** An isolated-margin position in one-way mode. */
export interface PositionSpec {
  /** Side of the position. */
  readonly side: Side
  /** Average entry price, USD per base unit, > 0. */
  readonly entryPrice: number
  /** Size in base units, > 0. */
  readonly qty: number
  /** Leverage the position was opened with (initial margin = notional / leverage), ≥ 1. */
  readonly leverage: number
  /** Margin added beyond initial, USD, ≥ 0. */
  readonly extraMarginUsd?: number
}

/**
 * A Binance USDⓈ-M cross-margin position (one symbol, one-way mode), with the account terms of the
 * FAQ formula.
 */
export interface CrossPositionSpec {
  /** Side of the position. */
  readonly side: Side
  /** Average entry price, USD per base unit, > 0. */
  readonly entryPrice: number
  /** Size in base units, > 0. */
  readonly qty: number
  /** WB: cross wallet balance, USD, > 0. */
  readonly walletBalanceUsd: number
  /** TMM: maintenance margin of all *other* positions, USD, ≥ 0 (default 0). */
  readonly otherMaintenanceUsd?: number
  /** UPNL: unrealised PnL of all *other* positions, USD, any sign (default 0). */
  readonly otherUnrealizedPnlUsd?: number
}

/** A liquidation price with the tiers used to reach it. */
export interface LiquidationResult {
  /**
   * Liquidation (mark) price, USD. 0 for a long that cannot be liquidated above a price of zero
   * (its margin covers the whole notional).
   */
  readonly price: number
  /** Position notional at entry, USD. */
  readonly notionalUsd: number
  /** Tier selected by the notional at entry (sets the maximum leverage). */
  readonly entryTier: MarginTier
  /** Tier whose mmr and maintenance amount the price was computed with. */
  readonly liquidationTier: MarginTier
}
