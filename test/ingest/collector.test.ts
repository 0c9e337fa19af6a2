import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InProcessBus } from '../../src/ingest/bus.ts'
import { Collector, sleep, type CollectorSource } from '../../src/ingest/collector.ts'
import { StoreWriter } from '../../src/ingest/store-writer.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { MIN, createFakeVenue, tradesIn, type FakeVenue } from './fake-venue.ts'
import { verifyStore } from './verify-store.ts'

const SIM0 = Date.UTC(2026, 0, 1)
const DAY = 86_400_000
/** Simulated ms per real ms: one simulated minute every 3 real ms. */
const SPEED = 20_000

function simClock(): () => number {
  const real0 = Date.now()
  return () => SIM0 + (Date.now() - real0) * SPEED
}

const ceilMin = (ts: number): number => Math.ceil(ts / MIN) * MIN

/** Runs a collector until the clock passes `until` and it is idle, then stops it. */
async function collect(
  store: Store,
  sources: CollectorSource[],
  now: () => number,
  until: number,
  extra: { lookbackMs?: number } = {},
): Promise<{ c: Collector; from: number; liquidationsFrom: number }> {
  const bus = new InProcessBus()
  const writer = new StoreWriter(store, { maxDelayMs: 20 })
  writer.attach(bus)
  const c = new Collector({
    sources,
    store,
    bus,
    writer,
    symbols: ['BTCUSDT'],
    lookbackMs: extra.lookbackMs ?? DAY,
    now,
    retryMs: 5,
    refreshMs: 50,
    restartGapMs: 10 * MIN,
  })
  const ac = new AbortController()
  const done = c.run(ac.signal)
  const deadline = Date.now() + 20_000
  while (!(now() >= until && c.idle()) && Date.now() < deadline) await sleep(10)
  ac.abort()
  await done
  writer.close()
  const st = c.states.get(sources[0].venue)
  const from = ceilMin((st?.startedAt ?? 0) - (extra.lookbackMs ?? DAY))
  const fake = sources[0] as Partial<FakeVenue>
  return { c, from, liquidationsFrom: fake.streamStarts?.[0] ?? Infinity }
}

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-collect-'))
  store = openStore(join(dir, 'c.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('Collector', () => {
  it('backfills the lookback, streams, and backfills every outage: no gap, no duplicate, nothing invented', async () => {
    const now = simClock()
    // Down 6 simulated minutes out of every 97.
    const down = (ts: number): boolean =>
      Math.floor(ts / MIN) % 97 >= 40 && Math.floor(ts / MIN) % 97 < 46
    const venue = createFakeVenue({ venue: 'bybit', now, down })
    const { c, from, liquidationsFrom } = await collect(store, [venue], now, SIM0 + 300 * MIN)
    const end = store.getCheckpoint('bybit', 'BTCUSDT', 'bars', '1m')
    expect(end).toBeGreaterThanOrEqual(SIM0 + 290 * MIN)
    const gaps = store.gaps({ venue: 'bybit' })
    expect(gaps.length).toBeGreaterThanOrEqual(2)
    // Only the scheduled outages: the stream never skips a bar by itself.
    expect(gaps.filter((g) => g.reason !== 'scheduled outage')).toEqual([])
    expect(gaps.every((g) => g.filled)).toBe(true)
    expect(c.states.get('bybit')?.gapsFilled).toBe(gaps.length)
    const problems = verifyStore(store.path, {
      venue: 'bybit',
      symbol: 'BTCUSDT',
      from,
      to: (end ?? 0) + MIN,
      liquidationsFrom,
    })
    expect(problems).toEqual([])
    // Outages really cost streamed liquidations: some are missing, and all of those lie in gaps.
    const kept = store.loadMarket({ symbol: 'BTCUSDT', from: SIM0, to: SIM0 + 280 * MIN })
      .liquidationEvents.length
    expect(kept).toBeGreaterThan(50)
  })

  it('aggregates streamed trades into complete 1m trade bars with the taker split and CVD', async () => {
    const now = simClock()
    const venue = createFakeVenue({ venue: 'okx', now })
    await collect(store, [venue], now, SIM0 + 60 * MIN, { lookbackMs: 10 * MIN })
    const rows = store.loadTradeBars('okx', 'BTCUSDT')
    const complete = rows.filter((r) => r.complete)
    expect(complete.length).toBeGreaterThan(40)
    expect(rows[0].complete).toBe(false) // the first minute was joined part-way
    for (const r of complete) {
      const trades = tradesIn('okx', 'BTCUSDT', r.ts, r.ts + MIN)
      const vol = trades.reduce((s, t) => s + t.qty, 0)
      const buy = trades.filter((t) => t.takerSide === 'buy').reduce((s, t) => s + t.qty, 0)
      expect(r.trades).toBe(trades.length)
      expect(r.volume).toBeCloseTo(vol, 9)
      expect(r.takerBuyVolume).toBeCloseTo(buy, 9)
      expect(r.delta).toBeCloseTo(2 * buy - vol, 9)
    }
    const last = rows[rows.length - 1]
    expect(last.cvd).toBeCloseTo(
      rows.reduce((s, r) => s + r.delta, 0),
      6,
    )
  })

  it('records the time it was not running and backfills it on restart', async () => {
    const now = simClock()
    const venue = createFakeVenue({ venue: 'binance', now })
    const first = await collect(store, [venue], now, SIM0 + 60 * MIN)
    await sleep(200) // ≈ 66 simulated minutes with nobody collecting
    await collect(store, [createFakeVenue({ venue: 'binance', now })], now, now() + 30 * MIN)
    const restart = store
      .gaps({ venue: 'binance' })
      .filter((g) => g.reason === 'liqheat was not running')
    expect(restart).toHaveLength(1)
    expect(restart[0].to - restart[0].from).toBeGreaterThan(30 * MIN)
    expect(restart[0].filled).toBe(true)
    const end = store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m') ?? 0
    expect(end).toBeGreaterThan(restart[0].to)
    const span = { from: first.from, to: end + MIN, liquidationsFrom: first.liquidationsFrom }
    expect(verifyStore(store.path, { venue: 'binance', symbol: 'BTCUSDT', ...span })).toEqual([])
  })

  it('treats a failing stream as an outage and retries failed backfills', async () => {
    const now = simClock()
    const inner = createFakeVenue({ venue: 'hyperliquid', now })
    let streams = 0
    let backfills = 0
    const flaky: CollectorSource = {
      venue: 'hyperliquid',
      status: () => inner.status(),
      async *stream(opts) {
        streams++
        let n = 0
        for await (const e of inner.stream(opts)) {
          yield e
          if (streams <= 2 && ++n > 200) throw new Error('socket hang up')
        }
      },
      backfill(opts) {
        if (++backfills % 4 === 1) throw new Error('HTTP 502')
        return inner.backfill(opts)
      },
    }
    const { from } = await collect(store, [flaky], now, SIM0 + 200 * MIN)
    expect(streams).toBeGreaterThanOrEqual(3)
    const gaps = store.gaps({ venue: 'hyperliquid' })
    expect(gaps.filter((g) => g.reason.includes('socket hang up'))).toHaveLength(2)
    expect(gaps.every((g) => g.filled)).toBe(true)
    const end = store.getCheckpoint('hyperliquid', 'BTCUSDT', 'bars', '1m') ?? 0
    const span = { from, to: end + MIN, liquidationsFrom: inner.streamStarts[0] }
    expect(verifyStore(store.path, { venue: 'hyperliquid', symbol: 'BTCUSDT', ...span })).toEqual(
      [],
    )
  })
})
