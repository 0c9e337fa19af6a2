import { describe, expect, it } from 'vitest'
import type { BarEvent, MarketEvent } from '../../core/events.ts'
import type { Venue } from '../../core/types.ts'
import type { BackfillOptions } from '../../exchanges/types.ts'
import { MarketHub } from '../market-hub.ts'
import { createLiveSource, type LiveVenue } from './live.ts'

const M = 60_000
const NOW = Date.UTC(2026, 0, 10, 12, 0)

function bar(venue: Venue, ts: number, tf: string, close: number, closed: boolean): BarEvent {
  return {
    type: 'bar',
    venue,
    symbol: 'BTCUSDT',
    ts,
    localTs: ts,
    tf,
    open: close - 5,
    high: close + 10,
    low: close - 10,
    close,
    volume: 3,
    closed,
  }
}

/** A venue that backfills 5m bars and open interest for the asked span and streams given events. */
function fakeVenue(
  venue: Venue,
  live: MarketEvent[],
  reachable = true,
  go: Promise<void> = Promise.resolve(),
): LiveVenue {
  return {
    venue,
    markets: () => (reachable ? Promise.resolve([]) : Promise.reject(new Error('ENOTFOUND'))),
    status: () => [
      {
        venue,
        stream: 'bars:BTCUSDT',
        state: 'open',
        lastMessageTs: NOW,
        messages: 1,
        reconnects: 0,
      },
    ],
    async *backfill(o: BackfillOptions): AsyncIterable<MarketEvent[]> {
      const page: MarketEvent[] = []
      const step = o.kind === 'bars' ? 5 * M : o.kind === 'open_interest' ? 5 * M : 8 * 60 * M
      const first = Math.ceil(Math.max(o.from, NOW - 3 * 86_400_000) / step) * step
      for (let t = first; t < Math.min(o.to, NOW); t += step) {
        if (o.kind === 'bars')
          page.push(bar(venue, t, '5m', 100_000 + Math.sin(t / 3e6) * 500, true))
        else if (o.kind === 'open_interest')
          page.push({
            type: 'open_interest',
            venue,
            symbol: 'BTCUSDT',
            ts: t,
            localTs: t,
            oi: 50_000 + (t % 7),
          })
        else
          page.push({
            type: 'funding',
            venue,
            symbol: 'BTCUSDT',
            ts: t,
            localTs: t,
            rate: 1e-4,
            intervalHours: 8,
            predicted: false,
          })
      }
      yield page
    },
    async *stream(o: { signal: AbortSignal }): AsyncIterable<MarketEvent> {
      await go // streams start once the test says so (after the history is in)
      for (const e of live) yield e
      await new Promise<void>((r) => o.signal.addEventListener('abort', () => r(), { once: true }))
    },
  }
}

describe('live source', () => {
  it('says plainly when no venue answers', async () => {
    const r = await createLiveSource({
      createSource: (v) => fakeVenue(v, [], false),
      venues: ['binance', 'okx'],
    })
    expect(r).toMatch(/^no venue can be reached \(binance: ENOTFOUND; okx: ENOTFOUND\)/)
  })

  it('loads the backfilled history, then rolls streamed 1m bars into 5m bars', async () => {
    const started = Date.now()
    const minutes = [0, 1, 2, 3, 4].map((i) => bar('binance', NOW + i * M, '1m', 100_100 + i, true))
    const other = [bar('okx', NOW, '1m', 1, true)] // only the primary venue's bars make candles
    let go = (): void => {}
    const streaming = new Promise<void>((r) => (go = r))
    const src = await createLiveSource({
      createSource: (v) => fakeVenue(v, v === 'binance' ? minutes : other, true, streaming),
      venues: ['binance', 'okx'],
      db: ':memory:',
      lookbackDays: 2,
      now: () => NOW + (Date.now() - started), // a moving clock: the collector batches by time
    })
    if (typeof src === 'string') throw new Error(src)
    const hub = new MarketHub()
    const closed: number[] = []
    hub.onBar((_m, b, c) => {
      if (c) closed.push(b.ts)
    })
    const ac = new AbortController()
    await src.start(hub, ac.signal)
    const m = hub.get('BTCUSDT')
    expect(m?.bars.length).toBeGreaterThanOrEqual(2 * 288 - 1) // the collector starts the lookback a few ms after NOW − 2 d
    expect(m?.bars[m.bars.length - 1].ts).toBe(NOW - 5 * M)
    expect(m?.openInterest.length).toBeGreaterThan(0)
    expect(new Set(m?.openInterest.map((p) => p.venue))).toEqual(new Set(['binance', 'okx']))
    go()
    const t0 = Date.now()
    while (closed.length === 0 && Date.now() - t0 < 3000)
      await new Promise((r) => setTimeout(r, 20))
    expect(closed).toEqual([NOW])
    const last = m?.bars[m.bars.length - 1]
    expect(last).toMatchObject({ ts: NOW, open: 100_095, close: 100_104, volume: 15 })
    expect(src.kind).toBe('live')
    expect(src.status().map((s) => s.name)).toEqual(['binance bars:BTCUSDT', 'okx bars:BTCUSDT'])
    ac.abort()
  })
})
