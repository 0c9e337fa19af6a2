/**
 * Public types of the simulator: its options, what one simulated bar publishes, the per-bar truth
 * aggregates, run statistics and the full result.
 * @module
 */
import type {
  Bar,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  MarketData,
  OpenInterestPoint,
  UtcMs,
} from '../core/types.ts'
import type { ScenarioName, SimParams } from './params.ts'
import type { TruthLog } from './truth-log.ts'

export interface SimOptions {
  /** Seed (number or string): the same seed and options give the same market, byte for byte. */
  readonly seed: number | string
  /** Days of published bars. */
  readonly days: number
  /** Bar length, ms (default 60 000 = 1m); a multiple of params.tickMs. */
  readonly tfMs?: number
  /** Open time of the first published bar, UTC ms (default 2026-01-01T00:00Z); aligned to the bar. */
  readonly startTs?: UtcMs
  /** Preset scenario whose overrides apply before `params`. Default `default`. */
  readonly scenario?: ScenarioName
  readonly params?: Partial<SimParams>
}

/** Per-bar truth aggregates, at the bar's close instant `ts`. Quantities in base units (BTC). */
export interface TruthBar {
  /** Bar close instant (= open + bar length). */
  readonly ts: UtcMs
  /** Sum of the traders' open longs. */
  readonly longQty: number
  /** Sum of the traders' open shorts. */
  readonly shortQty: number
  /** Market maker's net position = shortQty − longQty (+ = maker long). Never liquidated. */
  readonly makerQty: number
  /** Hedged passive open interest (both sides, never liquidated). */
  readonly passiveQty: number
  /** Open interest = max(longQty, shortQty) + passiveQty (what the metrics file publishes). */
  readonly oi: number
  /** Traders holding a position. */
  readonly openPositions: number
  /** Most liquidation rounds in one tick of this bar (≥ 2 = liquidations set off liquidations). */
  readonly cascadeDepth: number
}

/** Everything one simulated bar publishes, plus its truth aggregates. */
export interface SimBar {
  /** The bar, with volume and the taker-buy split. */
  readonly bar: Bar
  /** Trades in the bar (market orders, fills, liquidations and background trades). */
  readonly count: number
  /** Open interest sampled at the bar's close, when the close is on the sample grid. */
  readonly oi: OpenInterestPoint | undefined
  /** Funding settled during the bar (at most one unless the interval is shorter than the bar). */
  readonly funding: readonly FundingPoint[]
  /** Every liquidation in the bar (the feed is complete, like Bybit's allLiquidation). */
  readonly liquidations: readonly LiquidationEvent[]
  readonly liquidationBar: LiquidationBar
  readonly truth: TruthBar
}

export interface SimStats {
  /** Positions opened (including the burn-in). */
  positionsOpened: number
  liquidations: number
  liquidatedUsd: number
  /** Ticks in which liquidations set off further liquidations through their price impact. */
  cascadeTicks: number
  /** Most liquidation rounds in one tick. */
  maxCascadeDepth: number
  ticks: number
}

export interface SimResult {
  readonly symbol: string
  readonly seed: number | string
  readonly params: SimParams
  readonly tfMs: number
  /** Open time of the first published bar. */
  readonly startTs: UtcMs
  /** Close instant of the last published bar. */
  readonly endTs: UtcMs
  /** The public series, shaped like what `loadDataDir` returns. */
  readonly market: MarketData
  /** Trades per bar (the kline `count` column). */
  readonly counts: readonly number[]
  readonly truthBars: readonly TruthBar[]
  /** Every position of the run, burn-in included (the files keep those still open at startTs or later). */
  readonly truth: TruthLog
  /** Open time of the burn-in (positions may date from it). */
  readonly burnInStartTs: UtcMs
  readonly stats: Readonly<SimStats>
}
