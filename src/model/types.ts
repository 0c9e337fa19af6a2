/**
 * Types of the liquidation model's inputs and outputs. The model is pure: it imports only core/
 * and margin/, never I/O. Every USD figure the model outputs is an *estimate*.
 * @module
 */
import type { Bar, Side, UtcMs, Venue } from '../core/types.ts'

/** One bar as the model consumes it: prices plus what is known about positioning in that bar. */
export interface ModelBar {
  /** Bar open time. */
  readonly ts: UtcMs
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  /**
   * Open interest in base units at the bar's close (last sample at or before it), summed over the
   * venues the data covers. Undefined when the source has no open interest (the model then seeds
   * from volume).
   */
  readonly oi?: number
  /** Per-venue open interest (base units) at the bar's close, when the source is per venue. */
  readonly oiByVenue?: Partial<Record<Venue, number>>
  /** Share (0..1) of the bar's volume whose taker bought; undefined without a taker split. */
  readonly takerBuyShare?: number
  /** Traded volume in USD; undefined when the source has no volume. */
  readonly quoteVolume?: number
}

/** Which part of the modelled positions a query looks at. Undefined fields mean "all". */
export interface ModelFilter {
  readonly venues?: readonly Venue[]
  /** Leverages (must be members of the model's ladder). */
  readonly leverages?: readonly number[]
}

/** The liquidation notional the model says a bar swept, per side (its *predicted liquidations*). */
export interface SweepRow {
  /** Bar open time. */
  readonly ts: UtcMs
  /** USD of long positions whose liquidation price the bar's low reached. */
  readonly longUsd: number
  /** USD of short positions whose liquidation price the bar's high reached. */
  readonly shortUsd: number
}

/**
 * The heatmap: time columns × price rows of estimated liquidation notional still standing.
 * Cell (c, r) is at index `c * rows + r`; row r covers prices [priceMin + r·step, priceMin + (r+1)·step)
 * with `step = (priceMax − priceMin) / rows`; column c covers [times[c], times[c] + columnMs) and
 * shows the state at the column's end.
 */
export interface HeatmapGrid {
  readonly symbol: string
  readonly times: readonly UtcMs[]
  readonly columnMs: number
  readonly rows: number
  readonly priceMin: number
  readonly priceMax: number
  /** USD of long positions liquidated if price trades into the cell (estimated). */
  readonly long: Float32Array
  /** USD of short positions liquidated if price trades into the cell (estimated). */
  readonly short: Float32Array
  /** Largest long+short cell value. */
  readonly maxCell: number
  /** One candle per column (the input bars aggregated), for drawing price over the map. */
  readonly candles: readonly Bar[]
  readonly filter: ModelFilter
}

/** The liquidation map at one instant: standing notional per price bin, with cumulative curves. */
export interface LiquidationMap {
  readonly at: UtcMs
  /** Last close at `at`. */
  readonly price: number
  readonly priceMin: number
  readonly step: number
  /** Per bin USD of longs (levels are below price). Bin i covers [priceMin + i·step, +step). */
  readonly long: readonly number[]
  readonly short: readonly number[]
  /**
   * Cumulative long USD liquidated if price falls to the bin: summed from the current price
   * downward (0 at and above price).
   */
  readonly cumLong: readonly number[]
  /** Cumulative short USD liquidated if price rises to the bin: summed from price upward. */
  readonly cumShort: readonly number[]
}

/** A cluster: a peak of standing liquidation notional on one side of price. */
export interface Cluster {
  readonly side: Side
  readonly priceLow: number
  readonly priceHigh: number
  readonly peakPrice: number
  /** Estimated USD in the cluster's span. */
  readonly notionalUsd: number
  /** Notional-weighted mean age of the positions, hours. */
  readonly ageHours: number
  /** Share (0..1) of the cluster's notional seeded within the last `freshHours`. */
  readonly freshShare: number
  /**
   * Change of the cluster's notional over the last `freshHours`, USD per hour (positive: growing).
   * 0 when the model has less history than that.
   */
  readonly growthUsdPerHour: number
  /** Signed distance from the current price to the peak, % of price (negative = below). */
  readonly distancePct: number
  /** The span holds a round number (a multiple of `roundStep`). */
  readonly roundNumber: boolean
}

export interface ClusterReport {
  readonly at: UtcMs
  readonly price: number
  readonly freshHours: number
  /** The three nearest clusters above price (short liquidations), nearest first. */
  readonly above: readonly Cluster[]
  /** The three nearest clusters below price (long liquidations), nearest first. */
  readonly below: readonly Cluster[]
  readonly all: readonly Cluster[]
  readonly asymmetry: {
    /** Window, % of price, each side. */
    readonly windowPct: number
    /** USD of longs within windowPct below price. */
    readonly longBelowUsd: number
    /** USD of shorts within windowPct above price. */
    readonly shortAboveUsd: number
    /** longBelowUsd / shortAboveUsd (Infinity when shorts are 0 and longs are not; 1 when both 0). */
    readonly ratio: number
  }
}
