/**
 * A deterministic in-memory venue for ingest tests: every bar, trade, liquidation, open-interest
 * sample and funding rate is a pure function of (venue, symbol, time), so a test (or another
 * process) can regenerate exactly what should have been stored. The stream follows a clock
 * (`now`, usually simulated time running faster than real time) and goes down during scheduled
 * outages: it yields one DisconnectEvent, delivers nothing inside the outage, then resumes.
 * Backfill pages serve history up to `now` (the bar still forming comes back with closed=false).
 * @module
 */
import type {
  BarEvent,
  DisconnectEvent,
  FundingEvent,
  LiquidationOrderEvent,
  MarketEvent,
  OpenInterestEvent,
  TradeEvent,
} from '../../src/core/events.ts'
import type { UtcMs, Venue } from '../../src/core/types.ts'
import type { BackfillOptions, StreamStatus } from '../../src/exchanges/types.ts'
import type { CollectorSource } from '../../src/ingest/collector.ts'
import { timeframeToMs } from '../../src/core/time.ts'

export const MIN = 60_000
const OI_MS = 5 * MIN
const FUNDING_MS = 8 * 3_600_000

/** Integer hash of the inputs, in [0, 2^32). */
function hash(...parts: (string | number)[]): number {
  let h = 2166136261
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h >>> 0
}

const unit = (...parts: (string | number)[]): number => hash(...parts) / 2 ** 32

/** Mid price at `ts` (a smooth wave plus deterministic noise), rounded to 0.1. */
export function priceAt(venue: Venue, symbol: string, ts: UtcMs): number {
  const wave = 1500 * Math.sin(ts / 7_200_000) + 400 * Math.sin(ts / 900_000)
  return Math.round((60_000 + wave + 50 * unit(venue, symbol, 'p', ts)) * 10) / 10
}

export function barAt(venue: Venue, symbol: string, ts: UtcMs, tf = '1m', closed = true): BarEvent {
  const ms = timeframeToMs(tf) ?? MIN
  const open = priceAt(venue, symbol, ts)
  const close = priceAt(venue, symbol, ts + ms)
  const volume = Math.round((5 + 20 * unit(venue, symbol, 'v', ts, tf)) * 1000) / 1000
  return {
    type: 'bar',
    venue,
    symbol,
    tf,
    ts,
    localTs: ts + ms,
    open,
    high: Math.max(open, close) + 10,
    low: Math.min(open, close) - 10,
    close,
    volume,
    quoteVolume: volume * open,
    closed,
  }
}

/** Liquidations in [from, to): 0–2 per minute at fixed seconds. */
export function liquidationsIn(
  venue: Venue,
  symbol: string,
  from: UtcMs,
  to: UtcMs,
): LiquidationOrderEvent[] {
  const out: LiquidationOrderEvent[] = []
  for (let m = Math.floor(from / MIN) * MIN; m < to; m += MIN) {
    const n = Math.floor(unit(venue, symbol, 'ln', m) * 3)
    for (let k = 0; k < n; k++) {
      const ts = m + 7_000 + k * 20_000
      if (ts < from || ts >= to) continue
      const price = priceAt(venue, symbol, ts)
      const qty = Math.round(unit(venue, symbol, 'lq', ts) * 5000) / 1000 + 0.001
      out.push({
        type: 'liquidation',
        venue,
        symbol,
        ts,
        localTs: ts + 5,
        side: unit(venue, symbol, 'ls', ts) < 0.5 ? 'long' : 'short',
        price,
        priceKind: 'bankruptcy',
        qty,
        usd: qty * price,
        coverage: 'complete',
      })
    }
  }
  return out
}

/** Trades in [from, to): four per minute. */
export function tradesIn(venue: Venue, symbol: string, from: UtcMs, to: UtcMs): TradeEvent[] {
  const out: TradeEvent[] = []
  for (let ts = Math.ceil(from / 15_000) * 15_000 + 1; ts < to; ts += 15_000) {
    out.push({
      type: 'trade',
      venue,
      symbol,
      ts,
      localTs: ts + 3,
      id: String(ts),
      price: priceAt(venue, symbol, ts),
      qty: Math.round(unit(venue, symbol, 'tq', ts) * 2000) / 1000 + 0.001,
      takerSide: unit(venue, symbol, 'ts', ts) < 0.55 ? 'buy' : 'sell',
    })
  }
  return out
}

