/**
 * The embedded store's contract. The default implementation is SQLite (`sqlite/`, better-sqlite3
 * with WAL); a later server deployment can put PostgreSQL behind the same interface. Every write is
 * one transaction and idempotent by natural key, so a batch re-sent after a crash or a reconnect
 * adds nothing twice. Times are UTC epoch ms; quantities in base units; USD in quote units.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { Side, UtcMs, Venue } from '../core/types.ts'
import type { ImportedMarketData } from '../data/index.ts'

/** Default database file, relative to the working directory (`--db PATH` overrides it). */
export const DEFAULT_DB_PATH = './data/liqheat.db'

/** One stored candle. Natural key: (venue, symbol, tf, ts). */
export interface BarRow {
  readonly venue: Venue
  readonly symbol: string
  /** Canonical timeframe string (`1m`, `5m`, `1h`, `1d`, …). */
  readonly tf: string
  /** Bar open time. */
  readonly ts: UtcMs
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  /** Base units. */
  readonly volume?: number
  /** Quote units (USD). */
  readonly quoteVolume?: number
  /** Base units bought by takers. */
  readonly takerBuyVolume?: number
  readonly takerBuyQuoteVolume?: number
  /** False while the bar is still forming; a forming bar never overwrites a closed one. */
  readonly closed: boolean
}

/** One open-interest sample, one-sided, in base units. Natural key: (venue, symbol, ts). */
export interface OpenInterestRow {
  readonly venue: Venue
  readonly symbol: string
  readonly ts: UtcMs
  readonly oi: number
  readonly oiUsd?: number
}

/** One settled funding rate. Natural key: (venue, symbol, ts). */
export interface FundingRow {
  readonly venue: Venue
  readonly symbol: string
  /** Settlement time. */
  readonly ts: UtcMs
  /** Fraction per interval. */
  readonly rate: number
  readonly intervalHours: number
}

/** One realized liquidation. Natural key: (venue, symbol, ts, side, price, qty). */
export interface LiquidationRow {
  /** Venue name as the source gives it (imported CSVs may name venues we do not stream). */
  readonly venue: string
  readonly symbol: string
  readonly ts: UtcMs
  /** Side of the liquidated position. */
  readonly side: Side
  readonly price: number
  /** Base units. */
  readonly qty: number
  /** qty × price. */
  readonly usd: number
  readonly priceKind?: 'bankruptcy' | 'order' | 'avg_fill'
  readonly coverage?: 'complete' | 'sampled_1s_max' | 'partial'
  /** Local receive time for streamed events. */
  readonly localTs?: UtcMs
}

/** Realized liquidation USD per bar (the aggregated CSV form). Natural key: (symbol, venues, intervalS, ts). */
export interface LiquidationBarRow {
  readonly symbol: string
  readonly ts: UtcMs
  readonly intervalS: number
  /** `+`-joined venue names the sums cover. */
  readonly venues: string
  readonly longUsd: number
  readonly shortUsd: number
}

/**
 * A 1m bar aggregated from the trade stream, with the taker split and the volume delta
 * (taker-buy minus taker-sell, base units). Natural key: (venue, symbol, ts).
 */
export interface TradeBarRow {
  readonly venue: Venue
  readonly symbol: string
  readonly ts: UtcMs
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
  readonly quoteVolume: number
  readonly takerBuyVolume: number
  readonly takerBuyQuoteVolume: number
  /** takerBuyVolume − taker-sell volume (base units); summed over time it is the CVD. */
  readonly delta: number
  readonly trades: number
  /** True when the stream was connected for the whole minute (no trade can be missing). */
  readonly complete: boolean
}

/** Order book near price (top levels each side). Natural key: (venue, symbol, ts). */
export interface BookRow {
  readonly venue: Venue
  readonly symbol: string
  readonly ts: UtcMs
  readonly localTs: UtcMs
  /** [price, base qty], best first. */
  readonly bids: readonly (readonly [number, number])[]
  readonly asks: readonly (readonly [number, number])[]
}

export type CheckpointKind = 'bars' | 'open_interest' | 'funding'

/**
 * How far a backfill got: every row of `kind` from `firstTs` to `lastTs` (inclusive) that the venue
 * has is stored. For bars `lastTs` is the end of the contiguous run of closed bars; an interrupted
 * backfill resumes after it, and a request reaching further back fetches only what lies before
 * `firstTs`. Writes only ever widen the span.
 */
export interface Checkpoint {
  readonly venue: Venue
  readonly symbol: string
  readonly kind: CheckpointKind
  /** Timeframe for bars; `''` for other kinds. */
  readonly tf: string
  /** Start of the covered span (default: `lastTs`, or the existing start when there is one). */
  readonly firstTs?: UtcMs
  readonly lastTs: UtcMs
}

/** A span during which a venue's stream was down (or a bar gap was seen). */
export interface StreamGap {
  readonly id: number
  readonly venue: Venue
  /** Undefined when the whole venue connection dropped. */
  readonly symbol?: string
  /** Last time known good (exchange or local ms). */
  readonly from: UtcMs
  /** First time known good again. */
  readonly to: UtcMs
  readonly reason: string
  /** True once the REST-recoverable kinds (bars, open interest, funding) were backfilled. */
  readonly filled: boolean
}

/** Everything one transaction writes. All parts are optional. */
export interface StoreBatch {
  readonly bars?: readonly BarRow[]
  readonly openInterest?: readonly OpenInterestRow[]
  readonly funding?: readonly FundingRow[]
  readonly liquidations?: readonly LiquidationRow[]
  readonly liquidationBars?: readonly LiquidationBarRow[]
  readonly tradeBars?: readonly TradeBarRow[]
  readonly books?: readonly BookRow[]
  /** Checkpoints set in the same transaction (only ever moved forward). */
  readonly checkpoints?: readonly Checkpoint[]
  /** Latest stream activity per venue, so a restart knows where its outage began. */
  readonly heartbeats?: readonly Heartbeat[]
}

