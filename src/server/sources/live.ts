/**
 * The live source: checks which venues answer, then runs the ingest Collector (REST backfill of
 * the lookback into the SQLite store, then streams; outages are backfilled), loads the history
 * from the store and feeds the market hub from the event bus. The venues' 1m klines are rolled
 * up into the server's 5m bars; open interest, funding, liquidations and books pass through.
 * Resolves to a reason string when no venue can be reached.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isoUtc } from '../../core/time.ts'
import { VENUES, type UtcMs, type Venue } from '../../core/types.ts'
import { InProcessBus } from '../../ingest/bus.ts'
import { Collector, type CollectorSource } from '../../ingest/collector.ts'
import { StoreWriter } from '../../ingest/store-writer.ts'
import { openStore } from '../../store/open-store.ts'
import { retainPeriodically } from '../../store/retention-timer.ts'
import { DEFAULT_DB_PATH, DEFAULT_OI_FULL_RES_MS, type RetentionPolicy } from '../../store/store.ts'
import type { MarketSource, SourceSink, StreamState, StreamStatus } from '../source.ts'
import { BarRollup } from './rollup.ts'

const MIN = 60_000
/** The server's bar length for live data. */
export const LIVE_TF_MS = 5 * MIN

/**
 * What the live source keeps of what it stores: open interest thinned to about a sample a minute
 * after 6 h (lossless for 1m+ bars), book snapshots for 24 h (the chart reads books live, never
 * from the store). Bars, liquidations and the rest are kept: they are the history the next start
 * replays. Applied a minute after start, then hourly.
 */
export const LIVE_RETENTION: RetentionPolicy = Object.freeze({
  openInterestThinMs: DEFAULT_OI_FULL_RES_MS,
  booksMs: 24 * 3_600_000,
})

export type LiveVenue = CollectorSource & { markets?(): Promise<unknown> }

export interface LiveOptions {
  readonly symbol?: string
  /** SQLite file the collector writes (default ./data/liqheat.db). */
  readonly db?: string
  /** History backfilled on the first run (later runs resume from the store). Default 21 days. */
  readonly lookbackDays?: number
  readonly venues?: readonly Venue[]
  /** Adapter factory (tests pass fakes); default the exchange registry. */
  readonly createSource?: (venue: Venue) => LiveVenue
  readonly probeTimeoutMs?: number
  /** Longest wait for the first backfill before the history is loaded as it is. */
  readonly historyTimeoutMs?: number
  readonly log?: (line: string) => void
  readonly now?: () => UtcMs
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(t)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}

async function defaultFactory(): Promise<(venue: Venue) => LiveVenue> {
  const spec = '../../exchanges/registry.ts'
  const mod = (await import(spec)) as { createAdapter: (v: Venue) => LiveVenue }
  return (v) => mod.createAdapter(v)
}

/** Probes the venues and returns the live source, or why there is none. */
export async function createLiveSource(opts: LiveOptions = {}): Promise<MarketSource | string> {
  const venues = opts.venues ?? VENUES
  let factory = opts.createSource
  if (!factory) {
    try {
      factory = await defaultFactory()
    } catch (err) {
      return `the exchange connectors could not be loaded (${err instanceof Error ? err.message : String(err)})`
    }
  }
  const make = factory
  const timeout = opts.probeTimeoutMs ?? 6000
  opts.log?.(`live: checking ${venues.join(', ')}…`)
  const probes = await Promise.all(
    venues.map(async (v) => {
      try {
        const s = make(v)
        if (s.markets) await withTimeout(s.markets(), timeout)
        return { venue: v, source: s }
      } catch (err) {
        return { venue: v, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) }
      }
    }),
  )
  const ok = probes.flatMap((p) => (p.source ? [p.source] : []))
  if (ok.length === 0)
    return `no venue can be reached (${probes.map((p) => `${p.venue}: ${p.reason ?? '?'}`).join('; ')})`
  for (const p of probes)
    if (!p.source) opts.log?.(`live: ${p.venue} unreachable (${p.reason}); going on without it`)
  return new LiveSource(ok, opts)
}

const STATE: Record<string, StreamState> = {
  connecting: 'connecting',
  open: 'open',
  stale: 'reconnecting',
  closed: 'closed',
}

class LiveSource implements MarketSource {
  readonly kind = 'live' as const
  readonly expectedIntervalMs = 20_000
  private readonly _symbol: string
  private _collector: Collector | undefined
  private _phase = 'starting'

  constructor(
    private readonly _sources: readonly LiveVenue[],
    private readonly _o: LiveOptions,
  ) {
    this._symbol = _o.symbol ?? 'BTCUSDT'
  }

  get description(): string {
    return `live ${this._symbol} from ${this._sources.map((s) => s.venue).join(', ')} (${this._phase})`
  }

  status(): readonly StreamStatus[] {
    const out: StreamStatus[] = []
    for (const s of this._sources) {
      const st = this._collector?.states.get(s.venue)
      for (const x of s.status())
        out.push({
          name: `${x.venue} ${x.stream}`,
          venue: x.venue,
          symbol: this._symbol,
          state: STATE[x.state] ?? 'connecting',
          ...(x.lastMessageTs !== undefined ? { lastEventAt: x.lastMessageTs } : {}),
          ...(x.note || st?.phase === 'backfilling'
            ? {
                detail: [st?.phase === 'backfilling' ? 'backfilling' : '', x.note ?? '']
                  .filter(Boolean)
                  .join('; '),
              }
            : {}),
        })
    }
    return out
  }

