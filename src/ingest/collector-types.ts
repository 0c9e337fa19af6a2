/**
 * Types of the Collector (options, per-venue run state) and `sleep`, kept apart so the collector
 * file holds only the orchestration.
 * @module
 */
import type { Dedup } from '../exchanges/dedup.ts'
import type { MarketEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import type { BackfillKind, Channel, VenueAdapter } from '../exchanges/types.ts'
import type { Store } from '../store/store.ts'
import type { BackfillProgress } from './backfill.ts'
import type { EventBus } from './bus.ts'
import type { StoreWriter } from './store-writer.ts'

export type CollectorSource = Pick<VenueAdapter, 'venue' | 'stream' | 'backfill' | 'status'>

export interface CollectorOptions {
  readonly sources: readonly CollectorSource[]
  readonly store: Store
  readonly bus: EventBus
  /** The writer subscribed to `bus`; flushed so backfill checkpoints follow committed rows. */
  readonly writer: StoreWriter
  readonly symbols: readonly string[]
  readonly channels?: readonly Channel[]
  /** How far back the first backfill reaches (ms before start); later runs resume from checkpoints. */
  readonly lookbackMs: number
  /** Bar timeframe to backfill and to watch for gaps (default `1m`). */
  readonly tf?: string
  readonly kinds?: readonly BackfillKind[]
  readonly now?: () => UtcMs
  /** First retry delay for a failed stream or backfill (doubles up to `maxRetryMs`). */
  readonly retryMs?: number
  readonly maxRetryMs?: number
  /** Attempts per gap fill before it is left open (default 5). */
  readonly gapAttempts?: number
  /** Real ms between checkpoint refreshes of every kind (default 300 000). */
  readonly refreshMs?: number
  /** Shortest downtime between runs recorded as a gap (default 0: every restart). */
  readonly restartGapMs?: number
  /** Publish live events in batches of this many or after this long (defaults 500, 100 ms). */
  readonly publishRows?: number
  readonly publishMs?: number
  readonly log?: (line: string) => void
  readonly onBackfillProgress?: (p: BackfillProgress) => void
}

export interface GapJob {
  readonly id: number
  readonly from: UtcMs
  readonly to: UtcMs
  readonly symbols: readonly string[]
  readonly kinds: readonly BackfillKind[]
}

export interface VenueRunState {
  readonly venue: Venue
  /** When this run began; the lookback backfill starts `lookbackMs` before it. */
  startedAt: UtcMs
  phase: 'starting' | 'backfilling' | 'streaming' | 'stopped'
  /** Newest exchange time streamed. */
  lastTs?: UtcMs
  down?: { from: UtcMs; reason: string; gapId?: number }
  readonly lastClosedBar: Map<string, UtcMs>
  readonly dedup: Dedup
  readonly jobs: GapJob[]
  buffer: MarketEvent[]
  bufferSince: UtcMs
  /** A gap fill is running. */
  filling: boolean
  gapsRecorded: number
  gapsFilled: number
  /** Kinds the venue has no REST history for (their gaps cannot be filled). */
  readonly unavailable: Set<BackfillKind>
  lastError?: string
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done(): void {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
