/**
 * Normalised market data: the one shape every source (files, database, live venues, simulator)
 * is turned into at the edge. Times are UTC epoch milliseconds; prices are quote currency (USD/USDT)
 * per one unit of the base coin; quantities are in base units (BTC) unless the name says `Usd`.
 * @module
 */

/** UTC epoch milliseconds. */
export type UtcMs = number

/** The venues liqheat models. `binance` = Binance USDⓈ-M, `bybit` = Bybit v5 linear, `okx` = OKX v5 SWAP. */
export const VENUES = ['binance', 'bybit', 'okx', 'hyperliquid'] as const
export type Venue = (typeof VENUES)[number]

export function isVenue(v: string): v is Venue {
  return (VENUES as readonly string[]).includes(v)
}

/** Side of a *position*. For a liquidation it is always the side of the position that was liquidated. */
export type Side = 'long' | 'short'

/** One candle of traded (last) prices. */
export interface Bar {
  /** Bar open time. */
  readonly ts: UtcMs
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  /** Traded volume in base units, when the source has it. */
  readonly volume?: number
  /** Traded volume in quote units (USD), when the source has it. */
  readonly quoteVolume?: number
  /** Volume (base units) of trades whose taker bought, when the source has the taker split. */
  readonly takerBuyVolume?: number
  /** Quote volume of trades whose taker bought. */
  readonly takerBuyQuoteVolume?: number
}

/** Open interest sampled at `ts`, counted one-sided (each contract once). */
export interface OpenInterestPoint {
  /** Sample time. */
  readonly ts: UtcMs
  /** Open interest in base units (BTC). */
  readonly oi: number
  /** Open interest in USD at the sample, when the source has it. */
  readonly oiUsd?: number
  /** Venue the sample is from, when known. */
  readonly venue?: Venue
}

export interface FundingPoint {
  /** Funding settlement (calculation) time. */
  readonly ts: UtcMs
  /** Funding rate as a fraction per interval (0.0001 = 0.01 %). */
  readonly rate: number
  readonly intervalHours: number
}

/** One realized liquidation, as reported by a venue. */
export interface LiquidationEvent {
  /** Exchange event time. */
  readonly ts: UtcMs
  /** Venue name as given by the source (one of VENUES for venues we map). */
  readonly venue: string
  readonly symbol: string
  /** Side of the position that was liquidated. */
  readonly side: Side
  /** Price the venue reports for the liquidation order (bankruptcy, order or average fill price). */
  readonly price: number
  /** Size in base units. */
  readonly qty: number
  /** Notional in USD = qty × price. */
  readonly usd: number
}

/** Realized liquidation notional summed over one bar. */
export interface LiquidationBar {
  /** Open time of the bar. */
  readonly ts: UtcMs
  readonly intervalS: number
  /** Venues the sums cover, `+`-joined (e.g. `binance+bybit+okx`). */
  readonly venues: string
  /** USD of long positions force-closed in the bar. */
  readonly longUsd: number
  /** USD of short positions force-closed in the bar. */
  readonly shortUsd: number
}

/** A problem found in the input that did not stop the import (or, with `--lenient`, was skipped). */
export interface DataIssue {
  readonly kind:
    'gap' | 'duplicate' | 'out-of-order' | 'skipped-row' | 'missing-column' | 'conflict'
  readonly file: string
  /** 1-based line number in the file, when the issue is one row. */
  readonly line?: number
  readonly message: string
  /** How many rows/bars the issue covers (for gaps: missing bars). */
  readonly count?: number
}

/** What an import found and used, printed by every command so nothing is silently wrong. */
export interface DataReport {
  readonly files: readonly string[]
  readonly inputsUsed: {
    readonly bars: boolean
    readonly volume: boolean
    readonly takerSplit: boolean
    readonly openInterest: boolean
    readonly funding: boolean
    readonly liquidations: boolean
  }
  readonly issues: readonly DataIssue[]
  /** Rows skipped under `--lenient`. */
  readonly skippedRows: number
}

/** Everything the model and the evaluation read, for one symbol, in time order, without duplicates. */
export interface MarketData {
  readonly symbol: string
  /** Bar length in ms (e.g. 1800000 for 30m). */
  readonly timeframeMs: number
  readonly bars: readonly Bar[]
  readonly openInterest: readonly OpenInterestPoint[]
  readonly funding: readonly FundingPoint[]
  readonly liquidationEvents: readonly LiquidationEvent[]
  readonly liquidationBars: readonly LiquidationBar[]
  readonly report: DataReport
}
