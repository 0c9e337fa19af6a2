/**
 * The Collector: for each venue, backfills the lookback by REST (resuming from checkpoints) while
 * its live stream already runs, then keeps streaming. Every outage is recorded as a stream gap and
 * backfilled by REST: a DisconnectEvent or a failed/ended stream (from the last event before it to
 * the first after it), missing closed bars in the stream, and the time liqheat itself was not
 * running (from the venue's stored heartbeat to the start). Live events are deduplicated by natural
 * key and published on the bus in small batches; the StoreWriter (a bus subscriber) persists them.
 * Liquidations and trades have no REST history: their loss in a gap is recorded, not invented.
 * @module
 */
import { ensureDefined, ExchangeError, UsageError } from '../core/errors.ts'
import type { DisconnectEvent, MarketEvent } from '../core/events.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import { Dedup } from '../exchanges/dedup.ts'
import type { BackfillKind } from '../exchanges/types.ts'
import { canonicalTf, tfMs } from '../store/event-rows.ts'
import { runBackfill } from './backfill.ts'
import {
  sleep,
  type CollectorOptions,
  type CollectorSource,
  type VenueRunState,
} from './collector-types.ts'

export {
  sleep,
  type CollectorOptions,
  type CollectorSource,
  type VenueRunState,
} from './collector-types.ts'

const ALL_KINDS: readonly BackfillKind[] = ['bars', 'open_interest', 'funding']

export class Collector {
  private readonly _states = new Map<Venue, VenueRunState>()
  private readonly _now: () => UtcMs
  private readonly _tf: string
  private readonly _tfMs: number
  private readonly _kinds: readonly BackfillKind[]

  constructor(private readonly _o: CollectorOptions) {
    this._now = _o.now ?? Date.now
    this._tf = canonicalTf(_o.tf ?? '1m')
    this._tfMs = tfMs(this._tf)
    this._kinds = _o.kinds ?? ALL_KINDS
    for (const s of _o.sources) {
      this._states.set(s.venue, {
        venue: s.venue,
        startedAt: 0,
        phase: 'starting',
        lastClosedBar: new Map(),
        dedup: new Dedup(100_000),
        jobs: [],
        buffer: [],
        bufferSince: 0,
        filling: false,
        gapsRecorded: 0,
        gapsFilled: 0,
        unavailable: new Set(),
      })
    }
  }

  /** Per-venue run state, for status lines. */
  get states(): ReadonlyMap<Venue, Readonly<VenueRunState>> {
    return this._states
  }

  /** True when every venue streams with no backfill or gap fill running or queued. */
  idle(): boolean {
    for (const st of this._states.values()) {
      if (st.phase !== 'streaming' || st.filling || st.jobs.length > 0 || st.down !== undefined)
        return false
    }
    return true
  }

  /** Runs until `signal` aborts; resolves after the last events were committed. */
  async run(signal: AbortSignal): Promise<void> {
    const timer = setInterval(() => void this._publishDue(false), this._o.publishMs ?? 100)
    timer.unref()
    try {
      await Promise.all(this._o.sources.map((s) => this._runVenue(s, signal)))
    } finally {
      clearInterval(timer)
      await this._publishDue(true)
      this._o.writer.flush()
    }
  }

  private async _runVenue(source: CollectorSource, signal: AbortSignal): Promise<void> {
    const st = this._state(source.venue)
    const start = this._now()
    st.startedAt = start
    const hb = this._o.store.heartbeat(source.venue)
    const lookbackFrom = start - this._o.lookbackMs
    let restartGap: number | undefined
    if (hb !== undefined && start - hb.localTs >= (this._o.restartGapMs ?? 0)) {
      // Recorded now (so a crash before the first event keeps it) and extended to the first event.
      const reason = 'liqheat was not running'
      restartGap = this._o.store.recordGap({ venue: source.venue, from: hb.ts, to: start, reason })
      st.gapsRecorded++
      st.down = { from: hb.ts, reason, gapId: restartGap }
    }
    // Mark the start as stream progress at once: if this run dies before its first commit, the
    // next run still knows the outage began here.
    this._o.store.writeBatch({ heartbeats: [{ venue: source.venue, ts: start, localTs: start }] })
    // Gaps a previous run recorded but did not fill (it was stopped or killed) are filled now.
    for (const g of this._o.store.gaps({ venue: source.venue, open: true })) {
      if (g.id === restartGap) continue
      const symbols = g.symbol === undefined ? this._o.symbols : [g.symbol]
      st.jobs.push({ id: g.id, from: g.from, to: g.to, symbols, kinds: this._kinds })
    }
    const streaming = this._stream(source, st, signal)
    st.phase = 'backfilling'
    let ok = true
    for (const symbol of this._o.symbols) {
      for (const kind of this._kinds) {
        ok =
          (await this._backfill(source, symbol, kind, lookbackFrom, this._now(), true, signal)) &&
          ok
      }
    }
    if (!ok)
      this._o.log?.(`${source.venue}: lookback backfill incomplete; the next refresh retries it`)
    if (!signal.aborted) st.phase = 'streaming'
    await Promise.all([streaming, this._maintain(source, st, signal)])
    st.phase = 'stopped'
  }

