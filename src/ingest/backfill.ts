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

type SegmentMode = 'start' | 'extend' | 'prepend' | 'none'

interface Segment {
  readonly from: UtcMs
  readonly to: UtcMs
  /** How the segment moves the checkpoint: start it, extend its end, widen its start, or not. */
  readonly mode: SegmentMode
}

/** The spans to fetch given the checkpoint span (resume) or the request alone (gap fill). */
function planSegments(
  req: BackfillRequest,
  span: { firstTs: UtcMs; lastTs: UtcMs } | undefined,
  step: number,
): Segment[] {
  if (span === undefined)
    return [{ from: req.from, to: req.to, mode: req.resume ? 'start' : 'none' }]
  if (!req.resume) {
    const touches = req.from <= span.lastTs + step && req.to > span.lastTs
    return [{ from: req.from, to: req.to, mode: touches ? 'extend' : 'none' }]
  }
  const out: Segment[] = []
  if (!req.bridge && req.from < span.firstTs)
    out.push({ from: req.from, to: Math.min(span.firstTs, req.to), mode: 'prepend' })
  const tail = req.bridge ? span.lastTs + step : Math.max(req.from, span.lastTs + step)
  if (tail < req.to) out.push({ from: tail, to: req.to, mode: 'extend' })
  return out
}

export async function runBackfill(req: BackfillRequest): Promise<BackfillResult> {
  const { source, store, symbol, kind } = req
  const venue = source.venue
  const cpTf = checkpointTf(kind, req.tf)
  const tf =
    kind === 'bars' ? cpTf : kind === 'open_interest' ? canonicalTf(req.tf ?? '5m') : undefined
  const step = kind === 'bars' ? tfMs(cpTf) : 1
  const segments = planSegments(req, store.getCheckpointSpan(venue, symbol, kind, cpTf), step)
  const from = segments.length > 0 ? segments[0].from : req.to
  let rows = 0
  let written = 0
  let reached = from
  const progress = (): BackfillProgress => ({
    venue,
    symbol,
    kind,
    rows,
    written,
    from,
    to: req.to,
    reached,
  })

  for (const seg of segments) {
    for await (const batch of source.backfill({
      symbol,
      kind,
      tf,
      from: seg.from,
      to: seg.to,
      signal: req.signal,
    })) {
      if (req.signal?.aborted) break
      const own = batch.filter(
        (e): e is Exclude<MarketEvent, DisconnectEvent> => e.type !== 'disconnect',
      )
      // Pages come oldest first and cover the span as far as the venue has data, so the newest
      // complete row of each page is a safe checkpoint end for a segment continuous with it.
      let last: UtcMs | undefined
      for (const e of own)
        if (countsFor(kind, e) && (last === undefined || e.ts > last)) last = e.ts
      const checkpoints: Checkpoint[] =
        last !== undefined && (seg.mode === 'start' || seg.mode === 'extend')
          ? [
              {
                venue,
                symbol,
                kind,
                tf: cpTf,
                firstTs: seg.mode === 'start' ? seg.from : undefined,
                lastTs: last,
              },
            ]
          : []
      if (req.sink) {
        await req.sink(own)
        if (checkpoints.length > 0) store.writeBatch({ checkpoints })
      } else {
        written += store.insertEvents(own, checkpoints).written
      }
      rows += own.length
      for (const e of own) if (e.ts > reached) reached = e.ts
      req.onProgress?.(progress())
    }
    if (req.signal?.aborted) break
    const cp = store.getCheckpointSpan(venue, symbol, kind, cpTf)
    if (seg.mode === 'prepend' && cp !== undefined) {
      store.writeBatch({
        checkpoints: [{ venue, symbol, kind, tf: cpTf, firstTs: seg.from, lastTs: cp.lastTs }],
      })
    }
  }
  const checkpoint =
    kind === 'bars'
      ? store.advanceBarCheckpoint(venue, symbol, cpTf)
      : store.getCheckpoint(venue, symbol, kind, cpTf)
  return { ...progress(), startedAt: from, checkpoint, upToDate: segments.length === 0 }
}

/** Whether an event moves the checkpoint of `kind` (forming bars do not). */
function countsFor(kind: BackfillKind, e: MarketEvent): boolean {
  if (kind === 'bars') return e.type === 'bar' && e.closed
  if (kind === 'open_interest') return e.type === 'open_interest'
  return e.type === 'funding' && !e.predicted
}
