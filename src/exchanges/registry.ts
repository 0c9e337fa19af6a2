/**
 * The registry: one `VenueAdapter` per venue (Binance USDⓈ-M, Bybit linear, OKX swap,
 * Hyperliquid perps), each assembled from its folder's feeds and REST client. This is the API the
 * ingest pipeline and the CLI use; adding a venue is one entry in `DEFINE` (see ADD_EXCHANGE.md).
 * @example
 * const a = createAdapter('bybit')
 * for await (const e of a.stream({ symbols: ['BTCUSDT'], signal })) store.add(e)
 * @module
 */
import type { Venue } from '../core/types.ts'
import { Adapter, type VenueDefinition } from './adapter.ts'
import { BinanceDepthFeed, BinanceMarketFeed, BINANCE_WS } from './binance/feed.ts'
import { BinanceRest } from './binance/rest.ts'
import { BybitFeed, BYBIT_WS } from './bybit/feed.ts'
import { BybitRest } from './bybit/rest.ts'
import { DEFAULT_BACKOFF, realSleep, type BackoffOptions, type Clock } from './clock.ts'
import type { Feed } from './feed-base.ts'
import { HyperliquidFeed, HYPERLIQUID_WS } from './hyperliquid/feed.ts'
import { HL_NO_LIQUIDATIONS } from './hyperliquid/mapper.ts'
import { HyperliquidRest } from './hyperliquid/rest.ts'
import { OkxFeed, OKX_WS } from './okx/feed.ts'
import { OkxRest } from './okx/rest.ts'
import { PollFeed } from './poll-feed.ts'
import type { Channel, VenueAdapter } from './types.ts'

export type {
  Channel,
  StreamStatus,
  VenueAdapter,
  MarketInfo,
  BackfillOptions,
  BackfillKind,
} from './types.ts'
export { CHANNELS } from './types.ts'

export interface AdapterOptions {
  /** REST base URL (scheme + host[:port]); every ccxt endpoint of the venue is repointed. */
  readonly restUrl?: string
  /** WebSocket base: Binance `wss://host` (paths /market, /public added), OKX `wss://host/ws/v5` (/public, /business added), Bybit and Hyperliquid the full URL. */
  readonly wsUrl?: string
  /** Clock for every timestamp and every staleness/rotation decision (tests move it). */
  readonly now?: () => number
  /** No data for longer than this (ms) marks a stream stale; also the connection liveness limit. */
  readonly staleAfterMs?: number
  /** Waiting (backoff, Retry-After, polls); default real timers. */
  readonly sleep?: Clock['sleep']
  readonly backoff?: BackoffOptions
  /** Real-time period of the feed housekeeping tick, ms (default 1000). */
  readonly tickMs?: number
  /** Levels per side in BookEvents (default 200). */
  readonly bookDepth?: number
  /** Binance open-interest poll period, ms (default 3000; weight 1 per poll). */
  readonly oiPollMs?: number
  /** ccxt's per-endpoint throttle (default on). */
  readonly enableRateLimit?: boolean
}

type Ctx = { clock: Clock; o: AdapterOptions }

function pick(channels: readonly Channel[], served: readonly Channel[]): Channel[] {
  return channels.filter((c) => served.includes(c))
}

const DEFINE: Record<Venue, (c: Ctx) => VenueDefinition> = {
  binance: ({ clock, o }) => {
    const rest = new BinanceRest(clock, o.restUrl, o.enableRateLimit)
    const ws = o.wsUrl ?? BINANCE_WS
    return {
      venue: 'binance',
      unsupported: {},
      rest,
      createFeeds: (fo, channels) => {
        const feeds: Feed[] = []
        const market = pick(channels, BinanceMarketFeed.CHANNELS)
        if (market.length > 0) feeds.push(new BinanceMarketFeed(fo, market, ws, rest))
        if (channels.includes('book')) feeds.push(new BinanceDepthFeed(fo, ['book'], ws, rest))
        if (channels.includes('open_interest')) {
          feeds.push(
            new PollFeed(fo, 'open_interest', o.oiPollMs ?? 3000, (s, signal) =>
              rest.openInterest(s, signal),
            ),
          )
        }
        return feeds
      },
    }
  },
  bybit: ({ clock, o }) => {
    const rest = new BybitRest(clock, o.restUrl, o.enableRateLimit)
    return {
      venue: 'bybit',
      unsupported: {},
      rest,
      createFeeds: (fo, channels) => [new BybitFeed(fo, channels, o.wsUrl ?? BYBIT_WS, rest)],
    }
  },
  okx: ({ clock, o }) => {
    const rest = new OkxRest(clock, o.restUrl, o.enableRateLimit)
    const base = (o.wsUrl ?? OKX_WS).replace(/\/+$/, '')
    return {
      venue: 'okx',
      unsupported: {},
      rest,
      createFeeds: (fo, channels) => {
        const feeds: Feed[] = []
        const pub = pick(channels, OkxFeed.PUBLIC)
        const biz = pick(channels, OkxFeed.BUSINESS)
        if (pub.length > 0) feeds.push(new OkxFeed(fo, pub, `${base}/public`, rest))
        if (biz.length > 0) feeds.push(new OkxFeed(fo, biz, `${base}/business`, rest))
        return feeds
      },
    }
  },
  hyperliquid: ({ clock, o }) => ({
    venue: 'hyperliquid',
    unsupported: { liquidations: HL_NO_LIQUIDATIONS },
    rest: new HyperliquidRest(clock, o.restUrl, o.enableRateLimit),
    createFeeds: (fo, channels) => [new HyperliquidFeed(fo, channels, o.wsUrl ?? HYPERLIQUID_WS)],
  }),
}

/** Creates the adapter of one venue. Public endpoints only; no keys. */
export function createAdapter(venue: Venue, opts: AdapterOptions = {}): VenueAdapter {
  const clock: Clock = { now: opts.now ?? (() => Date.now()), sleep: opts.sleep ?? realSleep }
  return new Adapter(DEFINE[venue]({ clock, o: opts }), {
    clock,
    backoff: opts.backoff ?? DEFAULT_BACKOFF,
    tickMs: opts.tickMs ?? 1000,
    bookDepth: opts.bookDepth ?? 200,
    ...(opts.staleAfterMs !== undefined ? { staleAfterMs: opts.staleAfterMs } : {}),
  })
}
