/**
 * The live side of a venue's run: the stream, reconnected with backoff, and the state machine its
 * events drive. An outage (a DisconnectEvent, a failed or ended stream, missing closed bars) is
 * recorded as a gap and queued for a REST fill; the other events are deduplicated and buffered for
 * the bus.
 * @module
 */
import type { DisconnectEvent, MarketEvent } from '../core/events.ts'
import type { UtcMs } from '../core/types.ts'
import type { BackfillKind } from '../exchanges/types.ts'
import type { CollectorContext } from './collector-context.ts'
import { sleep, type CollectorSource, type VenueRunState } from './collector-types.ts'

export async function streamVenue(
  c: CollectorContext,
  source: CollectorSource,
  st: VenueRunState,
  signal: AbortSignal,
): Promise<void> {
  let attempt = 0
  while (!signal.aborted) {
    try {
      for await (const e of source.stream({
        symbols: c.o.symbols,
        channels: c.o.channels,
        signal,
      })) {
        if (signal.aborted) break
        attempt = 0
        await onStreamEvent(c, st, e)
      }
      if (signal.aborted) break
      onDisconnect(c, st, {
        type: 'disconnect',
        venue: st.venue,
        localTs: c.now(),
        reason: 'stream ended',
      })
    } catch (err) {
      if (signal.aborted) break
      st.lastError = `stream: ${(err as Error).message}`
      c.o.log?.(`${st.venue}: ${st.lastError}`)
      onDisconnect(c, st, {
        type: 'disconnect',
        venue: st.venue,
        localTs: c.now(),
        reason: st.lastError,
      })
    }
    await sleep(c.retryDelay(attempt++), signal)
  }
}

export function onDisconnect(c: CollectorContext, st: VenueRunState, e: DisconnectEvent): void {
  if (st.down === undefined) st.down = { from: st.lastTs ?? e.localTs, reason: e.reason }
  if (st.buffer.length === 0) st.bufferSince = c.now()
  st.buffer.push(e)
}

export async function onStreamEvent(
  c: CollectorContext,
  st: VenueRunState,
  e: MarketEvent,
): Promise<void> {
  if (e.type === 'disconnect') return onDisconnect(c, st, e)
  if (st.down !== undefined) {
    // Our receive time: anything sent while we were away has an exchange time before it.
    const to = Math.max(e.localTs, st.down.from)
    recordGap(c, st, st.down.from, to, st.down.reason, c.o.symbols, c.kinds, st.down.gapId)
    st.down = undefined
    st.lastClosedBar.clear()
  }
  // Before dedup: a streamed bar the REST backfill already delivered still shows the stream is whole.
  if (e.type === 'bar' && e.closed && e.tf === c.tf) {
    const prev = st.lastClosedBar.get(e.symbol)
    if (prev !== undefined && e.ts > prev + c.tfMs) {
      recordGap(c, st, prev + c.tfMs, e.ts, 'bars missing in the stream', [e.symbol], ['bars'])
    }
    if (prev === undefined || e.ts > prev) st.lastClosedBar.set(e.symbol, e.ts)
  }
  if (st.dedup.seen(e)) return
  if (st.lastTs === undefined || e.ts > st.lastTs) st.lastTs = e.ts
  if (st.buffer.length === 0) st.bufferSince = c.now()
  st.buffer.push(e)
  if (st.buffer.length >= (c.o.publishRows ?? 500)) await c.publish(st)
}

export function recordGap(
  c: CollectorContext,
  st: VenueRunState,
  from: UtcMs,
  to: UtcMs,
  reason: string,
  symbols: readonly string[],
  kinds: readonly BackfillKind[],
  existing?: number,
): void {
  let id = existing
  if (id === undefined) {
    const symbol = symbols.length === 1 && c.o.symbols.length > 1 ? symbols[0] : undefined
    id = c.o.store.recordGap({ venue: st.venue, symbol, from, to, reason })
    st.gapsRecorded++
  } else {
    c.o.store.extendGap(id, to)
  }
  st.jobs.push({ id, from, to, symbols, kinds })
  c.o.log?.(
    `${st.venue}: gap ${new Date(from).toISOString()} → ${new Date(to).toISOString()} (${reason}); backfilling`,
  )
}
