/**
 * The REST side of a venue's run: backfills with retries (a venue without some kind of history
 * is noted once), their pages published and committed before the checkpoint moves, and the loop
 * that fills recorded gaps and periodically refreshes every kind from its checkpoint.
 * @module
 */
import { ExchangeError, UsageError } from '../core/errors.ts'
import type { MarketEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import type { BackfillKind } from '../exchanges/types.ts'
import { runBackfill } from './backfill.ts'
import type { CollectorContext } from './collector-context.ts'
import { sleep, type CollectorSource, type VenueRunState } from './collector-types.ts'

/** One backfill with retries; false when it gave up (logged). */
export async function backfillWithRetries(
  c: CollectorContext,
  source: CollectorSource,
  symbol: string,
  kind: BackfillKind,
  from: UtcMs,
  to: UtcMs,
  resume: boolean,
  signal: AbortSignal,
): Promise<boolean> {
  const st = c.state(source.venue)
  if (st.unavailable.has(kind)) return true
  for (let attempt = 0; attempt < (c.o.gapAttempts ?? 5); attempt++) {
    if (signal.aborted) return false
    try {
      await runBackfill({
        source,
        store: c.o.store,
        symbol,
        kind,
        tf: kind === 'bars' ? c.tf : undefined,
        from,
        to,
        resume,
        bridge: resume,
        signal,
        sink: (batch) => sink(c, source.venue, batch),
        onProgress: c.o.onBackfillProgress,
      })
      return true
    } catch (err) {
      if (signal.aborted) return false
      if (err instanceof ExchangeError || err instanceof UsageError) {
        // The venue does not offer this history (e.g. Hyperliquid open interest): say so once.
        st.unavailable.add(kind)
        c.o.log?.(`${source.venue}: no ${kind} history by REST: ${err.message}`)
        return true
      }
      st.lastError = `${kind} ${symbol} backfill: ${(err as Error).message}`
      c.o.log?.(`${source.venue}: ${st.lastError} (attempt ${attempt + 1})`)
      await sleep(c.retryDelay(attempt), signal)
    }
  }
  return false
}

/** Publishes a backfilled page (deduplicated) and commits it before the checkpoint moves. */
async function sink(
  c: CollectorContext,
  venue: Venue,
  batch: readonly MarketEvent[],
): Promise<void> {
  const st = c.state(venue)
  const fresh = batch.filter((e) => e.type === 'disconnect' || !st.dedup.seen(e))
  await c.publishDue(true)
  if (fresh.length > 0) await c.o.bus.publish(fresh)
  c.o.writer.flush()
}

/**
 * Works through recorded gaps one at a time (a venue's REST budget is shared) and, every
 * `refreshMs`, resumes each kind from its checkpoint: settled funding (and open interest where
 * the stream has none) only arrives by REST.
 */
export async function maintainVenue(
  c: CollectorContext,
  source: CollectorSource,
  st: VenueRunState,
  signal: AbortSignal,
): Promise<void> {
  const every = c.o.refreshMs ?? 300_000
  let nextRefresh = Date.now() + every
  while (!signal.aborted) {
    const job = st.jobs.shift()
    if (job === undefined) {
      if (Date.now() >= nextRefresh) {
        st.filling = true
        for (const symbol of c.o.symbols) {
          for (const kind of c.kinds)
            await backfillWithRetries(c, source, symbol, kind, c.now(), c.now(), true, signal)
        }
        st.filling = false
        nextRefresh = Date.now() + every
      }
      await sleep(Math.min(100, every), signal)
      continue
    }
    const from = Math.floor(job.from / c.tfMs) * c.tfMs
    const to = job.to + c.tfMs
    let ok = true
    st.filling = true
    for (const symbol of job.symbols) {
      for (const kind of job.kinds)
        ok = (await backfillWithRetries(c, source, symbol, kind, from, to, false, signal)) && ok
    }
    st.filling = false
    if (ok) {
      c.o.store.markGapFilled(job.id)
      st.gapsFilled++
    } else if (!signal.aborted) {
      c.o.log?.(
        `${st.venue}: gap #${job.id} left open after retries (${st.lastError ?? 'unknown error'})`,
      )
    }
  }
}
