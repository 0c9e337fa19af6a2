/**
 * The one VenueAdapter implementation, assembled from a venue definition (its feeds and its REST
 * client): runs the venue's feeds into one async iterable per `stream()` call, keeps their
 * statuses, and exposes the REST side unchanged. Venue folders only define feeds and REST.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import { UsageError } from '../core/errors.ts'
import type { Venue } from '../core/types.ts'
import type { TierTable } from '../margin/types.ts'
import { AsyncQueue } from './async-queue.ts'
import type { BackoffOptions, Clock } from './clock.ts'
import { Dedup } from './dedup.ts'
import type { Feed, FeedOptions } from './feed-base.ts'
import { streamName } from './stream-status.ts'
import { toCanonical, toVenueSymbol } from './symbols.ts'
import {
  CHANNELS,
  type BackfillOptions,
  type Channel,
  type MarketInfo,
  type StreamStatus,
  type VenueAdapter,
} from './types.ts'

export interface VenueRest {
  backfill(o: BackfillOptions): AsyncIterable<MarketEvent[]>
  tiers(symbol: string): Promise<TierTable>
  markets(): Promise<MarketInfo[]>
}

export interface VenueDefinition {
  readonly venue: Venue
  /** Channels this venue has no public feed for, with the reason shown in status(). */
  readonly unsupported: Partial<Record<Channel, string>>
  readonly rest: VenueRest
  /** The feeds that serve `channels` for `o.symbols` (canonical). */
  createFeeds(o: FeedOptions, channels: readonly Channel[]): Feed[]
}

export interface AdapterConfig {
  readonly clock: Clock
  readonly backoff: BackoffOptions
  readonly tickMs: number
  readonly staleAfterMs?: number
  readonly bookDepth: number
}

/** Canonical form of a user-given symbol (canonical or the venue's own name). */
export function canonicalSymbol(venue: Venue, symbol: string): string {
  if (symbol.trim().length === 0) throw new UsageError(`${venue}: empty symbol`, '--symbol')
  return toCanonical(venue, toVenueSymbol(venue, symbol))
}

export class Adapter implements VenueAdapter {
  readonly venue: Venue
  private readonly _sessions = new Set<{ feeds: Feed[]; extra: StreamStatus[] }>()
  private _last: StreamStatus[] = []

  constructor(
    private readonly _def: VenueDefinition,
    private readonly _cfg: AdapterConfig,
  ) {
    this.venue = _def.venue
  }

  stream(opts: {
    symbols: readonly string[]
    channels?: readonly Channel[]
    signal: AbortSignal
  }): AsyncIterable<MarketEvent> {
    if (opts.symbols.length === 0)
      throw new UsageError(`${this.venue}: stream needs at least one symbol`, '--symbol')
    const symbols = [...new Set(opts.symbols.map((s) => canonicalSymbol(this.venue, s)))]
    const wanted = opts.channels ?? CHANNELS
    for (const ch of wanted)
      if (!CHANNELS.includes(ch))
        throw new UsageError(`unknown channel '${String(ch)}'`, '--channels')
    const channels = wanted.filter((c) => this._def.unsupported[c] === undefined)
    const extra: StreamStatus[] = []
    for (const ch of wanted) {
      const why = this._def.unsupported[ch]
      if (why === undefined) continue
      for (const s of symbols) {
        extra.push({
          venue: this.venue,
          stream: streamName(ch, s),
          state: 'closed',
          messages: 0,
          reconnects: 0,
          note: why,
        })
      }
    }
    const ctrl = new AbortController()
    const abort = (): void => ctrl.abort()
    if (opts.signal.aborted) ctrl.abort()
    else opts.signal.addEventListener('abort', abort, { once: true })
    const queue = new AsyncQueue<MarketEvent>(abort)
    const feedOpts: FeedOptions = {
      venue: this.venue,
      clock: this._cfg.clock,
      emit: (e) => queue.push(e),
      dedup: new Dedup(),
      backoff: this._cfg.backoff,
      tickMs: this._cfg.tickMs,
      bookDepth: this._cfg.bookDepth,
      symbols,
      ...(this._cfg.staleAfterMs !== undefined ? { staleAfterMs: this._cfg.staleAfterMs } : {}),
    }
    const session = {
      feeds: channels.length > 0 ? this._def.createFeeds(feedOpts, channels) : [],
      extra,
    }
    this._sessions.add(session)
    const runs = session.feeds.map((f) =>
      f.run(ctrl.signal).catch((err: unknown) => {
        const reason = `feed failed: ${err instanceof Error ? err.message : String(err)}`
        queue.push({
          type: 'disconnect',
          venue: this.venue,
          localTs: this._cfg.clock.now(),
          reason,
        })
      }),
    )
    // Nothing to run (only unsupported channels): stay open until aborted, as the contract says.
    if (runs.length === 0) {
      runs.push(
        new Promise<void>((resolve) => {
          if (ctrl.signal.aborted) resolve()
          else ctrl.signal.addEventListener('abort', () => resolve(), { once: true })
        }),
      )
    }
    void Promise.all(runs).then(() => {
      this._last = [...session.feeds.flatMap((f) => f.statuses()), ...extra]
      this._sessions.delete(session)
      opts.signal.removeEventListener('abort', abort)
      queue.close()
    })
    return queue
  }

  backfill(o: BackfillOptions): AsyncIterable<MarketEvent[]> {
    if (!(o.from < o.to))
      throw new UsageError(
        `${this.venue} backfill: from (${o.from}) must be before to (${o.to})`,
        '--from',
      )
    return this._def.rest.backfill({ ...o, symbol: canonicalSymbol(this.venue, o.symbol) })
  }

  tiers(symbol: string): Promise<TierTable> {
    return this._def.rest.tiers(canonicalSymbol(this.venue, symbol))
  }

  markets(): Promise<MarketInfo[]> {
    return this._def.rest.markets()
  }

  status(): readonly StreamStatus[] {
    if (this._sessions.size === 0) return this._last
    const out: StreamStatus[] = []
    for (const s of this._sessions) out.push(...s.feeds.flatMap((f) => f.statuses()), ...s.extra)
    return out
  }
}