export function oiAt(venue: Venue, symbol: string, ts: UtcMs): OpenInterestEvent {
  return {
    type: 'open_interest',
    venue,
    symbol,
    ts,
    localTs: ts + 1000,
    oi: 80_000 + Math.round(unit(venue, symbol, 'oi', ts) * 1e6) / 100,
  }
}

export function fundingAt(venue: Venue, symbol: string, ts: UtcMs): FundingEvent {
  const rate = Math.round((unit(venue, symbol, 'f', ts) - 0.3) * 2e5) / 1e9
  return {
    type: 'funding',
    venue,
    symbol,
    ts,
    localTs: ts + 1000,
    rate,
    intervalHours: 8,
    predicted: false,
  }
}

export interface FakeVenueOptions {
  readonly venue: Venue
  /** The venue's clock (simulated time). */
  readonly now: () => UtcMs
  /** Whether the stream is down at time `ts`. */
  readonly down?: (ts: UtcMs) => boolean
  /** Real ms between stream polls (default 2). */
  readonly pollMs?: number
  /** Rows per backfill page (default 500). */
  readonly pageSize?: number
  /** Emit trades on the stream (default true). */
  readonly trades?: boolean
}

function* grid(from: UtcMs, to: UtcMs, step: number): Generator<UtcMs> {
  for (let ts = Math.ceil(from / step) * step; ts < to; ts += step) yield ts
}

export interface FakeVenue extends CollectorSource {
  readonly backfillCalls: BackfillOptions[]
  /** Clock time at which each stream() began delivering. */
  readonly streamStarts: UtcMs[]
}

export function createFakeVenue(o: FakeVenueOptions): FakeVenue {
  const backfillCalls: BackfillOptions[] = []
  const streamStarts: UtcMs[] = []
  let messages = 0
  let reconnects = 0
  let lastMessageTs: number | undefined
  let state: StreamStatus['state'] = 'connecting'
  return {
    venue: o.venue,
    backfillCalls,
    streamStarts,
    status: () => [
      { venue: o.venue, stream: 'bars:BTCUSDT', state, lastMessageTs, messages, reconnects },
    ],
    async *backfill(opts: BackfillOptions): AsyncIterable<MarketEvent[]> {
      backfillCalls.push(opts)
      const now = o.now()
      const to = Math.min(opts.to, now + 1)
      const page = o.pageSize ?? 500
      let out: MarketEvent[] = []
      const step =
        opts.kind === 'bars'
          ? (timeframeToMs(opts.tf ?? '1m') ?? MIN)
          : opts.kind === 'open_interest'
            ? OI_MS
            : FUNDING_MS
      for (const ts of grid(opts.from, to, step)) {
        if (opts.signal?.aborted) return
        if (opts.kind === 'bars')
          out.push(barAt(o.venue, opts.symbol, ts, opts.tf ?? '1m', ts + step <= now))
        else if (opts.kind === 'open_interest') out.push(oiAt(o.venue, opts.symbol, ts))
        else out.push(fundingAt(o.venue, opts.symbol, ts))
        if (out.length >= page) {
          await new Promise((r) => setImmediate(r))
          yield out
          out = []
        }
      }
      if (out.length > 0) yield out
    },
    async *stream(opts): AsyncIterable<MarketEvent> {
      let cursor = o.now()
      streamStarts.push(cursor)
      let wasDown = false
      state = 'open'
      while (!opts.signal.aborted) {
        await new Promise((r) => setTimeout(r, o.pollMs ?? 2))
        const t = o.now()
        if (t <= cursor) continue
        const events: Exclude<MarketEvent, DisconnectEvent>[] = []
        for (const symbol of opts.symbols) {
          if (o.trades ?? true) events.push(...tradesIn(o.venue, symbol, cursor, t))
          events.push(...liquidationsIn(o.venue, symbol, cursor, t))
          for (const m of grid(cursor, t, MIN))
            if (m > 0) events.push(barAt(o.venue, symbol, m - MIN))
          for (const m of grid(cursor, t, OI_MS)) events.push(oiAt(o.venue, symbol, m))
        }
        events.sort((a, b) => a.ts - b.ts)
        for (const e of events) {
          const isDown = o.down?.(e.ts) ?? false
          if (isDown) {
            if (!wasDown) {
              reconnects++
              state = 'connecting'
              yield {
                type: 'disconnect',
                venue: o.venue,
                localTs: e.ts,
                reason: 'scheduled outage',
              }
            }
            wasDown = true
            continue
          }
          wasDown = false
          state = 'open'
          messages++
          lastMessageTs = e.localTs
          yield e
        }
        cursor = t
      }
      state = 'closed'
    },
  }
}
