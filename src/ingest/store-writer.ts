/**
 * StoreWriter: the bus subscriber that persists events. It buffers incoming batches and writes
 * them in one transaction when `maxRows` are pending or `maxDelayMs` after the first pending event
 * (a crash loses at most that uncommitted buffer). Trades become 1m trade bars (taker split, CVD);
 * book snapshots are thinned to one per `bookEveryMs` per venue and symbol; every transaction
 * also records each venue's latest stream-only event (trade, liquidation, book, predicted funding)
 * as its heartbeat and, after it, moves the bar checkpoints through newly contiguous closed bars.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import { CHANNEL_OF, type Channel } from '../exchanges/types.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import { eventsToBatch } from '../store/event-rows.ts'
import type { BookRow, Heartbeat, Store, TradeBarRow, WriteResult } from '../store/store.ts'
import type { EventBus, SubscribeFilter } from './bus.ts'
import { TradeBarAggregator } from './trade-bars.ts'

/** Key of a stream's row counter: `venue|channel:symbol`. */
export function streamKey(venue: string, channel: Channel, symbol: string): string {
  return `${venue}|${channel}:${symbol}`
}

export interface StoreWriterOptions {
  /** Flush when this many events are pending (default 5000). */
  readonly maxRows?: number
  /** Flush this long after the first pending event (default 250 ms). */
  readonly maxDelayMs?: number
  /** Keep at most one book snapshot per venue and symbol per this many ms (default 60 000). */
  readonly bookEveryMs?: number
  /** Exchange-time grace before an open trade minute is closed by newer events (default 2000). */
  readonly tradeGraceMs?: number
  /** Called with every committed transaction's result (and the rows it held per stream). */
  readonly onFlush?: (result: WriteResult, rowsByStream: ReadonlyMap<string, number>) => void
  /** Called when a timer-driven flush fails (the events stay pending and are retried). */
  readonly onError?: (err: unknown) => void
}

export interface StoreWriterStats {
  readonly transactions: number
  readonly written: number
  readonly duplicates: number
  readonly pending: number
  /**
   * Rows committed (new, updated or duplicate) per stream, keyed `venue|channel:symbol` like the
   * adapters' StreamStatus (`binance|trades:BTCUSDT` counts 1m trade bars).
   */
  readonly rowsByStream: ReadonlyMap<string, number>
}

export class StoreWriter {
  private _pending: MarketEvent[] = []
  private _tradeBars: TradeBarRow[] = []
  private readonly _books = new Map<string, BookRow>()
  private readonly _lastBookTs = new Map<string, UtcMs>()
  private readonly _beats = new Map<Venue, Heartbeat>()
  private readonly _agg = new TradeBarAggregator()
  private _timer: NodeJS.Timeout | undefined
  private _transactions = 0
  private _written = 0
  private _duplicates = 0
  private readonly _rowsByStream = new Map<string, number>()
  private readonly _maxRows: number
  private readonly _maxDelayMs: number
  private readonly _bookEveryMs: number
  private readonly _graceMs: number

  constructor(
    private readonly _store: Store,
    private readonly _opts: StoreWriterOptions = {},
  ) {
    this._maxRows = _opts.maxRows ?? 5000
    this._maxDelayMs = _opts.maxDelayMs ?? 250
    this._bookEveryMs = _opts.bookEveryMs ?? 60_000
    this._graceMs = _opts.tradeGraceMs ?? 2000
  }

  get aggregator(): TradeBarAggregator {
    return this._agg
  }

  get stats(): StoreWriterStats {
    return {
      transactions: this._transactions,
      written: this._written,
      duplicates: this._duplicates,
      pending: this._pendingCount(),
      rowsByStream: this._rowsByStream,
    }
  }

  /** Subscribes to the bus; returns the unsubscribe function. */
  attach(bus: EventBus, filter?: SubscribeFilter): () => void {
    return bus.subscribe((batch) => this.handle(batch), filter)
  }

