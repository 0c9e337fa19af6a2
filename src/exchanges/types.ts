/**
 * Shared types of the exchange layer: the public adapter contract (re-exported by
 * `registry.ts`) and the internal shapes mappers hand to feeds (`BookUpdate`, `VenueMapper`).
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import type { TierTable } from '../margin/types.ts'

export type Channel = 'trades' | 'bars' | 'open_interest' | 'funding' | 'liquidations' | 'book'
export const CHANNELS: readonly Channel[] = [
  'trades',
  'bars',
  'open_interest',
  'funding',
  'liquidations',
  'book',
]

/** The channel that carries each kind of data event (a disconnect is not data). */
export const CHANNEL_OF: Readonly<Record<Exclude<MarketEvent['type'], 'disconnect'>, Channel>> =
  Object.freeze({
    trade: 'trades',
    bar: 'bars',
    open_interest: 'open_interest',
    funding: 'funding',
    liquidation: 'liquidations',
    book: 'book',
  })

/** Health of one live stream (`<channel>:<canonical symbol>`, e.g. `trades:BTCUSDT`). */
export interface StreamStatus {
  readonly venue: Venue
  readonly stream: string
  readonly state: 'connecting' | 'open' | 'stale' | 'closed'
  /** Local receive time of the last data message of this stream. */
  readonly lastMessageTs?: number
  /** Data messages received on this stream (after parsing, before dedup). */
  readonly messages: number
  /** Reconnects of the connection carrying this stream. */
  readonly reconnects: number
  /** e.g. 'Hyperliquid has no public liquidation feed', the last venue error, skipped counts. */
  readonly note?: string
  /** Messages on the connection that could not be parsed or failed validation (skipped). */
  readonly malformed?: number
  /** Events of this stream dropped as duplicates of their natural key. */
  readonly duplicates?: number
}

/** One tradable perpetual. */
export interface MarketInfo {
  /** Canonical symbol, e.g. `BTCUSDT`. */
  readonly symbol: string
  /** The venue's own name, e.g. `BTC-USDT-SWAP`. */
  readonly venueSymbol: string
  /** Price increment, quote units. */
  readonly tickSize: number
  /** Base units per contract (OKX ctVal; 1 where sizes are already base units). */
  readonly contractSize: number
}

export type BackfillKind = 'bars' | 'open_interest' | 'funding'

export interface BackfillOptions {
  /** Canonical (or venue) symbol. */
  readonly symbol: string
  readonly kind: BackfillKind
  /** Bar timeframe (bars, default `1m`) or open-interest period (default `5m`). */
  readonly tf?: string
  /** Range start, inclusive, UTC ms. */
  readonly from: UtcMs
  /** Range end, exclusive, UTC ms. */
  readonly to: UtcMs
  readonly signal?: AbortSignal
}

export interface VenueAdapter {
  readonly venue: Venue
  /** Live events with reconnect/backoff/heartbeat/rotation/stale detection inside; yields a DisconnectEvent on every drop. Ends when signal aborts. */
  stream(opts: {
    symbols: readonly string[]
    channels?: readonly Channel[]
    signal: AbortSignal
  }): AsyncIterable<MarketEvent>
  /** REST history of one kind over [from, to), oldest first, one array per page. Honours rate limits (waits on 429/418/Retry-After). */
  backfill(opts: BackfillOptions): AsyncIterable<MarketEvent[]>
  tiers(symbol: string): Promise<TierTable>
  markets(): Promise<MarketInfo[]>
  status(): readonly StreamStatus[]
}

/** A book message as the venue sent it, before the sequence rules (sizes already in base units). */
export interface BookUpdate {
  readonly type: 'book_update'
  readonly venue: Venue
  readonly symbol: string
  readonly ts: UtcMs
  readonly localTs: UtcMs
  /** `snapshot` replaces the book; `delta` sets absolute sizes (0 deletes the level). */
  readonly kind: 'snapshot' | 'delta'
  /** [price, base qty]. */
  readonly bids: readonly (readonly [number, number])[]
  readonly asks: readonly (readonly [number, number])[]
  /** Last update id of this message: Binance `u`, Bybit `u`, OKX `seqId`, Hyperliquid `time`. */
  readonly seq: number
  /** Binance `U` (first update id in the event). */
  readonly firstSeq?: number
  /** Binance `pu` / OKX `prevSeqId` (−1 on an OKX snapshot). */
  readonly prevSeq?: number
}

export type MappedItem = MarketEvent | BookUpdate

/** What one raw message was: data (items pushed), a control reply (ack/pong), a venue error, junk. */
export type MapResult = 'data' | 'control' | 'error' | 'malformed' | 'ignored'

/** Turns one raw WebSocket text message into normalised items. Holds per-connection state. */
export interface VenueMapper {
  /** Pushes items to `out`; items failing validation are left out and reported as 'malformed'. */
  map(text: string, localTs: UtcMs, out: MappedItem[]): MapResult
  /** Text of the last venue error (when `map` returned 'error'). */
  readonly lastError: string | undefined
  /** Clears per-connection state (after a disconnect). */
  reset(): void
}