  /** One backfill with retries; false when it gave up (logged). */
  private async _backfill(
    source: CollectorSource,
    symbol: string,
    kind: BackfillKind,
    from: UtcMs,
    to: UtcMs,
    resume: boolean,
    signal: AbortSignal,
  ): Promise<boolean> {
    const st = this._state(source.venue)
    if (st.unavailable.has(kind)) return true
    for (let attempt = 0; attempt < (this._o.gapAttempts ?? 5); attempt++) {
      if (signal.aborted) return false
      try {
        await runBackfill({
          source,
          store: this._o.store,
          symbol,
          kind,
          tf: kind === 'bars' ? this._tf : undefined,
          from,
          to,
          resume,
          bridge: resume,
          signal,
          sink: (batch) => this._sink(source.venue, batch),
          onProgress: this._o.onBackfillProgress,
        })
        return true
      } catch (err) {
        if (signal.aborted) return false
        if (err instanceof ExchangeError || err instanceof UsageError) {
          // The venue does not offer this history (e.g. Hyperliquid open interest): say so once.
          st.unavailable.add(kind)
          this._o.log?.(`${source.venue}: no ${kind} history by REST: ${err.message}`)
          return true
        }
        st.lastError = `${kind} ${symbol} backfill: ${(err as Error).message}`
        this._o.log?.(`${source.venue}: ${st.lastError} (attempt ${attempt + 1})`)
        await sleep(this._retryDelay(attempt), signal)
      }
    }
    return false
  }

  /** Publishes a backfilled page (deduplicated) and commits it before the checkpoint moves. */
  private async _sink(venue: Venue, batch: readonly MarketEvent[]): Promise<void> {
    const st = this._state(venue)
    const fresh = batch.filter((e) => e.type === 'disconnect' || !st.dedup.seen(e))
    await this._publishDue(true)
    if (fresh.length > 0) await this._o.bus.publish(fresh)
    this._o.writer.flush()
  }

  private async _stream(
    source: CollectorSource,
    st: VenueRunState,
    signal: AbortSignal,
  ): Promise<void> {
    let attempt = 0
    while (!signal.aborted) {
      try {
        for await (const e of source.stream({
          symbols: this._o.symbols,
          channels: this._o.channels,
          signal,
        })) {
          if (signal.aborted) break
          attempt = 0
          await this._onEvent(st, e)
        }
        if (signal.aborted) break
        this._onDisconnect(st, {
          type: 'disconnect',
          venue: st.venue,
          localTs: this._now(),
          reason: 'stream ended',
        })
      } catch (err) {
        if (signal.aborted) break
        st.lastError = `stream: ${(err as Error).message}`
        this._o.log?.(`${st.venue}: ${st.lastError}`)
        this._onDisconnect(st, {
          type: 'disconnect',
          venue: st.venue,
          localTs: this._now(),
          reason: st.lastError,
        })
      }
      await sleep(this._retryDelay(attempt++), signal)
    }
  }

  private _onDisconnect(st: VenueRunState, e: DisconnectEvent): void {
    if (st.down === undefined) st.down = { from: st.lastTs ?? e.localTs, reason: e.reason }
    if (st.buffer.length === 0) st.bufferSince = this._now()
    st.buffer.push(e)
  }