  /** Buffers one batch (synchronous); flushes when the buffer is full. */
  handle(batch: readonly MarketEvent[]): void {
    for (const e of batch) {
      if (e.type === 'disconnect') {
        this._tradeBars.push(...this._agg.disconnect(e.venue))
        continue
      }
      // Only kinds that have no REST history mark stream progress (backfilled rows carry old
      // times and would hide an outage).
      if (
        e.type === 'trade' ||
        e.type === 'liquidation' ||
        e.type === 'book' ||
        (e.type === 'funding' && e.predicted)
      )
        this._beat(e.venue, e.ts, e.localTs)
      if (e.type === 'trade') {
        this._tradeBars.push(...this._agg.add(e))
        continue
      }
      if (e.type === 'book') {
        const key = `${e.venue}|${e.symbol}`
        const last = this._lastBookTs.get(key)
        if (last !== undefined && e.ts - last < this._bookEveryMs) continue
        this._lastBookTs.set(key, e.ts)
        this._books.set(`${key}|${e.ts}`, {
          venue: e.venue,
          symbol: e.symbol,
          ts: e.ts,
          localTs: e.localTs,
          bids: e.bids,
          asks: e.asks,
        })
        continue
      }
      this._pending.push(e)
    }
    for (const [venue, beat] of this._beats) {
      this._tradeBars.push(...this._agg.closeBefore(venue, beat.ts - this._graceMs))
    }
    if (this._pendingCount() >= this._maxRows) this.flush()
    else if (this._pendingCount() > 0 && this._timer === undefined) {
      this._timer = setTimeout(() => {
        this._timer = undefined
        try {
          this.flush()
        } catch (err) {
          this._opts.onError?.(err)
        }
      }, this._maxDelayMs)
      this._timer.unref()
    }
  }

  /** Writes everything pending in one transaction (a no-op when nothing is pending). */
  flush(): WriteResult {
    if (this._timer !== undefined) {
      clearTimeout(this._timer)
      this._timer = undefined
    }
    if (this._pendingCount() === 0 && this._beats.size === 0) return { written: 0, duplicates: 0 }
    const events = this._pending
    const { batch } = eventsToBatch(events)
    const tradeBars = this._tradeBars
    const books = [...this._books.values()]
    const heartbeats = [...this._beats.values()]
    const r = this._store.writeBatch({ ...batch, tradeBars, books, heartbeats })
    // Committed: only now drop the buffers (a failed write keeps them for the retry).
    this._pending = []
    this._tradeBars = []
    this._books.clear()
    this._beats.clear()
    this._transactions++
    this._written += r.written
    this._duplicates += r.duplicates
    const byStream = new Map<string, number>()
    const add = (key: string): void => void byStream.set(key, (byStream.get(key) ?? 0) + 1)
    for (const e of events)
      if (e.type !== 'disconnect') add(streamKey(e.venue, CHANNEL_OF[e.type], e.symbol))
    for (const t of tradeBars) add(streamKey(t.venue, 'trades', t.symbol))
    for (const b of books) add(streamKey(b.venue, 'book', b.symbol))
    for (const [k, n] of byStream) this._rowsByStream.set(k, (this._rowsByStream.get(k) ?? 0) + n)
    const touched = new Set<string>()
    for (const b of batch.bars ?? [])
      if (b.closed) touched.add(`${b.venue}\u0000${b.symbol}\u0000${b.tf}`)
    for (const k of touched) {
      const [venue, symbol, tf] = k.split('\u0000') as [Venue, string, string]
      this._store.advanceBarCheckpoint(venue, symbol, tf)
    }
    this._opts.onFlush?.(r, byStream)
    return r
  }

  /** Flushes and stops the timer; the open trade minutes are written as incomplete. */
  close(): WriteResult {
    for (const v of this._agg.venues()) this._tradeBars.push(...this._agg.disconnect(v))
    return this.flush()
  }

  private _beat(venue: Venue, ts: UtcMs, localTs: UtcMs): void {
    const b = this._beats.get(venue)
    if (b === undefined || ts > b.ts || localTs > b.localTs) {
      this._beats.set(venue, {
        venue,
        ts: Math.max(ts, b?.ts ?? ts),
        localTs: Math.max(localTs, b?.localTs ?? localTs),
      })
    }
  }

  private _pendingCount(): number {
    return this._pending.length + this._tradeBars.length + this._books.size
  }
}