/** Last event a venue's stream delivered that is stored. */
export interface Heartbeat {
  readonly venue: Venue
  /** Exchange time of the latest stored event. */
  readonly ts: UtcMs
  /** Local receive time of the latest stored event. */
  readonly localTs: UtcMs
}

/** Rows a write changed (new or updated); the rest were duplicates by natural key. */
export interface WriteResult {
  readonly written: number
  readonly duplicates: number
  /** Events the store does not keep one by one (trades, predicted funding, disconnects). */
  readonly ignored?: number
}

/**
 * How long to keep each kind of row; undefined = forever. Ages are ms (finite, ≥ 0; anything else is
 * a UsageError naming the field), measured back from `now`.
 */
export interface RetentionPolicy {
  /** Per timeframe, e.g. `{ '1m': 30 * DAY_MS }`. */
  readonly barsMs?: Readonly<Record<string, number>>
  /** Book snapshots; 0 keeps only the latest per venue and symbol. */
  readonly booksMs?: number
  readonly tradeBarsMs?: number
  readonly liquidationsMs?: number
  /** Open-interest samples are deleted when older than this. */
  readonly openInterestMs?: number
  /**
   * Open-interest samples older than this are thinned, per venue and symbol, to those a reader of
   * 1m+ bars can see (about one a minute; see `sqlite/retention.ts`): the model's aligned open
   * interest is unchanged for every bar. Newer samples are kept as written.
   */
  readonly openInterestThinMs?: number
}

/**
 * How long open-interest samples are kept as written before they are thinned to about one a
 * minute (the default of `collect` and `serve`): live polling writes one every few seconds
 * (Binance every 3 s, about 29 000 a day per symbol), none of which the model needs below 1m.
 */
export const DEFAULT_OI_FULL_RES_MS = 6 * 3_600_000

export interface RetentionResult {
  readonly deleted: Readonly<Record<string, number>>
}

export interface LoadMarketOptions {
  readonly symbol: string
  /**
   * Venue to read; `all` (default) reads every venue: prices, volume and funding from the primary
   * venue (the first of binance, bybit, okx, hyperliquid that has bars), open interest and
   * liquidations from every venue.
   */
  readonly venue?: Venue | 'all'
  /** Timeframe; default: the largest stored. Aggregated from a smaller stored timeframe if needed. */
  readonly tf?: string
  /** Inclusive start (bar open time). */
  readonly from?: UtcMs
  /** Exclusive end. */
  readonly to?: UtcMs
}

export interface StoreStats {
  readonly rows: Readonly<Record<string, number>>
  readonly schemaVersion: number
}

export interface Store {
  /** The database file. */
  readonly path: string
  /** Writes normalised events in one transaction; disconnect events are ignored here. */
  insertEvents(events: readonly MarketEvent[], checkpoints?: readonly Checkpoint[]): WriteResult
  /** Writes rows of any kind in one transaction. */
  writeBatch(batch: StoreBatch): WriteResult
  /** The checkpoint's `lastTs`. */
  getCheckpoint(venue: Venue, symbol: string, kind: CheckpointKind, tf?: string): UtcMs | undefined
  /** The span a checkpoint covers. */
  getCheckpointSpan(
    venue: Venue,
    symbol: string,
    kind: CheckpointKind,
    tf?: string,
  ): { firstTs: UtcMs; lastTs: UtcMs } | undefined
  /** Moves the bars checkpoint to the end of the contiguous closed bars after it; returns it. */
  advanceBarCheckpoint(venue: Venue, symbol: string, tf: string): UtcMs | undefined
  /** Last stored bar open time, closed or not. */
  lastBarTs(venue: Venue, symbol: string, tf: string): UtcMs | undefined
  recordGap(gap: Omit<StreamGap, 'id' | 'filled'>): number
  markGapFilled(id: number): void
  /** Moves a gap's end later (never earlier). */
  extendGap(id: number, to: UtcMs): void
  gaps(opts?: { venue?: Venue; open?: boolean }): StreamGap[]
  latestBook(venue: Venue, symbol: string): BookRow | undefined
  /** Latest stored stream activity of a venue (undefined before the first streamed batch). */
  heartbeat(venue: Venue): Heartbeat | undefined
  /** Stored symbols and timeframes, for `--help`-style listings and defaults. */
  inventory(): { venue: string; symbol: string; tf: string; bars: number; from: UtcMs; to: UtcMs }[]
  /** The same shape (and report form) as `loadDataDir` returns. */
  loadMarket(opts: LoadMarketOptions): ImportedMarketData
  /** Trade-derived 1m bars with the running CVD from `from`. */
  loadTradeBars(
    venue: Venue,
    symbol: string,
    from?: UtcMs,
    to?: UtcMs,
  ): (TradeBarRow & { cvd: number })[]
  /**
   * Applies the policy in one transaction (all or nothing). Open-interest thinning after the first
   * pass only looks at rows that aged past the cutoff since the previous pass of this store.
   */
  applyRetention(policy: RetentionPolicy, now: UtcMs): RetentionResult
  stats(): StoreStats
  close(): void
}

export interface OpenStoreOptions {
  /** Open without writing (no migrations; fails if the file does not exist). */
  readonly readonly?: boolean
  /** How long a write waits for another connection's lock (default 5000 ms). */
  readonly busyTimeoutMs?: number
}