  private async _onEvent(st: VenueRunState, e: MarketEvent): Promise<void> {
    if (e.type === 'disconnect') return this._onDisconnect(st, e)
    if (st.down !== undefined) {
      // Our receive time: anything sent while we were away has an exchange time before it.
      const to = Math.max(e.localTs, st.down.from)
      this._gap(st, st.down.from, to, st.down.reason, this._o.symbols, this._kinds, st.down.gapId)
      st.down = undefined
      st.lastClosedBar.clear()
    }
    // Before dedup: a streamed bar the REST backfill already delivered still shows the stream is whole.
    if (e.type === 'bar' && e.closed && e.tf === this._tf) {
      const prev = st.lastClosedBar.get(e.symbol)
      if (prev !== undefined && e.ts > prev + this._tfMs) {
        this._gap(st, prev + this._tfMs, e.ts, 'bars missing in the stream', [e.symbol], ['bars'])
      }
      if (prev === undefined || e.ts > prev) st.lastClosedBar.set(e.symbol, e.ts)
    }
    if (st.dedup.seen(e)) return
    if (st.lastTs === undefined || e.ts > st.lastTs) st.lastTs = e.ts
    if (st.buffer.length === 0) st.bufferSince = this._now()
    st.buffer.push(e)
    if (st.buffer.length >= (this._o.publishRows ?? 500)) await this._publish(st)
  }

  private _gap(
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
      const symbol = symbols.length === 1 && this._o.symbols.length > 1 ? symbols[0] : undefined
      id = this._o.store.recordGap({ venue: st.venue, symbol, from, to, reason })
      st.gapsRecorded++
    } else {
      this._o.store.extendGap(id, to)
    }
    st.jobs.push({ id, from, to, symbols, kinds })
    this._o.log?.(
      `${st.venue}: gap ${new Date(from).toISOString()} → ${new Date(to).toISOString()} (${reason}); backfilling`,
    )
  }

  /**
   * Works through recorded gaps one at a time (a venue's REST budget is shared) and, every
   * `refreshMs`, resumes each kind from its checkpoint: settled funding (and open interest where
   * the stream has none) only arrives by REST.
   */
  private async _maintain(
    source: CollectorSource,
    st: VenueRunState,
    signal: AbortSignal,
  ): Promise<void> {
    const every = this._o.refreshMs ?? 300_000
    let nextRefresh = Date.now() + every
    while (!signal.aborted) {
      const job = st.jobs.shift()
      if (job === undefined) {
        if (Date.now() >= nextRefresh) {
          st.filling = true
          for (const symbol of this._o.symbols) {
            for (const kind of this._kinds)
              await this._backfill(source, symbol, kind, this._now(), this._now(), true, signal)
          }
          st.filling = false
          nextRefresh = Date.now() + every
        }
        await sleep(Math.min(100, every), signal)
        continue
      }
      const from = Math.floor(job.from / this._tfMs) * this._tfMs
      const to = job.to + this._tfMs
      let ok = true
      st.filling = true
      for (const symbol of job.symbols) {
        for (const kind of job.kinds)
          ok = (await this._backfill(source, symbol, kind, from, to, false, signal)) && ok
      }
      st.filling = false
      if (ok) {
        this._o.store.markGapFilled(job.id)
        st.gapsFilled++
      } else if (!signal.aborted) {
        this._o.log?.(
          `${st.venue}: gap #${job.id} left open after retries (${st.lastError ?? 'unknown error'})`,
        )
      }
    }
  }

  private async _publishDue(all: boolean): Promise<void> {
    const now = this._now()
    for (const st of this._states.values()) {
      if (st.buffer.length > 0 && (all || now - st.bufferSince >= (this._o.publishMs ?? 100)))
        await this._publish(st)
    }
  }

  private async _publish(st: VenueRunState): Promise<void> {
    const batch = st.buffer
    st.buffer = []
    if (batch.length > 0) await this._o.bus.publish(batch)
  }

  private _retryDelay(attempt: number): number {
    return Math.min((this._o.retryMs ?? 1000) * 2 ** attempt, this._o.maxRetryMs ?? 30_000)
  }

  private _state(venue: Venue): VenueRunState {
    return ensureDefined(this._states.get(venue), `collector state of ${venue}`)
  }
}
