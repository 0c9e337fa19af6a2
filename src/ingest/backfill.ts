/**
 * `runBackfill`: pulls one kind of REST history for one symbol from a venue adapter into the
 * store, resuming from the stored checkpoint. The checkpoint (the last time up to which the kind is
 * complete) only moves when this run is continuous with it, and is written in the same transaction
 * as the rows (direct mode) or right after they were committed (sink mode), so a crash at any
 * moment leaves it at or behind the data: a restart refetches at most one page, never skips.
 * @module
 */
import type { DisconnectEvent, MarketEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import type { BackfillKind, VenueAdapter } from '../exchanges/types.ts'
import { canonicalTf, tfMs } from '../store/event-rows.ts'
import type { Checkpoint, Store } from '../store/store.ts'

/** The part of a venue adapter a backfill uses. */
export type BackfillSource = Pick<VenueAdapter, 'venue' | 'backfill'>

export interface BackfillProgress {
  readonly venue: Venue
  readonly symbol: string
  readonly kind: BackfillKind
  /** Rows received so far. */
  readonly rows: number
  /** Rows new or changed in the store (direct mode only; sink mode counts 0). */
  readonly written: number
  /** Span being filled and how far it got (time of the newest row received). */
  readonly from: UtcMs
  readonly to: UtcMs
  readonly reached: UtcMs
}

export interface BackfillRequest {
  readonly source: BackfillSource
  readonly store: Store
  readonly symbol: string
  readonly kind: BackfillKind
  /** Bar timeframe (bars) or sampling period (open interest); default `1m` / `5m`. */
  readonly tf?: string
  readonly from: UtcMs
  readonly to: UtcMs
  /**
   * `true`: start after the checkpoint when there is one (an interrupted run resumes), and start
   * the checkpoint when there is none. `false` (gap fills): fetch exactly [from, to) and move the
   * checkpoint only when the span touches it.
   */
  readonly resume: boolean
  /**
   * With `resume`: when the checkpoint is older than `from`, start right after it anyway, so the
   * span between the last run and this one's lookback is not skipped (collector restarts).
   */
  readonly bridge?: boolean
  readonly signal?: AbortSignal
  /** Where batches go instead of straight into the store (the collector's bus); must resolve only after they are committed. */
  readonly sink?: (batch: readonly MarketEvent[]) => Promise<void>
  readonly onProgress?: (p: BackfillProgress) => void
}

export interface BackfillResult extends BackfillProgress {
  /** Where the run actually started (after the checkpoint when resuming). */
  readonly startedAt: UtcMs
  readonly checkpoint: UtcMs | undefined
  /** True when the checkpoint already covered the span and nothing was fetched. */
  readonly upToDate: boolean
}

/** The timeframe a checkpoint of `kind` is keyed by. */
export function checkpointTf(kind: BackfillKind, tf?: string): string {
  if (kind === 'bars') return canonicalTf(tf ?? '1m')
  return ''
}

export async function runBackfill(req: BackfillRequest): Promise<BackfillResult> {
  const { source, store, symbol, kind } = req
  const venue = source.venue
  const cpTf = checkpointTf(kind, req.tf)
  const tf = kind === 'bars' ? cpTf : kind === 'open_interest' ? canonicalTf(req.tf ?? '5m') : undefined
  const step = kind === 'bars' ? tfMs(cpTf) : 1
  let cp = store.getCheckpoint(venue, symbol, kind, cpTf)
  const from =
    req.resume && cp !== undefined ? (req.bridge ? cp + step : Math.max(req.from, cp + step)) : req.from
  const continuous = cp === undefined ? req.resume : from <= cp + step
  let rows = 0
  let written = 0
  let reached = from
  const progress = (): BackfillProgress => ({ venue, symbol, kind, rows, written, from, to: req.to, reached })
  if (from >= req.to) return { ...progress(), startedAt: from, checkpoint: cp, upToDate: true }

  for await (const batch of source.backfill({ symbol, kind, tf, from, to: req.to, signal: req.signal })) {
    if (req.signal?.aborted) break
    const own = batch.filter((e): e is Exclude<MarketEvent, DisconnectEvent> => e.type !== 'disconnect')
    // Pages come oldest first and cover the span as far as the venue has data, so a continuous
    // run may move the checkpoint to the newest complete row of each page.
    let last: UtcMs | undefined
    for (const e of own) {
      if (countsFor(kind, e) && (last === undefined || e.ts > last)) last = e.ts
    }
    const checkpoints: Checkpoint[] =
      continuous && last !== undefined && (cp === undefined || last > cp)
        ? [{ venue, symbol, kind, tf: cpTf, lastTs: last }]
        : []
    if (req.sink) {
      await req.sink(own)
      if (checkpoints.length > 0) store.writeBatch({ checkpoints })
    } else {
      written += store.insertEvents(own, checkpoints).written
    }
    if (checkpoints.length > 0) cp = checkpoints[0].lastTs
    rows += own.length
    for (const e of own) if (e.ts > reached) reached = e.ts
    req.onProgress?.(progress())
  }
  if (kind === 'bars') {
    const advanced = store.advanceBarCheckpoint(venue, symbol, cpTf)
    if (advanced !== undefined) cp = advanced
  }
  return { ...progress(), startedAt: from, checkpoint: cp, upToDate: false }
}

/** Whether an event moves the checkpoint of `kind` (forming bars do not). */
function countsFor(kind: BackfillKind, e: MarketEvent): boolean {
  if (kind === 'bars') return e.type === 'bar' && e.closed
  if (kind === 'open_interest') return e.type === 'open_interest'
  return e.type === 'funding' && !e.predicted
}
