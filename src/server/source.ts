/**
 * Where the server's market data comes from. A `MarketSource` (live venues, a file replay or the
 * simulator) loads a history into the sink, then keeps pushing bars and events as they happen;
 * the sink is the in-memory `MarketHub`. Sources never talk to HTTP clients.
 * @module
 */
import type { BookEvent } from '../core/events.ts'
import type {
  Bar,
  FundingPoint,
  LiquidationEvent,
  MarketData,
  OpenInterestPoint,
  UtcMs,
  Venue,
} from '../core/types.ts'

export type SourceKind = 'live' | 'replay' | 'demo'

/** State of one feed: `open` = delivering, `ended` = a replay that reached the end of its files. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended' | 'failed'

export interface StreamStatus {
  /** E.g. `binance BTCUSDT` or `replay BTCUSDT`. */
  readonly name: string
  readonly venue?: Venue
  readonly symbol?: string
  readonly state: StreamState
  /** Local wall-clock time the feed last delivered data. */
  readonly lastEventAt?: UtcMs
  /** Data time (exchange/bar time) of the last thing delivered. */
  readonly lastDataTs?: UtcMs
  /** Human-readable detail (an error, replay progress). */
  readonly detail?: string
}

/** What a source feeds. Implemented by MarketHub. */
export interface SourceSink {
  /** Replaces the symbol's history (the backfill, or the replay's preloaded span). */
  loadHistory(data: MarketData, meta: { readonly venues: readonly Venue[] }): void
  /** A bar update; `closed` false while it is forming. Bars are in the symbol's timeframe. */
  bar(symbol: string, bar: Bar, closed: boolean): void
  openInterest(symbol: string, point: OpenInterestPoint): void
  funding(symbol: string, point: FundingPoint): void
  liquidation(symbol: string, event: LiquidationEvent): void
  book(symbol: string, event: BookEvent): void
}

export interface MarketSource {
  readonly kind: SourceKind
  /** One line for the console and /api/health, e.g. `replay of data/w4 at 60×`. */
  readonly description: string
  /**
   * Loads the history into `sink` and resolves once it is there; keeps streaming in the
   * background until `signal` aborts. Rejects (with an AppError) if nothing can be loaded.
   */
  start(sink: SourceSink, signal: AbortSignal): Promise<void>
  status(): readonly StreamStatus[]
  /**
   * Wall-clock ms between bars when the feed is healthy (a 5m bar live = 300000; a 5m replay at
   * 60× = 5000). Data older than a few of these is shown as stale.
   */
  readonly expectedIntervalMs: number
}
