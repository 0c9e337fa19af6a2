import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureLines, waitFor } from '../../../test/fakes/fake-server.ts'
import { FakeHyperliquid } from '../../../test/fakes/hyperliquid.ts'
import { barAt, fundingAt } from '../../../test/fakes/series.ts'
import { createAdapter } from '../registry.ts'
import { consume, count, fakeAdapter, pages, testClock, until } from '../test-helpers.ts'
import type { VenueAdapter } from '../types.ts'
import { eventProblems } from '../validate.ts'

const WS = fixtureLines(new URL('./fixtures/ws.ndjson', import.meta.url))
const T0 = 1780000020000
const M = 60_000
const NOW = T0 + 10 * 86_400_000

let fake: FakeHyperliquid
let clock: ReturnType<typeof testClock>
let adapter: VenueAdapter
let ctrl: AbortController

beforeEach(async () => {
  clock = testClock(T0 + 120_000)
  fake = await new FakeHyperliquid().start()
  adapter = fakeAdapter('hyperliquid', clock, {
    restUrl: fake.url,
    wsUrl: `${fake.wsUrl}/ws`,
  })
  ctrl = new AbortController()
})
afterEach(async () => {
  ctrl.abort()
  await fake.close()
})

describe('hyperliquid adapter against the fake (live)', () => {
  it('normal flow; liquidations reported as unavailable; ping when idle 30 s', async () => {
    const { events } = consume(adapter.stream({ symbols: ['BTCUSDT'], signal: ctrl.signal }))
    await waitFor(() => fake.subscriptions.length === 4, 5000, 'subscriptions')
    expect(fake.subscriptions).toEqual([
      { type: 'trades', coin: 'BTC' },
      { type: 'candle', coin: 'BTC', interval: '1m' },
      { type: 'activeAssetCtx', coin: 'BTC' },
      { type: 'l2Book', coin: 'BTC' },
    ])
    for (const l of WS) fake.send(l)
    await until(
      events,
      (ev) => count(ev, 'bar') === 4 && count(ev, 'book') === 1 && count(ev, 'trade') === 2,
      'all channels',
    )
    for (const e of events) expect(eventProblems(e), JSON.stringify(e)).toEqual([])
    expect(adapter.status().find((s) => s.stream === 'liquidations:BTCUSDT')).toMatchObject({
      state: 'closed',
      note: 'Hyperliquid has no public liquidation feed',
    })
    clock.advance(30_000)
    await waitFor(
      () => fake.sockets[0]?.received.includes('{"method":"ping"}') === true,
      5000,
      'ping',
    )
  })

  it('disconnect mid-stream: resubscribes, a replayed trade batch is dropped', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTC'], channels: ['trades'], signal: ctrl.signal }),
    )
    await waitFor(() => fake.subscriptions.length === 1, 5000, 'subscription')
    fake.send(WS[0])
    await until(events, (ev) => count(ev, 'trade') === 2, 'trades')
    fake.dropAll()
    await waitFor(() => fake.subscriptions.length === 2, 5000, 'resubscription')
    fake.send(WS[0])
    await new Promise((r) => setTimeout(r, 50))
    expect(count(events, 'trade')).toBe(2)
    expect(count(events, 'disconnect')).toBe(1)
    expect(adapter.status()[0]).toMatchObject({ duplicates: 2, reconnects: 1 })
  })
})

describe('hyperliquid liquidations only', () => {
  it('opens no connection, reports why, and ends only when aborted', async () => {
    let ended = false
    const { done } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['liquidations'], signal: ctrl.signal }),
    )
    void done.then(() => (ended = true))
    await new Promise((r) => setTimeout(r, 50))
    expect(ended).toBe(false)
    expect(fake.connections).toBe(0)
    expect(adapter.status()).toEqual([
      {
        venue: 'hyperliquid',
        stream: 'liquidations:BTCUSDT',
        state: 'closed',
        messages: 0,
        reconnects: 0,
        note: 'Hyperliquid has no public liquidation feed',
      },
    ])
    ctrl.abort()
    await done
  })
})

describe('hyperliquid REST against the fake', () => {
  beforeEach(() => {
    clock = testClock(NOW)
    adapter = createAdapter('hyperliquid', {
      restUrl: fake.url,
      now: clock.now,
      sleep: clock.sleep,
      enableRateLimit: false,
    })
  })

  it('candleSnapshot in windows of 500; 429 with Retry-After then recovery', async () => {
    fake.limitNext(1, { status: 429, headers: { 'Retry-After': '3' }, body: 'rate limited' })
    const from = NOW - 1200 * M
    const bars = (
      await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from, to: NOW }))
    ).flat()
    expect(bars.map((b) => ('ts' in b ? b.ts : 0))).toEqual(
      Array.from({ length: 1200 }, (_, i) => from + i * M),
    )
    expect(bars[7]).toMatchObject({ close: barAt(from + 7 * M, M).close })
    expect(clock.sleeps).toEqual([3000])
    expect((fake.hits('/info')[1].body as { req: { coin: string } }).req.coin).toBe('BTC')
  })

  it('hourly funding; no open-interest history', async () => {
    const f = (
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'funding',
          from: NOW - 2 * 86_400_000,
          to: NOW,
        }),
      )
    ).flat()
    expect(f).toHaveLength(48)
    for (const e of f)
      if (e.type === 'funding') expect([e.rate, e.intervalHours]).toEqual([fundingAt(e.ts), 1])
    await expect(
      pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'open_interest', from: NOW - M, to: NOW })),
    ).rejects.toThrow(/no open-interest history/)
  })

  it('markets and tiers from meta (mmr = 1 / 2·maxLeverage, deduction recursion)', async () => {
    expect(await adapter.markets()).toEqual([
      { symbol: 'BTCUSDT', venueSymbol: 'BTC', tickSize: 0.1, contractSize: 1 },
      { symbol: 'ETHUSDT', venueSymbol: 'ETH', tickSize: 0.01, contractSize: 1 },
      { symbol: 'DOGEUSDT', venueSymbol: 'DOGE', tickSize: 0.000001, contractSize: 1 },
    ])
    const t = await adapter.tiers('BTCUSDT')
    expect(t.tiers).toEqual([
      {
        tier: 1,
        floorUsd: 0,
        capUsd: 150_000_000,
        maxLeverage: 40,
        mmr: 0.0125,
        maintAmountUsd: 0,
      },
      {
        tier: 2,
        floorUsd: 150_000_000,
        capUsd: Infinity,
        maxLeverage: 20,
        mmr: 0.025,
        maintAmountUsd: 1_875_000,
      },
    ])
    const doge = await adapter.tiers('DOGE')
    expect(doge.tiers).toEqual([
      { tier: 1, floorUsd: 0, capUsd: Infinity, maxLeverage: 10, mmr: 0.05, maintAmountUsd: 0 },
    ])
  })
})