  async start(sink: SourceSink, signal: AbortSignal): Promise<void> {
    const log = this._o.log ?? (() => undefined)
    const now = this._o.now ?? Date.now
    const lookbackMs = (this._o.lookbackDays ?? 21) * 86_400_000
    const store = openStore(this._o.db ?? DEFAULT_DB_PATH)
    const bus = new InProcessBus()
    const writer = new StoreWriter(store, {
      onError: (err) => log(`live: store write failed (retrying): ${(err as Error).message}`),
    })
    writer.attach(bus)
    const collector = new Collector({
      sources: this._sources,
      store,
      bus,
      writer,
      symbols: [this._symbol],
      lookbackMs,
      tf: '5m',
      now,
      log: (l) => log(`live: ${l}`),
    })
    this._collector = collector
    const primary =
      VENUES.find((v) => this._sources.some((s) => s.venue === v)) ?? this._sources[0].venue
    const rollup = new BarRollup(LIVE_TF_MS)
    let loaded = false
    const pending: MarketEvent[] = []
    const dispatch = (batch: readonly MarketEvent[]): void => {
      for (const e of batch)
        if (e.type !== 'disconnect' && e.symbol === this._symbol)
          this._apply(sink, e, primary, rollup)
    }
    bus.subscribe((batch) => {
      if (loaded) dispatch(batch)
      else pending.push(...batch.filter((e) => e.type !== 'book' && e.type !== 'trade'))
    })
    this._phase = 'backfilling'
    const running = collector
      .run(signal)
      .catch((err: unknown) => log(`live: collector stopped: ${String(err)}`))
    const stopRetention = retainPeriodically(store, LIVE_RETENTION, (l) => log(`live: ${l}`), {
      now,
    })
    void running.finally(() => {
      stopRetention()
      writer.close()
      store.close()
    })
    const deadline = Date.now() + (this._o.historyTimeoutMs ?? 300_000)
    log(
      `live: backfilling ${this._symbol} (${this._o.lookbackDays ?? 21} days) into ${store.path}…`,
    )
    while (!signal.aborted && Date.now() < deadline) {
      const phases = [...collector.states.values()].map((s) => s.phase)
      if (phases.every((p) => p === 'streaming' || p === 'stopped')) break
      await new Promise((r) => setTimeout(r, 250))
    }
    writer.flush()
    const from = Math.floor((now() - lookbackMs) / LIVE_TF_MS) * LIVE_TF_MS
    const history = store.loadMarket({ symbol: this._symbol, tf: '5m', from })
    sink.loadHistory(history, { venues: this._sources.map((s) => s.venue) })
    const last = history.bars[history.bars.length - 1]
    log(
      `live: ${history.bars.length} bars of history up to ${last ? isoUtc(last.ts + LIVE_TF_MS) : '—'}; streaming`,
    )
    loaded = true
    this._phase = 'streaming'
    dispatch(pending.splice(0))
  }

  private _apply(
    sink: SourceSink,
    e: Exclude<MarketEvent, { type: 'disconnect' }>,
    primary: Venue,
    rollup: BarRollup,
  ): void {
    const s = this._symbol
    switch (e.type) {
      case 'bar': {
        if (e.venue !== primary) return
        const bar = {
          ts: e.ts,
          open: e.open,
          high: e.high,
          low: e.low,
          close: e.close,
          ...(e.volume !== undefined ? { volume: e.volume } : {}),
          ...(e.quoteVolume !== undefined ? { quoteVolume: e.quoteVolume } : {}),
          ...(e.takerBuyVolume !== undefined ? { takerBuyVolume: e.takerBuyVolume } : {}),
          ...(e.takerBuyQuoteVolume !== undefined
            ? { takerBuyQuoteVolume: e.takerBuyQuoteVolume }
            : {}),
        }
        const m = /^(\d+)m$/.exec(e.tf)
        const subMs = m ? Number(m[1]) * MIN : undefined
        if (subMs === LIVE_TF_MS) sink.bar(s, bar, e.closed)
        else if (subMs !== undefined && LIVE_TF_MS % subMs === 0)
          for (const o of rollup.push(bar, subMs, e.closed)) sink.bar(s, o.bar, o.closed)
        return
      }
      case 'open_interest':
        sink.openInterest(s, {
          ts: e.ts,
          oi: e.oi,
          venue: e.venue,
          ...(e.oiUsd !== undefined ? { oiUsd: e.oiUsd } : {}),
        })
        return
      case 'funding':
        if (!e.predicted)
          sink.funding(s, { ts: e.ts, rate: e.rate, intervalHours: e.intervalHours })
        return
      case 'liquidation':
        sink.liquidation(s, {
          ts: e.ts,
          venue: e.venue,
          symbol: s,
          side: e.side,
          price: e.price,
          qty: e.qty,
          usd: e.usd,
        })
        return
      case 'book':
        sink.book(s, e)
        return
      case 'trade':
        return
    }
  }
}
