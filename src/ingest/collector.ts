/**
 * The Collector: for each venue, backfills the lookback by REST (resuming from checkpoints) while
 * its live stream already runs, then keeps streaming. Every outage is recorded as a stream gap and
 * backfilled by REST: a DisconnectEvent or a failed/ended stream (from the last event before it to
 * the first after it), missing closed bars in the stream, and the time liqheat itself was not
 * running (from the venue's stored heartbeat to the start). Live events are deduplicated by natural
 * key and published on the bus in small batches; the StoreWriter (a bus subscriber) persists them.
 * Liquidations and trades have no REST history: their loss in a gap is recorded, not invented.
 * Here: the backfill-then-stream orchestration and the status; the parts are in
 * collector-stream.ts (the live stream and its gap detection), collector-rest.ts (backfills, gap
 * fills, refreshes) and collector-context.ts (shared options, run states and publishing).
 * @module
 */
import type { Venue } from '../core/types.ts'
import { CollectorContext } from './collector-context.ts'
import { backfillWithRetries, maintainVenue } from './collector-rest.ts'
import { streamVenue } from './collector-stream.ts'
import type { CollectorOptions, CollectorSource, VenueRunState } from './collector-types.ts'

export {
  sleep,
  type CollectorOptions,
  type CollectorSource,
  type VenueRunState,
} from './collector-types.ts'

export class Collector {
  private readonly _c: CollectorContext

  constructor(o: CollectorOptions) {
    this._c = new CollectorContext(o)
  }

  /** Per-venue run state, for status lines. */
  get states(): ReadonlyMap<Venue, Readonly<VenueRunState>> {
    return this._c.states
  }

  /** True when every venue streams with no backfill or gap fill running or queued. */
  idle(): boolean {
    for (const st of this._c.states.values()) {
      if (st.phase !== 'streaming' || st.filling || st.jobs.length > 0 || st.down !== undefined)
        return false
    }
    return true
  }

  /** Runs until `signal` aborts; resolves after the last events were committed. */
  async run(signal: AbortSignal): Promise<void> {
    const c = this._c
    const timer = setInterval(() => void c.publishDue(false), c.o.publishMs ?? 100)
    timer.unref()
    try {
      await Promise.all(c.o.sources.map((s) => this._runVenue(s, signal)))
    } finally {
      clearInterval(timer)
      await c.publishDue(true)
      c.o.writer.flush()
    }
  }

  private async _runVenue(source: CollectorSource, signal: AbortSignal): Promise<void> {
    const c = this._c
    const st = c.state(source.venue)
    const start = c.now()
    st.startedAt = start
    const hb = c.o.store.heartbeat(source.venue)
    const lookbackFrom = start - c.o.lookbackMs
    let restartGap: number | undefined
    if (hb !== undefined && start - hb.localTs >= (c.o.restartGapMs ?? 0)) {
      // Recorded now (so a crash before the first event keeps it) and extended to the first event.
      const reason = 'liqheat was not running'
      restartGap = c.o.store.recordGap({ venue: source.venue, from: hb.ts, to: start, reason })
      st.gapsRecorded++
      st.down = { from: hb.ts, reason, gapId: restartGap }
    }
    // Mark the start as stream progress at once: if this run dies before its first commit, the
    // next run still knows the outage began here.
    c.o.store.writeBatch({ heartbeats: [{ venue: source.venue, ts: start, localTs: start }] })
    // Gaps a previous run recorded but did not fill (it was stopped or killed) are filled now.
    for (const g of c.o.store.gaps({ venue: source.venue, open: true })) {
      if (g.id === restartGap) continue
      const symbols = g.symbol === undefined ? c.o.symbols : [g.symbol]
      st.jobs.push({ id: g.id, from: g.from, to: g.to, symbols, kinds: c.kinds })
    }
    const streaming = streamVenue(c, source, st, signal)
    st.phase = 'backfilling'
    let ok = true
    for (const symbol of c.o.symbols) {
      for (const kind of c.kinds) {
        ok =
          (await backfillWithRetries(
            c,
            source,
            symbol,
            kind,
            lookbackFrom,
            c.now(),
            true,
            signal,
          )) && ok
      }
    }
    if (!ok) c.o.log?.(`${source.venue}: lookback backfill incomplete; the next refresh retries it`)
    if (!signal.aborted) st.phase = 'streaming'
    await Promise.all([streaming, maintainVenue(c, source, st, signal)])
    st.phase = 'stopped'
  }
}
